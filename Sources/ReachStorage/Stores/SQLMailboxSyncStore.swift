import Foundation
import ReachCore
import SQLKit

public struct SQLMailboxSyncStore: MailboxSyncStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func claimFolders(folders: [String], worker: String, now: Date, readBefore: Date, limit: Int, leaseUntil: Date) async throws
        -> [FolderToRead]
    {
        try await database.write { db in
            // Every mailbox that can be read gets a row per folder the first time it is seen.
            for folder in folders {
                try await db.raw(
                    """
                    INSERT INTO mailbox_sync (email_account_id, folder)
                    SELECT id, \(bind: folder) FROM email_accounts e
                    WHERE e.status <> 0 AND e.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM mailbox_sync x WHERE x.email_account_id = e.id AND x.folder = \(bind: folder))
                    ON CONFLICT (email_account_id, folder) DO NOTHING
                    """
                ).run()
            }
            let rows = try await db.raw(
                """
                SELECT \(Self.claimColumns) FROM \(Self.readableFolders) AND y.folder IN (\(binds: folders))
                  AND (y.synced_at IS NULL OR y.synced_at < \(bind: readBefore))
                  AND (y.retry_at IS NULL OR y.retry_at <= \(bind: now))
                  AND (y.lease_until IS NULL OR y.lease_until < \(bind: now))
                ORDER BY y.synced_at IS NOT NULL, y.synced_at, y.email_account_id
                LIMIT \(bind: limit) \(Self.skipLocked(db))
                """
            ).all()
            return try await Self.hold(rows, by: worker, setting: "worker = \(bind: worker), lease_until = \(bind: leaseUntil)", db)
        }
    }

    static let claimColumns: SQLQueryString = "y.email_account_id, e.account_id, y.folder, y.uid_validity, y.last_uid, y.failures"
    /// Folders of mailboxes that can be read: not disconnected, not deleted.
    static let readableFolders: SQLQueryString =
        "mailbox_sync y JOIN email_accounts e ON e.id = y.email_account_id WHERE e.status <> 0 AND e.deleted_at IS NULL"

    /// PostgreSQL: concurrent workers skip the rows another has locked. SQLite: one writer.
    static func skipLocked(_ db: any SQLDatabase) -> SQLQueryString {
        db.isPostgreSQL ? "FOR UPDATE OF y SKIP LOCKED" : ""
    }

    /// Marks each claimed row with `assignment` (a lease or a watch) and returns it as `worker`'s.
    static func hold(_ rows: [any SQLRow], by worker: String, setting assignment: SQLQueryString, _ db: any SQLDatabase) async throws -> [FolderToRead] {
        var claimed: [FolderToRead] = []
        for row in rows {
            let mailbox = try row.decode(column: "email_account_id", as: Int64.self)
            let folder = try row.decode(column: "folder", as: String.self)
            try await db.raw("UPDATE mailbox_sync SET \(assignment) WHERE email_account_id = \(bind: mailbox) AND folder = \(bind: folder)").run()
            let lastUID = try row.decode(column: "last_uid", as: Int64.self)
            claimed.append(
                FolderToRead(
                    mailbox: EmailAccountID(mailbox), accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)), folder: folder,
                    worker: worker,
                    checkpoint: try row.decode(column: "uid_validity", as: Int64?.self).map { FolderCheckpoint(uidValidity: $0, lastUID: lastUID) },
                    failures: try row.decode(column: "failures", as: Int.self)))
        }
        return claimed
    }

    public func saveCheckpoint(_ checkpoint: FolderCheckpoint, of folder: FolderToRead, leaseUntil: Date) async throws {
        try await database.write { db in
            // Only while the lease is this worker's, and it is renewed: a long first reading is
            // not taken over halfway, and a worker that lost its lease cannot move the checkpoint back.
            try await db.raw(
                """
                UPDATE mailbox_sync SET uid_validity = \(bind: checkpoint.uidValidity), last_uid = \(bind: checkpoint.lastUID), lease_until = \(bind: leaseUntil)
                WHERE email_account_id = \(bind: folder.mailbox.rawValue) AND folder = \(bind: folder.folder) AND worker = \(bind: folder.worker)
                """
            ).run()
        }
    }

    public func finishReading(_ folder: FolderToRead, at date: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE mailbox_sync SET synced_at = \(bind: date), failures = 0, retry_at = NULL, error = NULL, worker = NULL, lease_until = NULL
                WHERE email_account_id = \(bind: folder.mailbox.rawValue) AND folder = \(bind: folder.folder) AND worker = \(bind: folder.worker)
                """
            ).run()
        }
    }

    public func recordFailure(of folder: FolderToRead, error: String, retryAt: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE mailbox_sync SET failures = failures + 1, retry_at = \(bind: retryAt), error = \(bind: error), worker = NULL, lease_until = NULL
                WHERE email_account_id = \(bind: folder.mailbox.rawValue) AND folder = \(bind: folder.folder) AND worker = \(bind: folder.worker)
                """
            ).run()
        }
    }

    public func claimWatches(folders: [String], worker: String, now: Date, limit: Int, watchUntil: Date) async throws -> [FolderToRead] {
        try await database.write { db in
            // This worker's own watches first (they are renewed), then free ones, oldest mailbox first.
            let rows = try await db.raw(
                """
                SELECT \(Self.claimColumns) FROM \(Self.readableFolders) AND y.folder IN (\(binds: folders))
                  AND (y.watcher = \(bind: worker) OR y.watch_until IS NULL OR y.watch_until < \(bind: now))
                ORDER BY y.watcher = \(bind: worker) DESC, y.email_account_id
                LIMIT \(bind: limit) \(Self.skipLocked(db))
                """
            ).all()
            return try await Self.hold(rows, by: worker, setting: "watcher = \(bind: worker), watch_until = \(bind: watchUntil)", db)
        }
    }

    public func markDue(_ folder: FolderToRead) async throws {
        try await database.write { db in
            try await db.raw(
                "UPDATE mailbox_sync SET synced_at = NULL WHERE email_account_id = \(bind: folder.mailbox.rawValue) AND folder = \(bind: folder.folder)"
            ).run()
        }
    }

    public func stopWatching(_ folder: FolderToRead, until retryAt: Date) async throws {
        try await database.write { db in
            // Held by nobody, and taken by nobody until retryAt.
            try await db.raw(
                """
                UPDATE mailbox_sync SET watcher = NULL, watch_until = \(bind: retryAt)
                WHERE email_account_id = \(bind: folder.mailbox.rawValue) AND folder = \(bind: folder.folder) AND watcher = \(bind: folder.worker)
                """
            ).run()
        }
    }
}
