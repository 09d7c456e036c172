import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import ReachApp
import ReachCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the Reach server: the /v1 API, tracking links and metrics.")

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("Directory for files and the generated secret key (env REACH_DATA_DIR).", valueName: "path"))
    var dataDir: String?

    @Option(help: ArgumentHelp("Requests each API key may make per minute (env REACH_RATE_LIMIT).", valueName: "count"))
    var rateLimit: Int?

    @Option(help: ArgumentHelp("How clients reach this server, for the links Reach hands out (env REACH_PUBLIC_URL).", valueName: "url"))
    var publicURL: String?

    @Option(help: ArgumentHelp("all: the API and the background work; api: only the API; worker: only sending and jobs (env REACH_ROLE).", valueName: "role"))
    var role: String?

    @Option(help: ArgumentHelp("A PEM file of extra CA certificates to trust for mail servers (env REACH_MAIL_CA_FILE).", valueName: "path"))
    var mailCAFile: String?

    @Option(help: ArgumentHelp("DNS server for MX, SPF, DKIM and DMARC look-ups, host[:port]; repeatable (env REACH_DNS_SERVER, comma-separated).", valueName: "address"))
    var dnsServer: [String] = []

    @Option(help: ArgumentHelp("The name Reach gives in SMTP EHLO; a fully qualified name, as receiving servers may insist (env REACH_HELO_NAME; default this machine's name).", valueName: "name"))
    var heloName: String?

    @Option(help: ArgumentHelp("Mailbox folders read for replies and bounces; repeatable (env REACH_REPLY_FOLDERS, comma-separated; default INBOX).", valueName: "folder"))
    var replyFolder: [String] = []

    @Option(help: ArgumentHelp("How often each mailbox is read for replies, in seconds, 10 to 3600 (env REACH_REPLY_POLL_SECONDS; default 60).", valueName: "seconds"))
    var replyPollSeconds: Int?

    @Option(help: ArgumentHelp("Mailbox connections open at once for reading replies, 1 to 256 (env REACH_REPLY_CONNECTIONS; default 8).", valueName: "n"))
    var replyConnections: Int?

    @Option(help: ArgumentHelp("Mailbox folders one process holds IMAP IDLE connections on, so replies are read within seconds; 0 to poll only (env REACH_REPLY_IDLE; default 100).", valueName: "n"))
    var replyIdle: Int?

    @Option(help: ArgumentHelp("The port email verification asks mail exchangers on (env REACH_VERIFY_PORT; default 25).", valueName: "port"))
    var verifyPort: Int?

    @Option(help: ArgumentHelp("The MAIL FROM of verification probes (env REACH_VERIFY_SENDER; default the null sender <>).", valueName: "address"))
    var verifySender: String?

    @Option(help: ArgumentHelp("A data service for enrichment, instead of the built-in provider; its key comes from REACH_ENRICHMENT_KEY (env REACH_ENRICHMENT_URL).", valueName: "url"))
    var enrichmentURL: String?

    @Option(help: ArgumentHelp("Enrichment requests allowed per account per minute, hour and day (env REACH_ENRICHMENT_LIMITS; default 30,1000,10000).", valueName: "m,h,d"))
    var enrichmentLimits: String?

    @Flag(help: "Let enrichment read company websites on private and loopback addresses (env REACH_ENRICHMENT_FETCH_PRIVATE=1).")
    var enrichmentFetchPrivate = false

    @Option(help: ArgumentHelp("Sandbox time: the clock runs N times faster, so sequences play out in minutes (env REACH_TIME_SCALE).", valueName: "N"))
    var timeScale: Double?

    func replySettings(_ environment: [String: String]) throws -> ReplyPoller.Settings {
        let folders = replyFolder.isEmpty ? (environment["REACH_REPLY_FOLDERS"] ?? "INBOX").split(separator: ",").map(String.init) : replyFolder
        let trimmed = folders.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !trimmed.isEmpty else { throw ValidationError("--reply-folder must name at least one folder") }
        let interval = replyPollSeconds ?? environment["REACH_REPLY_POLL_SECONDS"].flatMap(Int.init) ?? 60
        guard (10...3600).contains(interval) else { throw ValidationError("--reply-poll-seconds must be between 10 and 3600") }
        let connections = replyConnections ?? environment["REACH_REPLY_CONNECTIONS"].flatMap(Int.init) ?? 8
        guard (1...256).contains(connections) else { throw ValidationError("--reply-connections must be between 1 and 256") }
        let watched = replyIdle ?? environment["REACH_REPLY_IDLE"].flatMap(Int.init) ?? 100
        guard (0...10_000).contains(watched) else { throw ValidationError("--reply-idle must be between 0 and 10000") }
        return ReplyPoller.Settings(folders: trimmed, interval: TimeInterval(interval), connections: connections, watched: watched)
    }

    func verificationSettings(_ environment: [String: String]) throws -> MailSettings.Verification {
        let port = verifyPort ?? environment["REACH_VERIFY_PORT"].flatMap(Int.init) ?? 25
        guard (1...65535).contains(port) else { throw ValidationError("--verify-port must be between 1 and 65535") }
        let sender = verifySender ?? environment["REACH_VERIFY_SENDER"] ?? ""
        guard sender.isEmpty || EmailAddress(sender) != nil else { throw ValidationError("--verify-sender must be an email address") }
        return MailSettings.Verification(port: port, sender: sender)
    }

    func enrichmentSettings(_ environment: [String: String]) throws -> EnrichmentSettings {
        let ports = try environment["REACH_ENRICHMENT_WEB_PORTS"].map(EnrichmentSettings.ports) ?? (http: 80, https: 443)
        return EnrichmentSettings(
            providerURL: enrichmentURL ?? environment["REACH_ENRICHMENT_URL"], providerKey: environment["REACH_ENRICHMENT_KEY"] ?? "",
            limits: try (enrichmentLimits ?? environment["REACH_ENRICHMENT_LIMITS"]).map(EnrichmentSettings.limits) ?? EnrichmentRateLimits(),
            fetchPrivateAddresses: enrichmentFetchPrivate || environment["REACH_ENRICHMENT_FETCH_PRIVATE"] == "1",
            httpPort: ports.http, httpsPort: ports.https)
    }

    static func role(_ text: String?) throws -> ServerRole {
        guard let text else { return .all }
        guard let role = ServerRole(rawValue: text.lowercased()) else { throw ValidationError("--role must be all, api or worker") }
        return role
    }

    func run() async throws {
        let logger = options.bootstrapLogging(default: .info)
        let environment = ProcessInfo.processInfo.environment
        let metrics = PrometheusCollectorRegistry()
        // Libraries that report through swift-metrics land in the same /metrics output.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        let configuration = try ServerConfiguration(
            host: host, port: port, databaseURL: options.databaseURL,
            dataDirectory: URL(fileURLWithPath: dataDir ?? environment["REACH_DATA_DIR"] ?? "./reach-data"),
            requestsPerMinute: rateLimit ?? environment["REACH_RATE_LIMIT"].flatMap(Int.init) ?? ServerConfiguration.defaultRequestsPerMinute,
            publicURL: publicURL ?? environment["REACH_PUBLIC_URL"], secretKey: environment["REACH_SECRET_KEY"],
            role: try Self.role(role ?? environment["REACH_ROLE"]),
            mail: MailSettings(
                caFile: mailCAFile ?? environment["REACH_MAIL_CA_FILE"],
                dnsServers: try (dnsServer.isEmpty ? (environment["REACH_DNS_SERVER"] ?? "").split(separator: ",").map(String.init) : dnsServer)
                    .map(MailSettings.dnsServer),
                heloName: heloName ?? environment["REACH_HELO_NAME"],
                replies: try replySettings(environment),
                verification: try verificationSettings(environment)),
            enrichment: try enrichmentSettings(environment),
            timeScale: timeScale ?? environment["REACH_TIME_SCALE"].flatMap(Double.init) ?? 1)
        try await ReachServer.run(configuration, metrics: metrics, logger: logger) { message in
            FileHandle.standardOutput.write(Data((message + "\n").utf8))
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations and exit.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let logger = options.bootstrapLogging(default: .warning)
        let applied = try await ReachAdmin(databaseURL: options.databaseURL, logger: logger).migrate()
        print(applied.isEmpty ? "The database is up to date." : "Applied migrations \(applied.map(String.init).joined(separator: ", ")).")
    }
}
