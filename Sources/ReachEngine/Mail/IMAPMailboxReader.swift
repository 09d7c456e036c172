import Foundation
import ReachCore
import ReachMail

/// Reads a mailbox folder's new messages over IMAP, read-only: EXAMINE opens the folder without
/// the right to change it and BODY.PEEK leaves every message unread.
public struct IMAPMailboxReader: MailboxReader {
    let connections: MailConnections

    public init(connections: MailConnections) {
        self.connections = connections
    }

    /// Messages fetched per command: one batch's bodies are held in memory at once (at most
    /// `batchSize × largestMessage` per connection).
    static let batchSize = 10
    /// Larger messages are passed over (a reply is never this big; an attachment dump may be).
    static let largestMessage = 10 * 1024 * 1024

    public func read(
        _ folder: String, through imap: MailServerSettings, after checkpoint: FolderCheckpoint?, since: Date,
        receive: @Sendable (InboundMail, _ position: FolderCheckpoint) async throws -> Void,
        reached: @Sendable (FolderCheckpoint) async throws -> Void
    ) async throws {
        let client = IMAPClient(tls: connections.tls, logger: connections.logger)
        do {
            try await client.withSession(to: connections.imapServer(imap)) { session in
                let status = try await session.examine(folder)
                let validity = Int64(status.uidValidity)
                var uids: [UInt32]
                if let checkpoint, checkpoint.uidValidity == validity {
                    if let next = status.uidNext, Int64(next) <= checkpoint.lastUID + 1 { return }
                    // `n:*` also matches the highest UID when it is below n: filtered out.
                    uids = try await session.uidSearch(.uids(from: UInt32(clamping: checkpoint.lastUID + 1), through: nil))
                        .filter { Int64($0) > checkpoint.lastUID }
                } else {
                    // First reading, or the server renumbered the folder: by date, and the
                    // Message-IDs already stored keep anything from being taken twice.
                    uids = try await session.uidSearch(.since(since))
                }
                uids.sort()
                var position = checkpoint?.uidValidity == validity ? checkpoint?.lastUID ?? 0 : 0
                for start in stride(from: 0, to: uids.count, by: Self.batchSize) {
                    let batch = Array(uids[start..<min(start + Self.batchSize, uids.count)])
                    let sizes = try await session.uidFetch(batch, items: [.size, .internalDate])
                    let wanted = sizes.filter { ($0.size ?? 0) <= Self.largestMessage }.map(\.uid)
                    let dates = Dictionary(sizes.map { ($0.uid, $0.internalDate) }, uniquingKeysWith: { first, _ in first })
                    let messages = wanted.isEmpty ? [] : try await session.uidFetch(wanted, items: [.body])
                    for message in messages.sorted(by: { $0.uid < $1.uid }) {
                        guard let body = message.body else { continue }
                        let received = dates[message.uid].flatMap { $0.flatMap(IMAPDate.parse) }
                        try await receive(
                            InboundMailReader.read(body, receivedAt: received), FolderCheckpoint(uidValidity: validity, lastUID: Int64(message.uid)))
                    }
                    position = max(position, Int64(batch.last ?? 0))
                    try await reached(FolderCheckpoint(uidValidity: validity, lastUID: position))
                }
                if uids.isEmpty, checkpoint?.uidValidity != validity {
                    // Nothing yet: start from here, so the next reading asks only for what is new.
                    try await reached(FolderCheckpoint(uidValidity: validity, lastUID: Int64(max(1, status.uidNext ?? 1) - 1)))
                }
            }
        } catch let error as IMAPError {
            throw MailReadFailure(reason: MailErrorText.imap(error))
        }
    }
}

/// IMAP's INTERNALDATE: `17-Jul-1996 02:44:25 -0700`.
enum IMAPDate {
    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "d-MMM-yyyy HH:mm:ss Z"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
