import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's pool: every session leases one connection. Several `reach`
/// processes may share the database; the engine claims work with `FOR UPDATE SKIP LOCKED`.
final class PostgresBackend: DatabaseBackend {
    let kind = DatabaseKind.postgresql
    private let client: PostgresClient
    /// Sessions wait until `run()` has handed the client its task, rather than racing it.
    private let started = StartGate()

    init(settings: DatabaseConfiguration.PostgresSettings, logger: Logger) {
        let tls: PostgresClient.Configuration.TLS
        switch settings.sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username,
            password: settings.password, database: settings.database, tls: tls)
        configuration.options.maximumConnections = settings.maximumConnections
        if let searchPath = settings.searchPath {
            configuration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        await started.wait()
        return try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        await started.wait()
        return try await client.withConnection { connection in
            try await inTransaction(connection.sql(queryLogLevel: .trace), begin: "BEGIN", body)
        }
    }

    func run() async {
        started.open()
        await client.run()
    }
}
