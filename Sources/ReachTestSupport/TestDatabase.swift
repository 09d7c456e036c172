import Foundation
import Logging
import ReachStorage

/// The databases tests run on: SQLite always; PostgreSQL when `REACH_TEST_POSTGRES_URL` names
/// a server (the project's test command starts one). `REACH_REQUIRE_POSTGRES=1` makes its
/// absence a failure rather than a skipped backend.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgresql

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["REACH_TEST_POSTGRES_URL"] }
    public static var postgresRequired: Bool { ProcessInfo.processInfo.environment["REACH_REQUIRE_POSTGRES"] == "1" }

    public static var available: [TestBackend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgresql]
    }

    public var description: String { rawValue }
}

public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "reach.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh, migrated database of its own for the duration of `body`: a new SQLite file, or a
    /// new PostgreSQL schema that is dropped afterwards.
    public static func with<Result: Sendable>(
        _ backend: TestBackend, migrate: Bool = true, _ body: @escaping @Sendable (any DatabaseBackend) async throws -> Result
    ) async throws -> Result {
        let configuration = try await makeConfiguration(for: backend)
        defer { cleanUp(configuration) }
        return try await withDatabase(configuration.database, logger: logger) { database in
            if migrate { try await Migrator(database: database).migrate() }
            return try await body(database)
        }
    }

    /// A configuration for a fresh database, for tests that open it themselves (or in another process).
    public static func makeConfiguration(for backend: TestBackend) async throws -> (database: DatabaseConfiguration, url: String, dropSchema: String?) {
        switch backend {
        case .sqlite:
            let directory = URL(fileURLWithPath: TestScratch.path("reach-test"))
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let url = "sqlite://\(directory.path)/reach.db"
            return (try DatabaseConfiguration(url: url), url, nil)
        case .postgresql:
            guard let base = TestBackend.postgresURL else { throw TestDatabaseError.postgresUnavailable }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await withDatabase(try DatabaseConfiguration(url: base), logger: logger) { database in
                try await database.write { db in try await db.raw("CREATE SCHEMA \(ident: schema)").run() }
            }
            let url = base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)"
            return (try DatabaseConfiguration(url: url), url, schema)
        }
    }

    static func cleanUp(_ configuration: (database: DatabaseConfiguration, url: String, dropSchema: String?)) {
        switch configuration.database {
        case .sqlite(let path):
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
        case .postgres:
            guard let schema = configuration.dropSchema, let base = TestBackend.postgresURL else { return }
            // Dropped in the background: a test's result does not wait on its cleanup.
            Task {
                try? await withDatabase(try DatabaseConfiguration(url: base), logger: logger) { database in
                    try await database.write { db in try await db.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run() }
                }
            }
        }
    }
}

public enum TestDatabaseError: Error {
    case postgresUnavailable
}
