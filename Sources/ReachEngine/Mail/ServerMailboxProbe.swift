import ReachCore
import ReachMail

/// Checks a mailbox by logging in to both of its servers at once: SMTP up to AUTH then QUIT,
/// IMAP up to LOGIN, a look at INBOX, then LOGOUT. Nothing is sent or changed.
public struct ServerMailboxProbe: MailboxProbe {
    let connections: MailConnections

    public init(connections: MailConnections) {
        self.connections = connections
    }

    public func check(smtp: MailServerSettings, imap: MailServerSettings) async -> MailboxCheck {
        async let smtpError = checkSMTP(smtp)
        async let imapError = checkIMAP(imap)
        return MailboxCheck(smtpError: await smtpError, imapError: await imapError)
    }

    func checkSMTP(_ settings: MailServerSettings) async -> String? {
        let client = SMTPClient(tls: connections.tls, timeouts: MailConnections.checkTimeouts, logger: connections.logger)
        do {
            try await client.withSession(to: connections.smtpServer(settings)) { _ in }
            return nil
        } catch let error as SMTPError {
            return MailErrorText.smtp(error)
        } catch {
            return "SMTP: \(error)"
        }
    }

    func checkIMAP(_ settings: MailServerSettings) async -> String? {
        let client = IMAPClient(tls: connections.tls, timeouts: MailConnections.imapCheckTimeouts, logger: connections.logger)
        do {
            _ = try await client.withSession(to: connections.imapServer(settings)) { try await $0.examine("INBOX") }
            return nil
        } catch let error as IMAPError {
            return MailErrorText.imap(error)
        } catch {
            return "IMAP: \(error)"
        }
    }
}
