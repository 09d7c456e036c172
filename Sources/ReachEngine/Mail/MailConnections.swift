import Logging
import ReachCore
import ReachMail

/// How Reach reaches mail servers: the TLS trust (system roots plus `REACH_MAIL_CA_FILE`), the
/// DNS resolver, the DKIM keys, and the name it gives in EHLO. One value shared by every adapter.
public struct MailConnections: Sendable {
    public let tls: MailTLS
    public let resolver: DNSResolver
    public let dkimKeys: DKIMKeyDirectory
    public let clientName: String
    public let logger: Logger

    public init(tls: MailTLS, resolver: DNSResolver, dkimKeys: DKIMKeyDirectory, clientName: String, logger: Logger) {
        self.tls = tls
        self.resolver = resolver
        self.dkimKeys = dkimKeys
        self.clientName = clientName
        self.logger = logger
    }

    /// Checks get less time than sends: a user is waiting for the answer.
    static let checkTimeouts = SMTPTimeouts(connect: .seconds(10), command: .seconds(20), dataEnd: .seconds(20))
    static let imapCheckTimeouts = IMAPTimeouts(connect: .seconds(10), command: .seconds(20), fetch: .seconds(20))

    func smtpServer(_ settings: MailServerSettings) -> SMTPServer {
        SMTPServer(
            host: settings.address.host, port: settings.address.port, security: MailSecurity(settings.address.encryption),
            credentials: .password(username: settings.address.userName, password: settings.password), clientName: clientName)
    }

    func imapServer(_ settings: MailServerSettings) -> IMAPServer {
        IMAPServer(
            host: settings.address.host, port: settings.address.port, security: MailSecurity(settings.address.encryption),
            credentials: .password(username: settings.address.userName, password: settings.password))
    }
}

extension MailSecurity {
    init(_ encryption: MailEncryption) {
        switch encryption {
        case .ssl: self = .implicitTLS
        case .tls: self = .startTLS
        case .none: self = .none
        }
    }
}
