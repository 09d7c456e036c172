import ReachAPI
import ReachJSON

/// One client command, `reach RESOURCE VERB`: the API operation it calls. The operation's path
/// parameters are the command's arguments in order; its query parameters are options; any other
/// `--name value` is a field of the request body.
struct ResourceVerb: Sendable {
    let verb: String
    let operation: APIOperation
    let example: String
    /// Body fields the verb always sends: `sequences pause` is the status operation with `status: pause`.
    var preset: [String: JSONValue] = [:]
    /// A body list the arguments after the path's fill: `sequences pause ID1 ID2` sends `sequenceIds`.
    var idsArgument: String?
    /// What the verb does, where the operation's summary says more (or less) than the verb.
    var summary: String?
    /// More help, for a verb that does more than send one request.
    var details: String?

    var description: String { summary ?? operation.summary }
}

/// The client commands by resource, each verb named as a person would say it. The table is the
/// whole of the CLI's knowledge of the API: parameters, help and paths come from the catalog.
enum ResourceCatalog {
    struct Resource: Sendable {
        let name: String
        let summary: String
        let verbs: [ResourceVerb]
    }

    static func verb(_ verb: String, _ operation: APIOperation, _ example: String) -> ResourceVerb {
        ResourceVerb(verb: verb, operation: operation, example: example)
    }

    static let resources: [Resource] = [
        Resource(name: "prospects", summary: "Prospects, their tags, attributes, imports and unsubscribes", verbs: [
            verb("list", ProspectsAPI.list, "reach prospects list --search ann --pageSize 50"),
            verb("get", ProspectsAPI.get, "reach prospects get PROSPECT_ID"),
            verb("create", ProspectsAPI.create, #"reach prospects create --data '{"email":"ann@acme.io","First Name":"Ann"}'"#),
            verb("update", ProspectsAPI.update, #"reach prospects update PROSPECT_ID --data '{"Company":"Acme"}'"#),
            verb("delete", ProspectsAPI.delete, "reach prospects delete PROSPECT_ID"),
            verb("bulk-delete", ProspectsAPI.bulkDelete, #"reach prospects bulk-delete --prospectIds '["ID1","ID2"]'"#),
            ResourceVerb(
                verb: "import", operation: ProspectsAPI.importWithFieldNames,
                example: "reach prospects import people.csv --map 'Email=work_email,First Name=given' --tag webinar",
                summary: "Import prospects from a CSV file (or a JSON body with --data)",
                details: """
                    FROM A CSV FILE (reach prospects import FILE.csv, or - for standard input):
                      --map "FIELD=column,..."  a Reach field label for a CSV column; other columns keep their header
                      --tag NAME                tags every imported prospect (repeatable)
                      --sequence ID --step ID   enrols them at that step of the sequence
                      --conflict ACTION         noUpdate (default), upsert, overwrite or addMissingFields
                      --verify true             asks for email verification
                      --batch N                 rows per request, up to 100000 (the default)
                    Waits for every request's import to finish and prints the counts and the reports of skipped rows.
                    """),
            verb("import-status", ProspectsAPI.importStatus, "reach prospects import-status REQUEST_ID"),
            verb("import-report", ProspectsAPI.importReport, "reach prospects import-report REQUEST_ID"),
            verb("fields", FieldsAPI.list, "reach prospects fields"),
            verb("tags", ProspectsAPI.listTags, "reach prospects tags"),
            verb("tag", ProspectsAPI.assignTags, #"reach prospects tag --prospectIds '["ID"]' --tags '["hot"]'"#),
            verb("untag", ProspectsAPI.unassignTags, #"reach prospects untag --prospectIds '["ID"]' --tagIds '["TAG_ID"]'"#),
            verb("delete-tag", ProspectsAPI.deleteTag, "reach prospects delete-tag TAG_ID"),
            verb("attributes", ProspectsAPI.getAttribute, "reach prospects attributes --prospectId ID"),
            verb("set-attributes", ProspectsAPI.upsertAttributes, #"reach prospects set-attributes ID --data '{"attributes":[...]}'"#),
            verb("sequences", ProspectsAPI.sequences, "reach prospects sequences PROSPECT_ID"),
            verb("notes", ProspectsAPI.notes, "reach prospects notes PROSPECT_ID"),
            verb("verification", ProspectsAPI.verificationStatus, #"reach prospects verification --prospectIds '["ID"]'"#),
            verb("unsubscribe", ProspectsAPI.unsubscribe, #"reach prospects unsubscribe --prospectIds '["ID"]'"#),
            verb("status", ProspectsAPI.updateStatus, "reach prospects status --data @status.json"),
        ]),
        Resource(name: "fields", summary: "Custom fields", verbs: [
            verb("list", FieldsAPI.list, "reach fields list"),
            verb("create", FieldsAPI.create, "reach fields create --label 'Lead Score' --fieldType number"),
            verb("update", FieldsAPI.update, "reach fields update FIELD_ID --label 'Score'"),
        ]),
        Resource(name: "notes", summary: "Notes on prospects", verbs: [
            verb("create", NotesAPI.create, "reach notes create --prospectId ID --content 'Called, back Monday'"),
            verb("update", NotesAPI.update, "reach notes update NOTE_ID --content 'Moved to Tuesday'"),
        ]),
        Resource(name: "dnc", summary: "Do Not Contact lists and blocked domains", verbs: [
            verb("lists", DoNotContactAPI.lists, "reach dnc lists"),
            verb("items", DoNotContactAPI.items, "reach dnc items LIST_ID"),
            verb("search", DoNotContactAPI.searchItems, "reach dnc search --search acme.io"),
            verb("add", DoNotContactAPI.addItems, "reach dnc add --data @entries.json"),
            verb("create-list", DoNotContactAPI.createList, "reach dnc create-list --name Competitors"),
            verb("rename-list", DoNotContactAPI.renameList, "reach dnc rename-list LIST_ID --name Rivals"),
            verb("delete-list", DoNotContactAPI.deleteList, "reach dnc delete-list LIST_ID"),
            verb("remove", DoNotContactAPI.removeItems, #"reach dnc remove LIST_ID --itemIds '["ITEM"]'"#),
            verb("block-domains", DoNotContactAPI.blockDomains, #"reach dnc block-domains --domains '["rival.com"]'"#),
            verb("blocked-domains", DoNotContactAPI.blockedDomains, "reach dnc blocked-domains"),
            verb("unblock-domain", DoNotContactAPI.unblockDomain, "reach dnc unblock-domain rival.com"),
        ]),
        Resource(name: "schedules", summary: "Sending schedules", verbs: [
            verb("list", SchedulesAPI.list, "reach schedules list"),
            verb("create", SchedulesAPI.create, "reach schedules create --data @schedule.json"),
        ]),
        Resource(name: "sequences", summary: "Sequences, their prospects, settings, mailboxes and stats", verbs: [
            verb("list", SequencesAPI.list, "reach sequences list"),
            verb("get", SequencesAPI.get, "reach sequences get SEQUENCE_ID"),
            verb("create", SequencesAPI.create, "reach sequences create --title 'Q3 outbound'"),
            verb("rename", SequencesAPI.rename, "reach sequences rename SEQUENCE_ID --title 'Q4 outbound'"),
            verb("delete", SequencesAPI.delete, "reach sequences delete SEQUENCE_ID"),
            verb("clone", SequencesAPI.clone, "reach sequences clone SEQUENCE_ID"),
            verb("settings", SequencesAPI.settings, "reach sequences settings SEQUENCE_ID"),
            verb("update-settings", SequencesAPI.updateSettings, "reach sequences update-settings SEQUENCE_ID --data @settings.json"),
            verb("schedule", SequencesAPI.changeSchedule, "reach sequences schedule SEQUENCE_ID --scheduleId SCHEDULE_ID"),
            ResourceVerb(verb: "pause", operation: SequencesAPI.changeStatus, example: "reach sequences pause SEQUENCE_ID [SEQUENCE_ID ...]", preset: ["status": "pause"], idsArgument: "sequenceIds", summary: "Pause sequences"),
            ResourceVerb(verb: "resume", operation: SequencesAPI.changeStatus, example: "reach sequences resume SEQUENCE_ID [SEQUENCE_ID ...]", preset: ["status": "resume"], idsArgument: "sequenceIds", summary: "Resume sequences (each needs an active mailbox)"),
            verb("priority", SequencesAPI.priorityDistribution, "reach sequences priority SEQUENCE_ID --data @priority.json"),
            verb("enrol", SequencesAPI.addContacts, #"reach sequences enrol SEQUENCE_ID --contactIds '["PROSPECT_ID"]' --stepId STEP_ID"#),
            verb("import", SequencesAPI.importIntoStep, "reach sequences import --data @prospects.json"),
            verb("outcome", SequencesAPI.updateOutcome, "reach sequences outcome --data @outcome.json"),
            verb("verify", SequencesAPI.verifyProspects, "reach sequences verify SEQUENCE_ID"),
            verb("next-step", NextStepAPI.get, "reach sequences next-step SEQUENCE_ID PROSPECT_ID"),
            verb("mailboxes", SequenceMailboxesAPI.list, "reach sequences mailboxes SEQUENCE_ID"),
            verb("add-mailboxes", SequenceMailboxesAPI.add, #"reach sequences add-mailboxes SEQUENCE_ID --emailAccountIds '["ID"]'"#),
            verb("remove-mailboxes", SequenceMailboxesAPI.remove, #"reach sequences remove-mailboxes SEQUENCE_ID --emailAccountIds '["ID"]'"#),
            verb("test-email", SequenceMailboxesAPI.testEmail, "reach sequences test-email SEQUENCE_ID --data @test.json"),
            verb("stats", AnalyticsAPI.stats, "reach sequences stats --sequenceId SEQUENCE_ID"),
        ]),
        Resource(name: "steps", summary: "A sequence's steps and their variants", verbs: [
            verb("list", SequenceStepsAPI.list, "reach steps list SEQUENCE_ID"),
            verb("get", SequenceStepsAPI.get, "reach steps get SEQUENCE_ID STEP_ID"),
            verb("create", SequenceStepsAPI.create, "reach steps create SEQUENCE_ID --data @step.json"),
            verb("delete", SequenceStepsAPI.deleteStep, "reach steps delete SEQUENCE_ID STEP_ID"),
            verb("preview", SequenceStepsAPI.preview, "reach steps preview SEQUENCE_ID STEP_ID --prospectId ID"),
        ]),
        Resource(name: "variants", summary: "The A/B…Z variants of an email step", verbs: [
            verb("add", SequenceStepsAPI.addVariant, "reach variants add SEQUENCE_ID STEP_ID --data @variant.json"),
            verb("update", SequenceStepsAPI.updateVariant, "reach variants update SEQUENCE_ID STEP_ID VARIANT_ID --data @variant.json"),
            verb("delete", SequenceStepsAPI.deleteVariant, "reach variants delete SEQUENCE_ID STEP_ID VARIANT_ID"),
        ]),
        Resource(name: "subsequences", summary: "Subsequences that prospects move to on a reply outcome", verbs: [
            verb("list", SubsequencesAPI.list, "reach subsequences list SEQUENCE_ID"),
            verb("create", SubsequencesAPI.create, "reach subsequences create SEQUENCE_ID --data @subsequence.json"),
            verb("settings", SubsequencesAPI.settings, "reach subsequences settings SUBSEQUENCE_ID"),
            verb("update", SubsequencesAPI.update, "reach subsequences update SEQUENCE_ID SUBSEQUENCE_ID --data @changes.json"),
        ]),
        Resource(name: "email-accounts", summary: "Mailboxes that send and receive", verbs: [
            verb("list", EmailAccountsAPI.list, "reach email-accounts list"),
            verb("get", EmailAccountsAPI.get, "reach email-accounts get EMAIL_ACCOUNT_ID"),
            verb("connect", EmailAccountsAPI.connectOne, "reach email-accounts connect --data @mailbox.json"),
            verb("connect-many", EmailAccountsAPI.connect, "reach email-accounts connect-many --data @mailboxes.json"),
            verb("connect-status", EmailAccountsAPI.connectStatus, "reach email-accounts connect-status REQUEST_ID"),
            verb("connect-report", EmailAccountsAPI.connectReport, "reach email-accounts connect-report REQUEST_ID"),
            verb("reconnect", EmailAccountsAPI.reconnect, "reach email-accounts reconnect --data @mailbox.json"),
            verb("update", EmailAccountsAPI.bulkUpdate, "reach email-accounts update --data @settings.json"),
            verb("pause", EmailAccountsAPI.pause, "reach email-accounts pause EMAIL_ACCOUNT_ID"),
            verb("resume", EmailAccountsAPI.resume, "reach email-accounts resume EMAIL_ACCOUNT_ID"),
            verb("health", EmailAccountsAPI.health, "reach email-accounts health EMAIL_ACCOUNT_ID"),
            verb("delete", EmailAccountsAPI.delete, "reach email-accounts delete EMAIL_ACCOUNT_ID"),
        ]),
        Resource(name: "tasks", summary: "Calls, LinkedIn, WhatsApp and custom steps to do by hand", verbs: [
            verb("list", TasksAPI.list, "reach tasks list --status 1"),
            verb("get", TasksAPI.get, "reach tasks get TASK_ID"),
            verb("counts", TasksAPI.counts, "reach tasks counts"),
            verb("assignees", TasksAPI.assignees, "reach tasks assignees"),
            verb("create", TasksAPI.create, "reach tasks create --data @task.json"),
            verb("complete", TasksAPI.complete, "reach tasks complete TASK_ID"),
            verb("skip", TasksAPI.skip, "reach tasks skip TASK_ID"),
            verb("snooze", TasksAPI.snooze, "reach tasks snooze TASK_ID --data @until.json"),
            verb("note", TasksAPI.updateNote, "reach tasks note TASK_ID --note 'Left a voicemail'"),
            verb("update", TasksAPI.update, "reach tasks update TASK_ID --data @changes.json"),
            verb("delete", TasksAPI.delete, "reach tasks delete TASK_ID"),
            verb("bulk-complete", TasksAPI.bulkComplete, "reach tasks bulk-complete --data @tasks.json"),
            verb("bulk-skip", TasksAPI.bulkSkip, "reach tasks bulk-skip --data @tasks.json"),
            verb("bulk-snooze", TasksAPI.bulkSnooze, "reach tasks bulk-snooze --data @tasks.json"),
            verb("bulk-status", TasksAPI.bulkStatus, "reach tasks bulk-status BULK_ACTION_ID"),
            verb("bulk-report", TasksAPI.bulkReport, "reach tasks bulk-report BULK_ACTION_ID"),
        ]),
        Resource(name: "inbox", summary: "The unified inbox: threads, replies, outcomes", verbs: [
            verb("list", InboxAPI.list, "reach inbox list"),
            verb("show", InboxAPI.thread, "reach inbox show THREAD_ID"),
            verb("email", InboxAPI.email, "reach inbox email THREAD_ID EMAIL_ID"),
            verb("reply", InboxAPI.reply, "reach inbox reply --data @reply.json"),
            verb("unread", InboxAPI.unreadCount, "reach inbox unread"),
            verb("outcomes", InboxAPI.outcomes, "reach inbox outcomes"),
            verb("categories", InboxAPI.categories, "reach inbox categories"),
            verb("update", InboxAPI.updateThread, "reach inbox update THREAD_ID --data @changes.json"),
            verb("classify", InboxAPI.classify, "reach inbox classify THREAD_ID EMAIL_ID --data @classification.json"),
        ]),
        Resource(name: "analytics", summary: "Sequence, mailbox and team reports", verbs: [
            verb("stats", AnalyticsAPI.stats, "reach analytics stats --sequenceId SEQUENCE_ID"),
            verb("consolidated", AnalyticsAPI.consolidated, "reach analytics consolidated --data @range.json"),
            verb("team", AnalyticsAPI.team, "reach analytics team --data @range.json"),
            verb("mailbox", AnalyticsAPI.mailbox, "reach analytics mailbox --emailAccountId ID"),
            verb("export", AnalyticsAPI.export, "reach analytics export --data @range.json"),
        ]),
        Resource(name: "webhooks", summary: "Signed webhooks and their delivery log", verbs: [
            verb("list", WebhooksAPI.list, "reach webhooks list"),
            verb("get", WebhooksAPI.get, "reach webhooks get WEBHOOK_ID"),
            verb("create", WebhooksAPI.create, #"reach webhooks create --name CRM --url https://crm.example/hook --events '["reply-received"]'"#),
            verb("update", WebhooksAPI.update, "reach webhooks update WEBHOOK_ID --status paused"),
            verb("delete", WebhooksAPI.delete, "reach webhooks delete WEBHOOK_ID"),
            verb("test", WebhooksAPI.test, "reach webhooks test WEBHOOK_ID"),
            verb("deliveries", WebhooksAPI.deliveries, "reach webhooks deliveries WEBHOOK_ID"),
        ]),
        Resource(name: "enrichment", summary: "Contact and company enrichment jobs, rate limits and credits", verbs: [
            verb("contacts", EnrichmentAPI.enrichContact, #"reach enrichment contacts --lead_id '["PROSPECT_ID"]'"#),
            verb("companies", EnrichmentAPI.enrichCompany, #"reach enrichment companies --company_domain '["acme.com"]'"#),
            verb("status", EnrichmentAPI.jobStatus, "reach enrichment status REQUEST_ID"),
            verb("result", EnrichmentAPI.jobResult, "reach enrichment result REQUEST_ID"),
            verb("limits", EnrichmentAPI.rateLimits, "reach enrichment limits"),
            verb("credits", EnrichmentAPI.credits, "reach enrichment credits"),
        ]),
        Resource(name: "search", summary: "Search the account's prospects and their companies", verbs: [
            verb("people", SearchAPI.people, #"reach search people --job_title '{"includes":["sales"]}'"#),
            verb("companies", SearchAPI.companies, #"reach search companies --company_industry '{"includes":["software"]}'"#),
            verb("filters", SearchAPI.filters, "reach search filters"),
        ]),
        Resource(name: "events", summary: "The replayable event feed", verbs: [
            verb("list", EventsAPI.list, "reach events list --after CURSOR --type reply-received"),
        ]),
        Resource(name: "clients", summary: "Agency clients", verbs: [
            verb("list", ClientsAPI.list, "reach clients list"),
            verb("create", ClientsAPI.create, "reach clients create --data @client.json"),
            verb("assign", ClientsAPI.assign, "reach clients assign sequence --data @assignment.json"),
        ]),
        Resource(name: "team", summary: "The account's users", verbs: [
            verb("members", TeamAPI.memberList, "reach team members"),
        ]),
    ]

    static func resource(named name: String) -> Resource? {
        resources.first { $0.name == name }
    }
}
