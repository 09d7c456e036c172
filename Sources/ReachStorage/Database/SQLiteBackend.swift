import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// SQLite in one file: one writer connection (SQLite allows one writer at a time, so queueing
/// writers here is cheaper than letting them collide on the file lock) and a few read-only
/// connections that WAL mode lets run beside it.
///
/// Unchecked Sendable: AsyncKit's pools are confined to their event loop and hop onto it from
/// any thread, but are not annotated.
final class SQLiteBackend: DatabaseBackend, @unchecked Sendable {
    let kind = DatabaseKind.sqlite
    private let writer: EventLoopConnectionPool<ConfiguredSQLiteSource>
    private let readers: EventLoopConnectionPool<ConfiguredSQLiteSource>
    private let logger: Logger

    static let readerCount = 4
    static let mappedBytes = 1 << 30
    /// How long another process may hold the file's write lock before a write fails.
    static let busyTimeoutMilliseconds = 10_000

    init(path: String, logger: Logger) async throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw DatabaseConfigurationError(url: "sqlite://\(path)", reason: "the directory \(directory.path) does not exist")
        }
        self.logger = logger
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        // WAL lets readers work while a write is under way; NORMAL sync is durable in WAL mode
        // except for the last transactions before a power cut, the usual trade for servers.
        writer = EventLoopConnectionPool(
            source: ConfiguredSQLiteSource(path: path, pragmas: [
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA busy_timeout = \(Self.busyTimeoutMilliseconds)",
                // 64 MB of page cache: large imports touch index pages all over the file.
                "PRAGMA cache_size = -65536",
                // Checkpoints (the only fsyncs in WAL mode with synchronous NORMAL) once the WAL
                // holds 64 MB rather than 4 MB: a large import then waits on a few, not dozens.
                "PRAGMA wal_autocheckpoint = 16384",
                // Statement journals (a multi-row write's undo copy of each page it touches) in
                // memory, not in a temporary file: writing that file was 8% of an import's CPU.
                "PRAGMA temp_store = MEMORY",
                // SQLite leaves REFERENCES unenforced unless asked: ON DELETE CASCADE and SET NULL
                // must act as they do on PostgreSQL.
                "PRAGMA foreign_keys = ON",
            ]),
            maxConnections: 1, requestTimeout: .minutes(5), pruneInterval: nil, logger: logger, on: eventLoop)
        readers = EventLoopConnectionPool(
            source: ConfiguredSQLiteSource(path: path, pragmas: [
                "PRAGMA busy_timeout = \(Self.busyTimeoutMilliseconds)",
                "PRAGMA query_only = ON",
                // Reads map the file instead of copying pages through read(2), and keep a larger
                // cache: searches over a million prospects visit pages all over the file.
                "PRAGMA mmap_size = \(Self.mappedBytes)",
                "PRAGMA cache_size = -32768",
            ]),
            maxConnections: Self.readerCount, requestTimeout: .minutes(1), pruneInterval: nil, logger: logger, on: eventLoop)
        // Open the writer first so the file is in WAL mode before any reader connects.
        try await write { _ in }
    }

    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await withConnection(from: readers, body)
    }

    func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        // IMMEDIATE takes the write lock now, so a transaction never fails half-way when
        // another process writes the same file.
        try await withConnection(from: writer) { database in try await inTransaction(database, begin: "BEGIN IMMEDIATE", body) }
    }

    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
        try? await readers.close().get()
        try? await writer.close().get()
    }

    private func withConnection<Result: Sendable>(
        from pool: EventLoopConnectionPool<ConfiguredSQLiteSource>, _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await body(connection.sql(queryLogLevel: .trace))
    }
}

extension SQLiteBackend {
    /// Lower-cases text as Swift does (every letter, not only ASCII as SQLite's `lower`), for
    /// search needles with other letters.
    static let lowerFunction = "reach_lower"

    static let lower = SQLiteCustomFunction(lowerFunction, argumentCount: 1, pure: true) { arguments in
        arguments[0].string?.lowercased()
    }
}

/// Opens SQLite connections with foreign keys on, the given pragmas applied and Reach's
/// functions installed.
struct ConfiguredSQLiteSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource
    let pragmas: [String]

    init(path: String, pragmas: [String]) {
        base = SQLiteConnectionSource(configuration: SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: true))
        self.pragmas = pragmas
    }

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            var applied = connection.install(customFunction: SQLiteBackend.lower)
            for pragma in pragmas {
                applied = applied.flatMap { connection.query(pragma).map { _ in } }
            }
            return applied.map { connection }
        }
    }
}
