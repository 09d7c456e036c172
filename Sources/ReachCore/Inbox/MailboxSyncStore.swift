import Foundation

/// Where the reply poller is in each mailbox folder, and which process is reading it. The lease
/// and the checkpoint live in the database, so any number of processes share the reading and a
/// restarted one carries on from the last message it stored.
public protocol MailboxSyncStore: Sendable {
    /// Takes up to `limit` folders due for reading: of mailboxes that are not disconnected, read
    /// last before `readBefore` (or never), not resting after a failure, and not leased to another
    /// worker. Folder rows are made for `folders` as needed.
    func claimFolders(folders: [String], worker: String, now: Date, readBefore: Date, limit: Int, leaseUntil: Date) async throws -> [FolderToRead]
    /// Stores how far the folder was read and renews the worker's lease.
    func saveCheckpoint(_ checkpoint: FolderCheckpoint, of folder: FolderToRead, leaseUntil: Date) async throws
    /// Ends the worker's lease on the folder, read to the end; the failure count starts again.
    func finishReading(_ folder: FolderToRead, at date: Date) async throws
    /// Records why reading failed and rests the folder until `retryAt`.
    func recordFailure(of folder: FolderToRead, error: String, retryAt: Date) async throws
    /// Takes (or keeps) up to `limit` folders to hold IDLE connections on: of mailboxes that are
    /// not disconnected, not watched by another worker, and not resting from a failed watch.
    func claimWatches(folders: [String], worker: String, now: Date, limit: Int, watchUntil: Date) async throws -> [FolderToRead]
    /// The server said new mail arrived: the folder is due for reading now.
    func markDue(_ folder: FolderToRead) async throws
    /// Gives up watching the folder until `retryAt` (its server cannot push, or the watch failed).
    func stopWatching(_ folder: FolderToRead, until retryAt: Date) async throws
}

/// A folder a worker may read now, with where it stopped last time.
public struct FolderToRead: Sendable, Equatable {
    public let mailbox: EmailAccountID
    public let accountID: AccountID
    public let folder: String
    /// The worker holding the lease: only it may move the checkpoint.
    public let worker: String
    public let checkpoint: FolderCheckpoint?
    /// Failures in a row so far: how long the next rest is.
    public let failures: Int

    public init(mailbox: EmailAccountID, accountID: AccountID, folder: String, worker: String, checkpoint: FolderCheckpoint?, failures: Int) {
        self.mailbox = mailbox
        self.accountID = accountID
        self.folder = folder
        self.worker = worker
        self.checkpoint = checkpoint
        self.failures = failures
    }
}

/// IMAP's position in a folder: UIDs only mean something under one UIDVALIDITY.
public struct FolderCheckpoint: Sendable, Equatable {
    public let uidValidity: Int64
    public let lastUID: Int64

    public init(uidValidity: Int64, lastUID: Int64) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}

/// How long a folder rests after failures in a row: a minute, doubling, at most an hour.
public enum ReadingBackoff {
    public static func rest(afterFailures failures: Int) -> TimeInterval {
        min(3600, 60 * pow(2, Double(max(0, min(failures, 12) - 1))))
    }
}
