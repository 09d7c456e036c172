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
            date: Date(), messageID: MIMEMessage.newMessageID(domain: domain), text: email.content.text, html: email.content.html)
        message.inReplyTo = email.inReplyTo
        message.references = email.references
        message.unsubscribeURL = email.unsubscribeURL
        var bytes = message.render()
        do {
            if let signer = try connections.dkimKeys.signer(for: domain) { bytes = try signer.sign(bytes, at: Date()) }
        } catch {
            // A broken key must not silently send unsigned mail that fails DMARC.
            throw ReachError.invalidInput("The DKIM key for \(domain) cannot be used: \(error)", code: 4000)
        }
        let client = SMTPClient(tls: connections.tls, logger: connections.logger)
        do {
            _ = try await client.withSession(to: connections.smtpServer(smtp)) { session in
                try await session.send(bytes, from: email.from, to: email.to + email.bcc)
            }
        } catch let error as SMTPError {
            throw ReachError.invalidInput("The email was not sent: \(MailErrorText.smtp(error))", code: 4000)
        }
    }
}
