import Foundation
import ReachCore
import ReachMail

/// Sends one email over the mailbox's SMTP server: MIME-encoded, DKIM-signed when Reach has a
/// key for the sender's domain, blind copies in the envelope only.
public struct SMTPMailTransport: MailTransport {
    let connections: MailConnections

    public init(connections: MailConnections) {
        self.connections = connections
    }

    public func send(_ email: OutgoingEmail, through smtp: MailServerSettings) async throws {
        let domain = String(email.from.split(separator: "@").last ?? "")
        var message = MIMEMessage(
            from: MailAddress(email.from, name: email.fromName), to: email.to.map { MailAddress($0) }, subject: email.content.subject,
            date: Date(), messageID: email.messageID ?? MIMEMessage.newMessageID(domain: domain), text: email.content.text, html: email.content.html)
        message.cc = email.cc.map { MailAddress($0) }
        message.inReplyTo = email.inReplyTo
        message.references = email.references
        message.unsubscribeURL = email.unsubscribeURL
        message.oneClickUnsubscribe = email.oneClickUnsubscribe
        var bytes = message.render()
        do {
            if let signer = try connections.dkimKeys.signer(for: domain) { bytes = try signer.sign(bytes, at: Date()) }
        } catch {
            // A broken key must not silently send unsigned mail that fails DMARC.
            throw MailSendFailure.mailboxUnusable(reason: "The DKIM key for \(domain) cannot be used: \(error)")
        }
        let client = SMTPClient(tls: connections.tls, logger: connections.logger)
        let delivery: SMTPDelivery
        do {
            delivery = try await client.withSession(to: connections.smtpServer(smtp)) { session in
                try await session.send(bytes, from: email.from, to: email.to + email.cc + email.bcc)
            }
        } catch let error as SMTPError {
            throw Self.failure(error)
        }
        // Blind copies may be refused on their own; a refused addressee is the failure that counts.
        if let refused = email.to.lazy.compactMap({ delivery.rejectedRecipients[$0] }).first {
            throw MailSendFailure.recipientRefused(permanent: !refused.isTransient, reason: "The server refused the recipient: \(refused)")
        }
    }

    /// What an SMTP failure means for the message: whether it may have been delivered, whether
    /// trying again can work, and whose fault it is.
    static func failure(_ error: SMTPError) -> MailSendFailure {
        let text = MailErrorText.smtp(error)
        switch (error.stage, error.kind) {
        case (.recipient, .rejected(let reply)): return .recipientRefused(permanent: !reply.isTransient, reason: text)
        case (.authentication, .rejected), (_, .tlsFailed), (_, .unsupported): return .mailboxUnusable(reason: text)
        case (.sender, .rejected(let reply)), (.data, .rejected(let reply)), (.message, .rejected(let reply)):
            return .notAccepted(permanent: !reply.isTransient, reason: text)
        case (.message, .timedOut), (.message, .connectionFailed): return .outcomeUnknown(reason: text)
        default: return .unavailable(reason: text)
        }
    }
}
