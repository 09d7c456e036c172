import Foundation
import Logging

/// Keeps IDLE connections on up to `limit` mailbox folders per process, so the reply poller
/// reads a folder as soon as its server reports new mail. It only signals: reading stays with
/// the poller, its checkpoints and leases. Watches are leased in the database, so processes
/// sharing one share the mailboxes instead of each watching all of them.
public struct ReplyWatch: Sendable {
    let sync: any MailboxSyncStore
    let mailboxes: any EmailAccountStore
    let watcher: any MailboxWatcher
    let secrets: SecretBox
    let folders: [String]
    let limit: Int
    let signal: any WorkSignal
    let clock: any WallClock

    public init(
        sync: any MailboxSyncStore, mailboxes: any EmailAccountStore, watcher: any MailboxWatcher, secrets: SecretBox, folders: [String], limit: Int,
        signal: any WorkSignal, clock: any WallClock
    ) {
        self.sync = sync
        self.mailboxes = mailboxes
        self.watcher = watcher
        self.secrets = secrets
        self.folders = folders
        self.limit = limit
        self.signal = signal
        self.clock = clock
    }

    /// How often the set of watched folders is renewed; a watch lease lasts three rounds.
    public static let round: Duration = .seconds(60)
    static let lease: TimeInterval = 180
    /// A folder whose watch failed or whose server cannot push is left to polling this long.
    static let rest: TimeInterval = 3600

    struct Key: Hashable {
        let mailbox: EmailAccountID
        let folder: String
    }

    /// Watches until cancelled.
    public func run(worker: String, logger: Logger) async {
        guard limit > 0 else { return }
        var running: [Key: Task<Void, Never>] = [:]
        while !Task.isCancelled {
            do {
                let claimed = try await sync.claimWatches(
                    folders: folders, worker: worker, now: clock.now, limit: limit, watchUntil: clock.now.addingTimeInterval(Self.lease))
                let wanted = Dictionary(claimed.map { (Key(mailbox: $0.mailbox, folder: $0.folder), $0) }, uniquingKeysWith: { first, _ in first })
                for (key, task) in running where wanted[key] == nil || task.isCancelled {
                    task.cancel()
                    running[key] = nil
                }
                for (key, folder) in wanted where running[key] == nil {
                    running[key] = Task { await watch(folder, logger: logger) }
                }
            } catch {
                logger.error("could not renew the watched mailboxes: \(error)")
            }
            try? await Task.sleep(for: Self.round)
        }
        for task in running.values { task.cancel() }
        for task in running.values { await task.value }
    }

    /// One folder's watch: each report of new mail makes the folder due and wakes the poller.
    func watch(_ folder: FolderToRead, logger: Logger) async {
        do {
            guard let mailbox = try await mailboxes.emailAccount(folder.mailbox, in: folder.accountID) else { return }
            let imap = MailServerSettings(address: mailbox.imap, password: try secrets.open(mailbox.sealedIMAPPassword))
            let sync = self.sync
            let signal = self.signal
            try await watcher.watch(folder.folder, through: imap, after: folder.checkpoint) {
                do {
                    try await sync.markDue(folder)
                    signal.notify()
                } catch {
                    logger.error("could not mark \(folder.folder) of mailbox \(folder.mailbox) for reading: \(error)")
                }
            }
        } catch is CancellationError {
            return
        } catch {
            if Task.isCancelled { return }
            if !(error is MailWatchUnsupported) { logger.warning("stopped watching \(folder.folder) of mailbox \(folder.mailbox): \(error)") }
            try? await sync.stopWatching(folder, until: clock.now.addingTimeInterval(Self.rest))
        }
    }
}
