import Foundation
import ReachAPI

/// Every tool `reach mcp` offers. Saleshandy's names first (reference §22.3), then Reach's own
/// for its extensions. A tool whose operation the server lacks is simply not listed: the
/// catalog only names operations of `APICatalog`.
enum ToolCatalog {
    static func read(_ name: String, _ operation: APIOperation, _ guidance: String? = nil) -> ReachTool {
        ReachTool(name: name, operation: operation, effect: .read, guidance: guidance)
    }

    static func write(_ name: String, _ operation: APIOperation, _ guidance: String? = nil) -> ReachTool {
        ReachTool(name: name, operation: operation, effect: .write, guidance: guidance)
    }

    static func careful(_ name: String, _ operation: APIOperation, destructive: Bool, _ guidance: String? = nil) -> ReachTool {
        ReachTool(name: name, operation: operation, effect: .needsConfirmation(destructive: destructive), guidance: guidance)
    }

    static let tools: [ReachTool] = [
        // Sequences
        read("list_sequences", SequencesAPI.list),
        write("create_sequence", SequencesAPI.create, "The new sequence is paused: it sends nothing until resumed with an active email account attached."),
        read("get_sequence_settings", SequencesAPI.settings),
        write("update_sequence_settings", SequencesAPI.updateSettings),
        write("update_sequence_priority_distribution", SequencesAPI.priorityDistribution),
        careful("update_sequence_status", SequencesAPI.changeStatus, destructive: false,
            "Resuming starts sending email to real people."),
        write("update_sequence_schedule", SequencesAPI.changeSchedule),
        careful("delete_sequence", SequencesAPI.delete, destructive: true, "Deletes the sequence, its steps and its enrolments."),
        read("list_sequence_steps", SequenceStepsAPI.list),
        write("add_sequence_step", SequenceStepsAPI.create,
            "type is Email, LinkedInConnectionRequest, Call, WhatsApp, CustomTask, ... (or its number); email steps carry variants with payload.subject and payload.content (HTML, merge tags like {{First Name|there}})."),
        write("add_step_variant", SequenceStepsAPI.addVariant),
        write("update_step_variant", SequenceStepsAPI.updateVariant),
        careful("delete_step", SequenceStepsAPI.deleteStep, destructive: true),
        read("list_sequence_email_accounts", SequenceMailboxesAPI.list),
        write("add_email_accounts_to_sequence", SequenceMailboxesAPI.add),
        write("remove_email_accounts_from_sequence", SequenceMailboxesAPI.remove),
        careful("import_prospects_to_sequence_step", SequencesAPI.importIntoStep, destructive: false,
            "Enrols every prospect: an active sequence starts writing to them. Asynchronous: answers with a requestId; poll check_prospect_import_status until isCompleted."),
        careful("add_prospects_to_sequence", SequencesAPI.addContacts, destructive: false,
            "Enrols the prospects: an active sequence starts writing to them."),
        read("get_sequence_stats", AnalyticsAPI.stats),
        read("get_consolidated_stats", AnalyticsAPI.consolidated),
        // Prospects
        careful("import_prospects_with_field_name", ProspectsAPI.importWithFieldNames, destructive: true,
            "Up to 100,000 prospects at once; conflictAction overwrite replaces stored values. Asynchronous: answers with a requestId; poll check_prospect_import_status until isCompleted."),
        read("check_prospect_import_status", ProspectsAPI.importStatus),
        read("list_fields", FieldsAPI.list),
        // Email accounts and schedules
        read("list_email_accounts", EmailAccountsAPI.list),
        read("get_email_account_stats", AnalyticsAPI.mailbox),
        read("list_schedules", SchedulesAPI.list),
        write("create_schedule", SchedulesAPI.create),
        // Tasks
        read("list_tasks", TasksAPI.list),
        read("get_task_by_id", TasksAPI.get),
        read("get_task_counts", TasksAPI.counts),
        read("get_task_assignee_list", TasksAPI.assignees),
        write("complete_task", TasksAPI.complete),
        write("skip_task", TasksAPI.skip),
        write("snooze_task", TasksAPI.snooze),
        write("update_task_note", TasksAPI.updateNote),
        careful("bulk_skip_tasks", TasksAPI.bulkSkip, destructive: false),
        careful("bulk_snooze_tasks", TasksAPI.bulkSnooze, destructive: false),
        read("get_bulk_task_status", TasksAPI.bulkStatus),
        // Unified inbox
        read("get_email_list", InboxAPI.list),
        read("get_email_thread", InboxAPI.thread),
        read("get_email_content", InboxAPI.email),
        read("get_unread_email_threads_count", InboxAPI.unreadCount),
        read("get_outcomes", InboxAPI.outcomes),
        careful("reply_to_email", InboxAPI.reply, destructive: false, "Sends an email to a real person."),
        // Enrichment
        write("enrich_contacts", EnrichmentAPI.enrichContact,
            "Asynchronous: answers with a requestId; poll get_enrichment_status, then read get_enrichment_result. lead_id takes prospect ids. Every value found comes with its source."),
        write("enrich_companies", EnrichmentAPI.enrichCompany,
            "Asynchronous: answers with a requestId; poll get_enrichment_status, then read get_enrichment_result."),
        read("get_enrichment_status", EnrichmentAPI.jobStatus),
        read("get_enrichment_result", EnrichmentAPI.jobResult),
        read("get_enrichment_rate_limits", EnrichmentAPI.rateLimits),
        read("get_credits", EnrichmentAPI.credits),
        read("search_people", SearchAPI.people,
            "Searches the account's own prospects (not a database of people); filters like job_title take {includes, excludes}. list_search_filters says which filters exist."),
        read("search_companies", SearchAPI.companies, "The companies the account's prospects work at, largest first."),
        read("list_search_filters", SearchAPI.filters),
        // Do Not Contact and clients
        read("list_dnc_lists", DoNotContactAPI.lists),
        read("get_dnc_items_by_id", DoNotContactAPI.items),
        read("search_dnc_item", DoNotContactAPI.searchItems),
        write("create_dnc_list", DoNotContactAPI.createList),
        careful("add_dnc_items", DoNotContactAPI.addItems, destructive: false, "Up to 10,000 entries: matching prospects are never written to again."),
        read("list_clients", ClientsAPI.list),
        // Reach's own
        read("list_prospects", ProspectsAPI.list),
        read("get_prospect", ProspectsAPI.get),
        read("get_next_step", NextStepAPI.get, "Why and when this prospect gets their next email in this sequence, or why not."),
        read("list_events", EventsAPI.list,
            "The replayable event feed: pass the previous answer's nextCursor as after to read on; nothing is missed or repeated."),
        read("list_webhooks", WebhooksAPI.list),
        write("verify_sequence_prospects", SequencesAPI.verifyProspects,
            "Queues email verification of the sequence's unverified prospects; read the verdicts with get_verification_status."),
        read("get_verification_status", ProspectsAPI.verificationStatus,
            "Each address's verdict (valid, invalid, risky, unknown) with the reasons, when it was reached and whether one is pending."),
    ]

    /// The tools the server behind `serverURL` can answer: Saleshandy's cloud lacks Reach's
    /// extensions, so against it they are not offered.
    static func tools(for serverURL: String) -> [ReachTool] {
        let host = URLComponents(string: serverURL)?.host?.lowercased() ?? ""
        let isSaleshandy = host == "saleshandy.com" || host.hasSuffix(".saleshandy.com")
        return isSaleshandy ? tools.filter { !$0.operation.isExtension } : tools
    }
}
