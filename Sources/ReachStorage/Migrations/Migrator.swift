import Foundation
import SQLKit

/// Brings a database's schema up to this build of Reach.
///
/// Applied versions are recorded in `reach_migrations`. All pending migrations run in one
/// transaction under a lock (PostgreSQL advisory lock; SQLite's write lock), so several
/// processes starting together apply each migration exactly once, and a failure leaves the
/// schema as it was.
public struct Migrator: Sendable {
    static let all: [Migration] = [
        .foundation,
        .prospects,
        .sequences,
        .emailAccounts,
        .sending,
        .searchIndexes,
        .tasks,
        .inbox,
        .webhooks,
        .keptCounts,
        .verification,
        .enrichment,
        .dueBySequence,
        .emailSearchIndex,
    ]

    /// An arbitrary constant naming Reach's migration locks among PostgreSQL advisory locks;
    /// the schema's name is the lock's second half, so separate schemas migrate independently.
    static let advisoryLockClass: Int32 = 0x5245_4143

    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public static var latestVersion: Int { all.last?.version ?? 0 }

    /// Applies what is pending and returns the versions it applied.
    @discardableResult
    public func migrate(at date: Date = Date()) async throws -> [Int] {
        let ddl = DDL(kind: database.kind)
        return try await database.write { db in
            if ddl.kind == .postgresql {
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLockClass), hashtext(current_schema()))").run()
            }
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS reach_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at \(unsafeRaw: ddl.timestamp) NOT NULL
                )
                """
            ).run()
            let applied = Set(try await db.select().column("version").from("reach_migrations").all(decodingColumn: "version", as: Int.self))
            if let newest = applied.max(), newest > Self.latestVersion {
                throw MigrationError.databaseIsNewer(databaseVersion: newest, knownVersion: Self.latestVersion)
            }
            var appliedNow: [Int] = []
            for migration in Self.all where !applied.contains(migration.version) {
                for statement in migration.statements(ddl) {
                    try await db.raw(SQLQueryString(stringLiteral: statement)).run()
                }
                try await db.insert(into: "reach_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(date))
                    .run()
                appliedNow.append(migration.version)
            }
            return appliedNow
        }
    }

    /// The versions recorded as applied.
    public func appliedVersions() async throws -> [Int] {
        try await database.read { db in
            let exists = try await Self.tableExists("reach_migrations", in: db)
            guard exists else { return [] }
            return try await db.select().column("version").from("reach_migrations").orderBy("version")
                .all(decodingColumn: "version", as: Int.self)
        }
    }

    static func tableExists(_ table: String, in db: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString =
            db.dialect.name == "sqlite"
            ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: table)"
            : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: table)"
        return try await db.raw(query).first(decodingColumn: "n", as: Int.self) ?? 0 > 0
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case databaseIsNewer(databaseVersion: Int, knownVersion: Int)

    public var description: String {
        switch self {
        case .databaseIsNewer(let databaseVersion, let knownVersion):
            "The database is at migration \(databaseVersion) but this reach knows only up to \(knownVersion): run a newer reach"
        }
    }
}
