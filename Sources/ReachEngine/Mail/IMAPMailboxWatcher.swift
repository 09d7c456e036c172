import Foundation
import ReachCore
import ReachMail

/// IMAP IDLE (RFC 2177) on one folder, opened read-only, renewed before servers drop idle
/// clients (29 minutes, RFC 2177 §3).
public struct IMAPMailboxWatcher: MailboxWatcher {
    let connections: MailConnections

    public init(connections: MailConnections) {
        self.connections = connections
    }

    static let idleRound: Duration = .seconds(25 * 60)

    public func watch(
        _ folder: String, through imap: MailServerSettings, after checkpoint: FolderCheckpoint?, newMail: @Sendable () async -> Void
    ) async throws {
        let client = IMAPClient(tls: connections.tls, logger: connections.logger)
        do {
            try await client.withSession(to: connections.imapServer(imap)) { session in
                guard session.capabilities.contains("IDLE") else { throw MailWatchUnsupported() }
                let status = try await session.examine(folder)
                if let checkpoint, checkpoint.uidValidity != Int64(status.uidValidity) || Int64(status.uidNext ?? 0) > checkpoint.lastUID + 1 {
                    await newMail()
                }
                while !Task.isCancelled {
                    if try await session.idle(upTo: Self.idleRound) { await newMail() }
                }
            }
        } catch let error as IMAPError {
            throw MailReadFailure(reason: MailErrorText.imap(error))
        }
    }
}
