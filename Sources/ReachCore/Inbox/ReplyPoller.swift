import Foundation
import Logging

/// Reads every connected mailbox's folders for replies and bounces: each folder at most once per
/// interval, a bounded number of connections at a time (a thousand mailboxes take turns on a few
/// connections, not a thousand threads), a failing mailbox resting longer after each failure.
public struct ReplyPoller: Sendable {
    public struct Settings: Sendable {
        /// The folders read in every mailbox.
        public var folders: [String]
        /// How often a folder is read.
        public var interval: TimeInterval
        /// Mailbox connections open at once for reading, per process.
        public var connections: Int
        /// Folders a process holds IDLE connections on (0: polling only).
        public var watched: Int

        public init(folders: [String] = ["INBOX"], interval: TimeInterval = 60, connections: Int = 8, watched: Int = 100) {
            self.folders = folders
            self.interval = interval
            self.connections = connections
            self.watched = watched
        }
    }

    let sync: any MailboxSyncStore
    let mailboxes: any EmailAccountStore
    let reader: any MailboxReader
    let replies: ReplyService
    let secrets: SecretBox
    let settings: Settings
    let clock: any WallClock

    public init(
        sync: any MailboxSyncStore, mailboxes: any EmailAccountStore, reader: any MailboxReader, replies: ReplyService, secrets: SecretBox,
        settings: Settings, clock: any WallClock
    ) {
        self.sync = sync
        self.mailboxes = mailboxes
        self.reader = reader
        self.replies = replies
        self.secrets = secrets
        self.settings = settings
        self.clock = clock
    }

    /// A folder is leased this long; a worker that dies mid-read frees it when this passes.
    static let lease: TimeInterval = 600
    /// Readings of a folder that may fail in a row before a message that keeps failing is passed over.
    static let attemptsPerMessage = 3
    /// The first reading of a mailbox starts this long before it was connected.
    static let firstReadMargin: TimeInterval = 86_400

    public struct PassReport: Sendable, Equatable {
        public var folders = 0
        public var failed = 0
        public var stored: [MailClassification.Kind: Int] = [:]
        public var ignored = 0
        /// Messages given up on after their folder failed `attemptsPerMessage` readings in a row.
        public var skipped = 0
        /// The pass stopped at its budget: more folders may be due now.
        public var moreMayBeDue = false
    }

    /// Reads the folders that are due, each connection taking the next due folder as soon as it
    /// is free (one slow mailbox holds up only its own connection); `everything` reads every
    /// folder not read since the pass began, whatever the interval (the sandbox and tests use it).
    public func runPass(worker: String, everything: Bool = false, logger: Logger) async throws -> PassReport {
        let now = clock.now
        let readBefore = everything ? now : now.addingTimeInterval(-settings.interval)
        let slots = max(1, settings.connections)
        // A pass ends after this many folders, so the loop looks at its shutdown between passes.
        let budget = slots * 4
        let sync = self.sync
        let folders = settings.folders
        @Sendable func claim(_ count: Int) async throws -> [FolderToRead] {
            try await sync.claimFolders(
                folders: folders, worker: worker, now: now, readBefore: readBefore, limit: count, leaseUntil: clock.now.addingTimeInterval(Self.lease))
        }
        var report = PassReport()
        let first = try await claim(slots)
        var claimed = first.count
        await withTaskGroup(of: FolderResult.self) { group in
            for folder in first { group.addTask { await read(folder, logger: logger) } }
            for await result in group {
                report.folders += 1
                if result.failed { report.failed += 1 }
                report.ignored += result.ignored
                report.skipped += result.skipped
                report.stored.merge(result.stored, uniquingKeysWith: +)
                guard claimed < budget else { continue }
                do {
                    if let next = try await claim(1).first {
                        claimed += 1
                        group.addTask { await read(next, logger: logger) }
                    }
                } catch {
                    logger.error("could not claim a mailbox folder to read: \(error)")
                    claimed = budget
                }
            }
        }
        report.moreMayBeDue = claimed >= budget
        return report
    }

    struct FolderResult: Sendable {
        var failed = false
        var stored: [MailClassification.Kind: Int] = [:]
        var ignored = 0
        var skipped = 0
    }

    /// Counts what one folder's reading did; shared by the callbacks of one read.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var result = FolderResult()

        func add(_ outcome: ReplyService.Outcome) {
            lock.withLock {
                switch outcome {
                case .stored(_, let classification): result.stored[classification.kind, default: 0] += 1
                case .ignored: result.ignored += 1
                case .duplicate: break
                }
            }
        }

        func skip() {
            lock.withLock { result.skipped += 1 }
        }

        var value: FolderResult { lock.withLock { result } }
    }

    func read(_ folder: FolderToRead, logger: Logger) async -> FolderResult {
        let tally = Tally()
        do {
            guard let mailbox = try await mailboxes.emailAccount(folder.mailbox, in: folder.accountID) else {
                try await sync.finishReading(folder, at: clock.now)
                return tally.value
            }
            let imap = MailServerSettings(address: mailbox.imap, password: try secrets.open(mailbox.sealedIMAPPassword))
            let replies = self.replies
            let sync = self.sync
            let clock = self.clock
            try await reader.read(
                folder.folder, through: imap, after: folder.checkpoint, since: mailbox.createdAt.addingTimeInterval(-Self.firstReadMargin),
                receive: { mail, position in
                    // UIDs name a message only under one UIDVALIDITY: both make the stand-in id.
                    let origin = ReplyService.Origin(
                        folder: folder.folder, uid: position.lastUID,
                        fallbackMessageID: "reach.missing.\(position.uidValidity).\(position.lastUID).\(folder.folder)@\(mailbox.sender.email.domain)")
                    do {
                        tally.add(try await replies.receive(mail, in: mailbox, from: origin))
                    } catch where folder.failures >= Self.attemptsPerMessage {
                        // The same message failing reading after reading must not keep every
                        // later reply in the folder from being read: it is passed over, loudly.
                        logger.error("gave up on message \(position.lastUID) of \(folder.folder) in mailbox \(folder.mailbox): \(error)")
                        tally.skip()
                    }
                },
                reached: { checkpoint in try await sync.saveCheckpoint(checkpoint, of: folder, leaseUntil: clock.now.addingTimeInterval(Self.lease)) })
            try await sync.finishReading(folder, at: clock.now)
        } catch {
            let reason = (error as? MailReadFailure)?.reason ?? "\(error)"
            logger.warning("Could not read \(folder.folder) of mailbox \(folder.mailbox): \(reason)")
            let rest = ReadingBackoff.rest(afterFailures: folder.failures + 1)
            try? await sync.recordFailure(of: folder, error: reason, retryAt: clock.now.addingTimeInterval(rest))
            var result = tally.value
            result.failed = true
            return result
        }
        return tally.value
    }
}
