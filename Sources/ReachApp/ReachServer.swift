import Foundation
import Hummingbird
import Logging
import Prometheus
import ReachCore
import ReachEngine
import ReachHTTP
import ReachStorage
import ServiceLifecycle

/// `reach serve`: migrate, make sure an account exists, then answer HTTP until SIGINT/SIGTERM,
/// letting requests in flight finish.
public enum ReachServer {
    public static func run(
        _ configuration: ServerConfiguration, metrics: PrometheusCollectorRegistry, logger: Logger,
        announce: @escaping @Sendable (String) -> Void
    ) async throws {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        logger.info("opening database", metadata: ["database": .string(configuration.database.redacted)])
        try await withDatabase(configuration.database, logger: logger) { database in
            let applied = try await Migrator(database: database).migrate()
            if !applied.isEmpty { logger.info("applied migrations", metadata: ["versions": .string(applied.map(String.init).joined(separator: ","))]) }
            try await ReachServices.prepare(database: database, clock: SystemClock())
            let settings = ReachServices.Settings(
                dataDirectory: configuration.dataDirectory,
                secret: try SecretKey.load(dataDirectory: configuration.dataDirectory, configured: configuration.secretKey),
                publicURL: configuration.publicURL, rateLimit: configuration.rateLimit, mail: configuration.mail,
                enrichment: configuration.enrichment)
            let clock: any WallClock = configuration.timeScale == 1 ? SystemClock() : ScaledClock(scale: configuration.timeScale)
            if configuration.timeScale != 1 {
                logger.warning("sandbox time: the clock runs \(configuration.timeScale) times faster than real time; do not use with real prospects")
            }
            var services = try await ReachServices.build(database: database, settings: settings, clock: clock, metrics: metrics, logger: logger)
            let mcp = MCPHTTPEndpoint(logger: logger)
            services.api.mcp = mcp
            if let created = try await services.api.accounts.createDefaultAccountIfEmpty(adminEmail: configuration.defaultAdminEmail) {
                announce(Self.firstStartMessage(created))
            }
            let (router, _) = APIServer.makeRouter(services: services.api)
            let app = Application(
                router: router,
                configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "reach"),
                onServerRunning: { channel in
                    let port = channel.localAddress?.port ?? configuration.port
                    mcp.listening(address: channel.localAddress?.ipAddress ?? configuration.host, port: port)
                    logger.info("reach is listening", metadata: ["address": .string("http://\(configuration.host):\(port)")])
                },
                logger: logger)
            var running: [ServiceGroupConfiguration.ServiceConfiguration] = []
            // Shut down in reverse order: the flusher stops after the server, writing the last opens.
            if configuration.role != .worker {
                running.append(.init(service: EngagementFlusher(engagement: services.api.engagement, logger: logger)))
                running.append(.init(service: app))
            }
            if configuration.role != .api {
                running += (services.workers + [services.sender, services.replyReader, services.webhookSender]).map { .init(service: $0) }
                running.append(.init(service: services.replyWatch))
            }
            if configuration.role == .worker { logger.info("reach is working", metadata: ["role": "worker"]) }
            let group = ServiceGroup(configuration: .init(services: running, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }

    static func firstStartMessage(_ created: AccountService.CreatedAccount) -> String {
        """
        Reach created the account "\(created.account.name)" on this empty database.
          admin email: \(created.admin.email)
          API key:     \(created.key.secret)
        The key is shown only this once. Send it as the x-api-key header.
        """
    }
}
