import Foundation
import Logging
import Prometheus
import ReachCore
import ReachEngine
import ReachHTTP
import ReachMail
import ReachStorage

/// The composition root: the one place that knows every concrete store and service.
public struct ReachServices: Sendable {
    public var api: APIServices
    /// The background job workers that run beside the HTTP server.
    public let workers: [QueueWorker]
    /// The loop that sends sequences.
    public let sender: QueueWorker
    /// The loop that reads mailboxes for replies and bounces.
    public let replyReader: QueueWorker
    /// The IDLE connections that wake it when mail arrives.
    public let replyWatch: ReplyWatchService
    /// The loop that posts events to webhooks.
    public let webhookSender: QueueWorker

    public struct Settings: Sendable {
        public var dataDirectory: URL
        public var secret: [UInt8]
        public var publicURL: String
        public var rateLimit: RateLimitPolicy
        public var mail: MailSettings
        public var enrichment: EnrichmentSettings
        /// How long a webhook receiver has to answer a delivery.
        public var webhookTimeout: Duration

        public init(
            dataDirectory: URL, secret: [UInt8], publicURL: String, rateLimit: RateLimitPolicy, mail: MailSettings = MailSettings(),
            enrichment: EnrichmentSettings = EnrichmentSettings(), webhookTimeout: Duration = .seconds(10)
        ) {
            self.dataDirectory = dataDirectory
            self.secret = secret
            self.publicURL = publicURL
            self.rateLimit = rateLimit
            self.mail = mail
            self.enrichment = enrichment
            self.webhookTimeout = webhookTimeout
        }
    }

    /// Every service over the SQL stores of `database`.
    public static func build(
        database: any DatabaseBackend, settings: Settings, clock: any WallClock = SystemClock(),
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger
    ) async throws -> ReachServices {
        let accountStore = SQLAccountStore(database: database)
        let fieldStore = SQLFieldStore(database: database)
        let prospectStore = SQLProspectStore(database: database)
        let clientStore = SQLClientStore(database: database)
        let attachmentStore = SQLAttachmentStore(database: database, directory: settings.dataDirectory.appendingPathComponent("attachments"))
        let sequenceStore = SQLSequenceStore(database: database)
        let doNotContactStore = SQLDoNotContactStore(database: database)
        let notifier = WorkNotifier()
        let mail = MailConnections(
            tls: try settings.mail.caFile.map { try MailTLS(additionalRootsFile: $0) } ?? .system,
            resolver: settings.mail.dnsServers.isEmpty ? .system() : DNSResolver(servers: settings.mail.dnsServers),
            dkimKeys: DKIMKeyDirectory(directory: settings.dataDirectory.appendingPathComponent("dkim")),
            clientName: settings.mail.heloName, logger: Logger(label: "reach.mail"))
        let secrets = SecretBox(secret: settings.secret)
        let codec = try await PublicIDCodec.load(from: SQLSettingsStore(database: database))
        let linkSigner = LinkSigner(secret: settings.secret)
        let subsequences = SubsequenceRouter(
            store: SQLSubsequenceStore(database: database), sequences: sequenceStore, schedules: SQLScheduleStore(database: database), clock: clock)
        let sending = SendingEngine(
            store: SQLSendingStore(database: database), sequences: sequenceStore, schedules: SQLScheduleStore(database: database),
            mailboxes: SQLEmailAccountStore(database: database), prospects: prospectStore, fields: fieldStore, doNotContact: doNotContactStore,
            tasks: SQLTaskStore(database: database), subsequences: subsequences, transport: SMTPMailTransport(connections: mail), secrets: secrets,
            links: EmailLinks(publicURL: settings.publicURL, signer: linkSigner, codec: codec), clock: clock)
        let emailAccountStore = SQLEmailAccountStore(database: database)
        let emailAccounts = EmailAccountService(
            store: emailAccountStore, clients: clientStore, accounts: accountStore, probe: ServerMailboxProbe(connections: mail),
            inspector: DNSDomainInspector(connections: mail), secrets: secrets, signal: notifier, clock: clock)
        let importer = ProspectImporter(
            imports: SQLImportStore(database: database), fields: fieldStore, prospects: prospectStore, clock: clock, signal: notifier)
        let tasks = TaskService(
            tasks: SQLTaskStore(database: database), prospects: prospectStore, sequences: sequenceStore, schedules: SQLScheduleStore(database: database),
            events: SQLSendingStore(database: database), accounts: accountStore, bulk: SQLTaskBulkStore(database: database), signal: notifier, clock: clock)
        let enrolmentService = EnrolmentService(
            enrolments: SQLEnrolmentStore(database: database), sequences: sequenceStore, prospects: prospectStore,
            doNotContact: doNotContactStore, tasks: SQLTaskStore(database: database), events: SQLSendingStore(database: database), subsequences: subsequences, clock: clock)
        let inboxStore = SQLInboxStore(database: database)
        let replyService = ReplyService(
            inbox: inboxStore, enrolments: SQLEnrolmentStore(database: database), enrolmentService: enrolmentService, sequences: sequenceStore,
            prospects: prospectStore, events: SQLSendingStore(database: database), clock: clock)
        let replyNotifier = WorkNotifier()
        let replyWatch = ReplyWatch(
            sync: SQLMailboxSyncStore(database: database), mailboxes: emailAccountStore, watcher: IMAPMailboxWatcher(connections: mail), secrets: secrets,
            folders: settings.mail.replies.folders, limit: settings.mail.replies.watched, signal: replyNotifier, clock: clock)
        let replies = ReplyPoller(
            sync: SQLMailboxSyncStore(database: database), mailboxes: emailAccountStore, reader: IMAPMailboxReader(connections: mail),
            replies: replyService, secrets: secrets, settings: settings.mail.replies, clock: clock)
        let inbox = InboxService(
            inbox: inboxStore, emailAccounts: emailAccountStore, sending: SQLSendingStore(database: database),
            enrolments: SQLEnrolmentStore(database: database), enrolmentService: enrolmentService, replies: replyService,
            transport: SMTPMailTransport(connections: mail), secrets: secrets, clock: clock)
        let webhookDelivery = WebhookDelivery(
            store: SQLWebhookStore(database: database), prospects: prospectStore, fields: fieldStore, events: SQLSendingStore(database: database),
            transport: HTTPWebhookTransport(), secrets: secrets, codec: codec, clock: clock, timeout: settings.webhookTimeout)
        let verificationLists = try VerificationLists.load(adding: settings.dataDirectory.appendingPathComponent("verification"))
        let verifier = EmailVerifier(
            lists: verificationLists, exchangers: DNSMailExchangerLookup(resolver: mail.resolver),
            probe: SMTPRecipientProbe(connections: mail, port: settings.mail.verification.port, sender: settings.mail.verification.sender))
        let verification = VerificationService(
            store: SQLVerificationStore(database: database), sequences: sequenceStore, verifier: verifier, signal: notifier, clock: clock)
        let enrichment = EnrichmentService(
            store: SQLEnrichmentStore(database: database), prospects: prospectStore, fields: fieldStore,
            provider: try enrichmentProvider(settings: settings, mail: mail, verifier: verifier, lists: verificationLists),
            webhooks: HTTPWebhookTransport(), limits: settings.enrichment.limits, codec: codec, signal: notifier, clock: clock)
        let api = APIServices(
            accounts: AccountService(accounts: accountStore, clock: clock),
            apiKeys: APIKeyService(accounts: accountStore, keys: SQLAPIKeyStore(database: database), clock: clock),
            clients: ClientService(clients: clientStore, clock: clock),
            fields: FieldService(fields: fieldStore, clock: clock),
            prospects: ProspectService(prospects: prospectStore, fields: fieldStore, clock: clock),
            importer: importer,
            notes: NoteService(
                notes: SQLNoteStore(database: database),
                attachments: attachmentStore,
                prospects: prospectStore, clock: clock),
            doNotContact: DoNotContactService(store: doNotContactStore, clock: clock),
            sequences: SequenceService(
                sequences: sequenceStore, schedules: SQLScheduleStore(database: database), fields: fieldStore,
                accounts: accountStore, clients: clientStore, attachments: attachmentStore, prospects: prospectStore,
                mailboxes: emailAccountStore, events: SQLSendingStore(database: database), clock: clock),
            enrolments: enrolmentService,
            emailAccounts: emailAccounts,
            sequenceMailboxes: SequenceMailboxService(
                mailboxes: emailAccountStore, sequences: sequenceStore, prospects: prospectStore, fields: fieldStore,
                transport: SMTPMailTransport(connections: mail), secrets: secrets, clock: clock),
            sending: sending,
            engagement: EngagementService(
                store: SQLEngagementStore(database: database), prospects: prospectStore, subsequences: subsequences, clock: clock),
            tasks: tasks,
            inbox: inbox,
            replies: replies,
            replyWatch: replyWatch,
            webhooks: WebhookService(store: SQLWebhookStore(database: database), delivery: webhookDelivery, secrets: secrets, clock: clock),
            webhookDelivery: webhookDelivery,
            events: EventFeedService(store: SQLEventFeedStore(database: database)),
            analytics: AnalyticsService(
                store: SQLAnalyticsStore(database: database), sequences: sequenceStore, clients: clientStore, mailboxes: emailAccountStore,
                accounts: accountStore, prospects: prospectStore, fields: fieldStore, codec: codec, clock: clock),
            verification: verification,
            enrichment: enrichment,
            search: ProspectSearch(prospects: prospectStore, fields: fieldStore),
            codec: codec,
            linkSigner: linkSigner,
            publicURL: settings.publicURL,
            clock: clock,
            health: DatabaseHealthProbe(database: database),
            metrics: metrics,
            rateLimit: settings.rateLimit)
        return ReachServices(
            api: api,
            workers: [
                .imports(importer, notifier: notifier, logger: logger),
                .emailAccountJobs(emailAccounts, notifier: notifier, logger: logger),
                .taskBulkActions(tasks, notifier: notifier, logger: logger),
                .verification(verification, notifier: notifier, logger: logger),
                .enrichment(enrichment, notifier: notifier, logger: logger),
            ],
            sender: .sending(sending, notifier: notifier, logger: logger),
            replyReader: .replies(replies, notifier: replyNotifier, logger: logger),
            replyWatch: ReplyWatchService(watch: replyWatch, logger: logger),
            webhookSender: .webhooks(webhookDelivery, notifier: WorkNotifier(), logger: logger))
    }

    /// The configured data service, else the built-in provider over Reach's DNS resolver, its
    /// website reader and the verification probe (which confirms found work emails).
    static func enrichmentProvider(settings: Settings, mail: MailConnections, verifier: EmailVerifier, lists: VerificationLists) throws -> any EnrichmentProvider {
        if let url = settings.enrichment.providerURL {
            return HTTPEnrichmentProvider(url: url, key: settings.enrichment.providerKey)
        }
        return BuiltInEnrichmentProvider(
            exchangers: DNSMailExchangerLookup(resolver: mail.resolver),
            website: HTTPWebsiteReader(
                resolver: mail.resolver, tls: mail.tls.clientConfiguration, httpPort: settings.enrichment.httpPort,
                httpsPort: settings.enrichment.httpsPort, allowPrivateAddresses: settings.enrichment.fetchPrivateAddresses),
            verifier: verifier, verificationLists: lists,
            freeMailDomains: try BuiltInEnrichmentProvider.freeMailDomains(adding: settings.dataDirectory.appendingPathComponent("enrichment")))
    }

    /// Work a new release brings to existing data: system fields added since an account was made.
    static func prepare(database: any DatabaseBackend, clock: any WallClock) async throws {
        try await SQLFieldStore(database: database).ensureSystemFieldsInAllAccounts(at: clock.now)
    }
}

struct DatabaseHealthProbe: HealthProbe {
    let database: any DatabaseBackend

    var databaseName: String { database.kind.rawValue }

    func checkDatabase() async throws {
        try await database.ping()
    }
}
