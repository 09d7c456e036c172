import Logging
import SQLKit
import Synchronization

/// A database Reach can run on, handing out SQLKit sessions. Store code is written once against
/// `SQLDatabase`; this protocol is where SQLite and PostgreSQL differ in how connections are
/// pooled and transactions begin.
public protocol DatabaseBackend: Sendable {
    var kind: DatabaseKind { get }

    /// Runs `body` on one connection, outside any transaction.
    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws.
    func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result

    /// Keeps the connection pools alive until the task is cancelled, then closes them.
    func run() async
}

public enum DatabaseKind: String, Sendable {
    case sqlite
    case postgresql
}

/// Opens the database at `url`, runs `body` with it, and closes it whatever happens.
public func withDatabase<Result: Sendable>(
    _ configuration: DatabaseConfiguration, logger: Logger,
    _ body: @escaping @Sendable (any DatabaseBackend) async throws -> Result
) async throws -> Result {
    let backend = try await configuration.open(logger: logger)
    let pools = Task { await backend.run() }
    let result: Result
    do {
        result = try await body(backend)
    } catch {
        await close(pools, of: backend.kind, logger: logger)
        throw error
    }
    await close(pools, of: backend.kind, logger: logger)
    return result
}

/// How long closing the pools may take before it is left to finish on its own.
let poolClosingLimit = Duration.seconds(15)

/// Stops the pools and waits for them to close, but not forever: a full test run once hung for
/// good in a pool's close (no connection left open, its future never completed), and a stuck
/// close must not keep a server from exiting or a test from ending.
func close(_ pools: Task<Void, Never>, of kind: DatabaseKind, logger: Logger) async {
    pools.cancel()
    // Unstructured on purpose: a task group would wait for the watcher of a close that never ends.
    let answered = Mutex(false)
    let closed = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let finish = { @Sendable (closed: Bool) in
            if answered.withLock({ done in defer { done = true }; return !done }) { continuation.resume(returning: closed) }
        }
        let limit = Task {
            try? await Task.sleep(for: poolClosingLimit)
            finish(false)
        }
        Task {
            await pools.value
            finish(true)
            limit.cancel()
        }
    }
    if !closed { logger.warning("the \(kind.rawValue) database's connection pools did not close within \(poolClosingLimit); not waiting for them") }
}

extension DatabaseBackend {
    /// A round trip to the database, for health checks.
    public func ping() async throws {
        try await read { db in try await db.raw("SELECT 1").run() }
    }
}

/// Runs `body` between `begin` and COMMIT on one connection, rolling back when it throws.
func inTransaction<Result: Sendable>(
    _ database: any SQLDatabase, begin: SQLQueryString, _ body: @Sendable (any SQLDatabase) async throws -> Result
) async throws -> Result {
    try await database.raw(begin).run()
    do {
        let result = try await body(database)
        try await database.raw("COMMIT").run()
        return result
    } catch {
        // In a task of its own: when `body` failed because its task was cancelled (a service
        // shutting down), the rollback must still run, or the connection goes back to its pool
        // inside an open transaction and the next BEGIN on it fails.
        try? await Task { try await database.raw("ROLLBACK").run() }.value
        throw error
    }
}
