import Foundation
import Hummingbird
import Logging
import Prometheus
import ReachCore
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
            let services = try await ReachServices.api(database: database, rateLimit: configuration.rateLimit, metrics: metrics)
            if let created = try await services.accounts.createDefaultAccountIfEmpty(adminEmail: configuration.defaultAdminEmail) {
                announce(Self.firstStartMessage(created))
            }
            let (router, _) = APIServer.makeRouter(services: services)
            let app = Application(
                router: router,
                configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "reach"),
                onServerRunning: { channel in
                    logger.info("reach is listening", metadata: ["address": .string("http://\(configuration.host):\(channel.localAddress?.port ?? configuration.port)")])
                },
                logger: logger)
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
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
