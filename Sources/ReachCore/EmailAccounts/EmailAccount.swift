import Foundation

/// A user's own mailbox that Reach sends from (SMTP) and reads replies in (IMAP).
public struct EmailAccount: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "email-account")

    public let id: EmailAccountID
    public let accountID: AccountID
    /// The user who connected it.
    public let userID: UserID
    public var clientID: ClientID?
    public var provider: EmailServiceProvider
    public var sender: SenderIdentity
    public var smtp: MailServerAddress
    public var imap: MailServerAddress
    /// The passwords as `SecretBox` sealed them; opened only to connect.
    public var sealedSMTPPassword: String
    public var sealedIMAPPassword: String
    public var status: EmailAccountStatus
    public var limits: SendingLimits
    public var signatureHTML: String
    /// Addresses that get a blind copy of every email sent from this mailbox.
    public var bcc: [String]
    public var healthScore: Int
    /// What the last connection check said, per protocol; nil when that side worked.
    public var smtpError: String?
    public var imapError: String?
    public var lastConnectedAt: Date?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: EmailAccountID, accountID: AccountID, userID: UserID, clientID: ClientID?, provider: EmailServiceProvider, sender: SenderIdentity,
        smtp: MailServerAddress, imap: MailServerAddress, sealedSMTPPassword: String, sealedIMAPPassword: String, status: EmailAccountStatus, limits: SendingLimits, signatureHTML: String,
        bcc: [String], healthScore: Int, smtpError: String?, imapError: String?, lastConnectedAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.clientID = clientID
        self.provider = provider
        self.sender = sender
        self.smtp = smtp
        self.imap = imap
        self.sealedSMTPPassword = sealedSMTPPassword
        self.sealedIMAPPassword = sealedIMAPPassword
        self.status = status
        self.limits = limits
        self.signatureHTML = signatureHTML
        self.bcc = bcc
        self.healthScore = healthScore
        self.smtpError = smtpError
        self.imapError = imapError
        self.lastConnectedAt = lastConnectedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the engine may send from it.
    public var canSend: Bool { status.canSend }
}

public typealias EmailAccountID = EntityID<EmailAccount>

/// Saleshandy's statuses: 0 inactive (the last connection check failed, or it was disconnected),
/// 1 active, 2 suspended (paused by a user; nothing is sent until it is resumed).
public enum EmailAccountStatus: Int, Sendable, CaseIterable {
    case disconnected = 0
    case active = 1
    case paused = 2

    /// Only an active mailbox sends.
    public var canSend: Bool { self == .active }
}

/// The provider a mailbox is hosted at, as Saleshandy names them.
public enum EmailServiceProvider: String, Sendable, CaseIterable {
    case gmail, microsoft, gsuite, o365, yahoo, zoho, godaddy, yandex, sendgrid, other
}

/// Who the mail is from.
public struct SenderIdentity: Sendable, Equatable {
    public var email: EmailAddress
    public var fromName: String
    public var firstName: String
    public var lastName: String

    public init(email: EmailAddress, fromName: String, firstName: String, lastName: String) {
        self.email = email
        self.fromName = fromName
        self.firstName = firstName
        self.lastName = lastName
    }
}

/// Where one side of a mailbox is and who logs in; what may be stored and shown.
public struct MailServerAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var encryption: MailEncryption
    public var userName: String

    public init(host: String, port: Int, encryption: MailEncryption, userName: String) {
        self.host = host
        self.port = port
        self.encryption = encryption
        self.userName = userName
    }
}

/// A server address with its plain password: exists in memory only, between opening the sealed
/// password and connecting.
public struct MailServerSettings: Sendable, Equatable {
    public var address: MailServerAddress
    public var password: String

    public init(address: MailServerAddress, password: String) {
        self.address = address
        self.password = password
    }
}

/// Saleshandy's names: "ssl" is TLS from the first byte (465, 993), "tls" is STARTTLS (587, 143).
public enum MailEncryption: String, Sendable, CaseIterable {
    case ssl, tls, none

    /// Accepts Saleshandy's spellings in any case, and "starttls".
    public init?(lenient text: String) {
        switch text.trimmingWhitespace().lowercased() {
        case "ssl": self = .ssl
        case "tls", "starttls": self = .tls
        case "none", "": self = .none
        default: return nil
        }
    }
}

/// How much and how fast a mailbox sends. Ramp-up starts a new mailbox low and raises its daily
/// limit by a percentage each day until it reaches `dailyQuota`.
public struct SendingLimits: Sendable, Equatable {
    public var dailyQuota: Int
    /// Seconds between two sends of this mailbox, drawn at random in this range.
    public var intervalMinimum: Int
    public var intervalMaximum: Int
    public var rampUp: RampUp?

    public struct RampUp: Sendable, Equatable {
        public var initialDailyLimit: Int
        public var percentPerDay: Int
        /// When the ramp-up started: day 0 sends `initialDailyLimit`.
        public var startedAt: Date

        public init(initialDailyLimit: Int, percentPerDay: Int, startedAt: Date) {
            self.initialDailyLimit = initialDailyLimit
            self.percentPerDay = percentPerDay
            self.startedAt = startedAt
        }
    }

    public static let standard = SendingLimits(dailyQuota: 50, intervalMinimum: 60, intervalMaximum: 190, rampUp: nil)
    public static let quotaRange = 1...2000
    public static let intervalRange = 1...86_400

    public init(dailyQuota: Int, intervalMinimum: Int, intervalMaximum: Int, rampUp: RampUp?) {
        self.dailyQuota = dailyQuota
        self.intervalMinimum = intervalMinimum
        self.intervalMaximum = intervalMaximum
        self.rampUp = rampUp
    }

    /// The most this mailbox may send on the day that starts at `day`, ramp-up included.
    public func dailyLimit(on day: Date) -> Int {
        guard let rampUp else { return dailyQuota }
        let days = max(0, Int(day.timeIntervalSince(rampUp.startedAt) / 86_400))
        var limit = Double(rampUp.initialDailyLimit)
        for _ in 0..<min(days, 3650) {
            limit = max(limit + 1, limit * (1 + Double(rampUp.percentPerDay) / 100))
            if limit >= Double(dailyQuota) { return dailyQuota }
        }
        return min(dailyQuota, Int(limit))
    }
}

extension TemplateRenderer.Sender {
    /// The sender merge tags of emails from this mailbox.
    public init(_ mailbox: EmailAccount) {
        self.init(
            firstName: mailbox.sender.firstName, lastName: mailbox.sender.lastName, email: mailbox.sender.email.address,
            signature: mailbox.signatureHTML)
    }
}
