import Foundation

/// Reads new messages from a mailbox folder. ReachEngine implements it over IMAP: read-only
/// (EXAMINE, BODY.PEEK), so Reach never deletes, moves or flags mail it does not own.
public protocol MailboxReader: Sendable {
    /// Hands each message after `checkpoint` to `receive` (with its UID), oldest first, and the
    /// position reached to `reached` after each batch. Without a checkpoint, or when the server
    /// renumbered the folder, it reads what arrived since `since`.
    func read(
        _ folder: String, through imap: MailServerSettings, after checkpoint: FolderCheckpoint?, since: Date,
        receive: @Sendable (InboundMail, _ position: FolderCheckpoint) async throws -> Void,
        reached: @Sendable (FolderCheckpoint) async throws -> Void
    ) async throws
}

/// Why a folder could not be read, in words a user can act on.
public struct MailReadFailure: Error, Sendable, Equatable {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

/// Holds a connection open on a mailbox folder and says when mail arrives (IMAP IDLE), so a
/// reply is read within seconds instead of at the next poll.
public protocol MailboxWatcher: Sendable {
    /// Calls `newMail` each time the server reports new messages, and once at the start when
    /// the folder holds mail after `checkpoint` (it arrived while nobody watched), until the task
    /// is cancelled. Throws `MailWatchUnsupported` when the server cannot push, other errors when
    /// the connection fails.
    func watch(_ folder: String, through imap: MailServerSettings, after checkpoint: FolderCheckpoint?, newMail: @Sendable () async -> Void) async throws
}

/// The mail server does not offer IDLE: the folder is polled only.
public struct MailWatchUnsupported: Error, Sendable {
    public init() {}
}
