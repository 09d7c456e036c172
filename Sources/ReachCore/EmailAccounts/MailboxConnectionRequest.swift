import Foundation

/// What a user gives to connect a mailbox, as received: validated by `validated()` into the
/// parts Reach stores. Codable because bulk connects wait, sealed, in a job.
public struct MailboxConnectionRequest: Sendable, Codable, Equatable {
    public struct Server: Sendable, Codable, Equatable {
        public var emailAddress: String
        public var userName: String?
        public var password: String
        public var host: String
        public var port: Int
        public var encryption: String

        public init(emailAddress: String, userName: String?, password: String, host: String, port: Int, encryption: String) {
            self.emailAddress = emailAddress
            self.userName = userName
            self.password = password
            self.host = host
            self.port = port
            self.encryption = encryption
        }
    }

    public var provider: String
    public var fromName: String
    public var firstName: String
    public var lastName: String
    public var smtp: Server
    public var imap: Server

    public init(provider: String, fromName: String, firstName: String, lastName: String, smtp: Server, imap: Server) {
        self.provider = provider
        self.fromName = fromName
        self.firstName = firstName
        self.lastName = lastName
        self.smtp = smtp
        self.imap = imap
    }

    /// The request checked field by field; the message names the field at fault.
    struct Validated {
        let provider: EmailServiceProvider
        let sender: SenderIdentity
        let smtp: MailServerSettings
        let imap: MailServerSettings
    }

    func validated() throws(ReachError) -> Validated {
        guard let provider = EmailServiceProvider(rawValue: provider.trimmingWhitespace().lowercased()) else {
            throw ReachError.invalidInput(
                "emailServiceProvider must be one of the following values: \(EmailServiceProvider.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "emailServiceProvider")
        }
        let firstName = firstName.trimmingWhitespace()
        guard !firstName.isEmpty, firstName.count <= 50 else {
            throw ReachError.invalidInput("fromFirstName must be 1 to 50 characters", field: "fromFirstName")
        }
        let lastName = lastName.trimmingWhitespace()
        guard lastName.count <= 50 else { throw ReachError.invalidInput("fromLastName must be at most 50 characters", field: "fromLastName") }
        var fromName = fromName.trimmingWhitespace()
        if fromName.isEmpty { fromName = [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ") }
        guard fromName.count <= 100, !fromName.contains(where: \.isNewline) else {
            throw ReachError.invalidInput("fromName must be one line of at most 100 characters", field: "fromName")
        }
        let smtp = try Self.server(smtp, side: "smtp")
        let imap = try Self.server(imap, side: "imap")
        guard let email = EmailAddress(self.smtp.emailAddress) else {
            throw ReachError.invalidInput("smtp.emailAddress must be an email", field: "smtp.emailAddress")
        }
        return Validated(
            provider: provider, sender: SenderIdentity(email: email, fromName: fromName, firstName: firstName, lastName: lastName),
            smtp: smtp, imap: imap)
    }

    static func server(_ server: Server, side: String) throws(ReachError) -> MailServerSettings {
        guard EmailAddress(server.emailAddress) != nil else {
            throw ReachError.invalidInput("\(side).emailAddress must be an email", field: "\(side).emailAddress")
        }
        let host = server.host.trimmingWhitespace().lowercased()
        guard !host.isEmpty, host.count <= 253, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:[]".contains($0) }) else {
            throw ReachError.invalidInput("\(side).host must be a host name or address", field: "\(side).host")
        }
        guard (1...65535).contains(server.port) else { throw ReachError.invalidInput("\(side).port must be 1 to 65535", field: "\(side).port") }
        guard let encryption = MailEncryption(lenient: server.encryption) else {
            throw ReachError.invalidInput("\(side).encryption must be one of the following values: SSL, TLS, NONE", field: "\(side).encryption")
        }
        guard !server.password.isEmpty, server.password.utf8.count <= 1000 else {
            throw ReachError.invalidInput("\(side).password should not be empty", field: "\(side).password")
        }
        let userName = (server.userName?.trimmingWhitespace()).flatMap { $0.isEmpty ? nil : $0 } ?? server.emailAddress.trimmingWhitespace()
        return MailServerSettings(address: MailServerAddress(host: host, port: server.port, encryption: encryption, userName: userName), password: server.password)
    }
}
