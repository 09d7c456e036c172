import Prometheus
import ReachCore

/// Everything the HTTP edge calls into, built by the composition root.
public struct APIServices: Sendable {
    public var accounts: AccountService
    public var apiKeys: APIKeyService
    public var clients: ClientService
    public var fields: FieldService
    public var prospects: ProspectService
    public var importer: ProspectImporter
    public var notes: NoteService
    public var doNotContact: DoNotContactService
    public var sequences: SequenceService
    public var enrolments: EnrolmentService
    public var emailAccounts: EmailAccountService
    public var sequenceMailboxes: SequenceMailboxService
    public var sending: SendingEngine
    public var engagement: EngagementService
    public var tasks: TaskService
    public var inbox: InboxService
    /// Reads the mailboxes for replies; the HTTP edge runs it on demand in the sandbox.
    public var replies: ReplyPoller
    public var replyWatch: ReplyWatch
    public var webhooks: WebhookService
    /// Posts due webhook deliveries; the server's worker runs it, tests call it directly.
    public var webhookDelivery: WebhookDelivery
    public var events: EventFeedService
    public var analytics: AnalyticsService
    public var verification: VerificationService
    public var enrichment: EnrichmentService
    public var search: ProspectSearch
    public var codec: PublicIDCodec
    public var linkSigner: LinkSigner
    /// How clients reach this server, for links Reach hands out (e.g. `https://reach.example.com`).
    public var publicURL: String
    public var clock: any WallClock
    public var health: any HealthProbe
    public var metrics: PrometheusCollectorRegistry
    public var rateLimit: RateLimitPolicy
    /// MCP over HTTP, when the server offers it (the composition root provides it).
    public var mcp: (any MCPEndpoint)?

    public init(
        accounts: AccountService, apiKeys: APIKeyService, clients: ClientService, fields: FieldService, prospects: ProspectService,
        importer: ProspectImporter, notes: NoteService, doNotContact: DoNotContactService, sequences: SequenceService, enrolments: EnrolmentService,
        emailAccounts: EmailAccountService, sequenceMailboxes: SequenceMailboxService, sending: SendingEngine, engagement: EngagementService, tasks: TaskService,
        inbox: InboxService, replies: ReplyPoller, replyWatch: ReplyWatch, webhooks: WebhookService, webhookDelivery: WebhookDelivery,
        events: EventFeedService, analytics: AnalyticsService, verification: VerificationService, enrichment: EnrichmentService, search: ProspectSearch, codec: PublicIDCodec, linkSigner: LinkSigner,
        publicURL: String, clock: any WallClock, health: any HealthProbe, metrics: PrometheusCollectorRegistry, rateLimit: RateLimitPolicy
    ) {
        self.accounts = accounts
        self.apiKeys = apiKeys
        self.clients = clients
        self.fields = fields
        self.prospects = prospects
        self.importer = importer
        self.notes = notes
        self.doNotContact = doNotContact
        self.sequences = sequences
        self.enrolments = enrolments
        self.emailAccounts = emailAccounts
        self.sequenceMailboxes = sequenceMailboxes
        self.sending = sending
        self.engagement = engagement
        self.tasks = tasks
        self.inbox = inbox
        self.replies = replies
        self.replyWatch = replyWatch
        self.webhooks = webhooks
        self.webhookDelivery = webhookDelivery
        self.events = events
        self.analytics = analytics
        self.verification = verification
        self.enrichment = enrichment
        self.search = search
        self.codec = codec
        self.linkSigner = linkSigner
        self.publicURL = publicURL
        self.clock = clock
        self.health = health
        self.metrics = metrics
        self.rateLimit = rateLimit
    }
}

/// Tells `/healthz` whether the database answers.
public protocol HealthProbe: Sendable {
    /// `sqlite` or `postgresql`.
    var databaseName: String { get }
    func checkDatabase() async throws
}
