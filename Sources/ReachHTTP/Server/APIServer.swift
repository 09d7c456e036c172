import Hummingbird
import ReachAPI
import ReachCore

/// Builds the HTTP router of Reach: every operation of `APICatalog` with its handler.
public enum APIServer {
    public static func makeRouter(services: APIServices) -> (router: Router<ReachRequestContext>, operations: [APIOperation]) {
        var router = APIRouter(services: services)
        SystemRoutes(services: services).register(on: &router)
        TeamRoutes(accounts: services.accounts).register(on: &router)
        ClientRoutes(clients: services.clients).register(on: &router)
        ProspectRoutes(prospects: services.prospects, verification: services.verification).register(on: &router)
        ImportRoutes(importer: services.importer, enrolments: services.enrolments, linkSigner: services.linkSigner, publicURL: services.publicURL, clock: services.clock)
            .register(on: &router)
        FieldRoutes(fields: services.fields).register(on: &router)
        NoteRoutes(notes: services.notes).register(on: &router)
        DoNotContactRoutes(doNotContact: services.doNotContact).register(on: &router)
        ScheduleRoutes(sequences: services.sequences).register(on: &router)
        SequenceRoutes(sequences: services.sequences, verification: services.verification).register(on: &router)
        EnrolmentRoutes(enrolments: services.enrolments).register(on: &router)
        SubsequenceRoutes(sequences: services.sequences).register(on: &router)
        let emailLinks = EmailLinks(publicURL: services.publicURL, signer: services.linkSigner, codec: services.codec)
        SequenceStepRoutes(sequences: services.sequences, emailLinks: emailLinks).register(on: &router)
        UnsubscribeRoutes(engagement: services.engagement, links: emailLinks, clock: services.clock).register(on: &router)
        TaskRoutes(tasks: services.tasks).register(on: &router)
        InboxRoutes(inbox: services.inbox).register(on: &router)
        WebhookRoutes(webhooks: services.webhooks).register(on: &router)
        EventRoutes(events: services.events).register(on: &router)
        AnalyticsRoutes(analytics: services.analytics).register(on: &router)
        NextStepRoutes(sending: services.sending).register(on: &router)
        TaskBulkRoutes(tasks: services.tasks, linkSigner: services.linkSigner, publicURL: services.publicURL, clock: services.clock).register(on: &router)
        TrackingRoutes(engagement: services.engagement, links: emailLinks, clock: services.clock).register(on: &router)
        EmailAccountRoutes(emailAccounts: services.emailAccounts, linkSigner: services.linkSigner, publicURL: services.publicURL, clock: services.clock)
            .register(on: &router)
        SequenceMailboxRoutes(sequenceMailboxes: services.sequenceMailboxes, emailAccounts: services.emailAccounts, clock: services.clock).register(on: &router)
        MCPRoutes(endpoint: services.mcp, apiKeys: services.apiKeys).register(on: &router)
        LeadFinderRoutes().register(on: &router)
        EnrichmentRoutes(enrichment: services.enrichment).register(on: &router)
        SearchRoutes(search: services.search).register(on: &router)
        return (router.router, router.registered)
    }
}
