import Foundation

/// Checks that a mailbox's servers accept its credentials. ReachEngine implements it over SMTP
/// and IMAP; nothing is sent and nothing in the mailbox changes.
public protocol MailboxProbe: Sendable {
    func check(smtp: MailServerSettings, imap: MailServerSettings) async -> MailboxCheck
}

/// What a connection check found: each side's error in words a user can act on, or nil.
public struct MailboxCheck: Sendable, Equatable {
    public let smtpError: String?
    public let imapError: String?

    public init(smtpError: String?, imapError: String?) {
        self.smtpError = smtpError
        self.imapError = imapError
    }

    public var isConnected: Bool { smtpError == nil && imapError == nil }
}

/// Hands one finished email to a mailbox's SMTP server.
public protocol MailTransport: Sendable {
    /// Throws `MailSendFailure` when the message was not (or may not have been) delivered.
    func send(_ email: OutgoingEmail, through smtp: MailServerSettings) async throws
}

/// An email ready to go: who from and to, what it says, and the headers that thread it.
public struct OutgoingEmail: Sendable, Equatable {
    public var from: String
    public var fromName: String
    public var to: [String]
    public var cc: [String]
    public var bcc: [String]
    public var content: RenderedEmail
    /// Chosen by the caller when it must be known before sending (the engine records it first);
    /// nil lets the transport make one.
    public var messageID: String?
    public var inReplyTo: String?
    public var references: [String]
    /// The one-click unsubscribe URL (RFC 8058), when the email is part of a campaign.
    public var unsubscribeURL: String?
    /// Whether mail clients may unsubscribe with one POST to `unsubscribeURL` (List-Unsubscribe-Post).
    public var oneClickUnsubscribe: Bool

    public init(
        from: String, fromName: String, to: [String], cc: [String] = [], bcc: [String] = [], content: RenderedEmail, messageID: String? = nil,
        inReplyTo: String? = nil, references: [String] = [], unsubscribeURL: String? = nil,
        oneClickUnsubscribe: Bool = true
    ) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.content = content
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.unsubscribeURL = unsubscribeURL
        self.oneClickUnsubscribe = oneClickUnsubscribe
    }
}

/// Reads the DNS records that decide whether a sending domain's mail is trusted.
public protocol DomainInspector: Sendable {
    func inspect(domain: String) async -> DomainRecords
}

/// A domain's mail-related DNS records; `lookupError` says a lookup failed (which is not the
/// same as a record being absent).
public struct DomainRecords: Sendable, Equatable {
    public var mailExchangers: [String]
    /// TXT records at the domain itself (SPF lives there).
    public var txt: [String]
    /// TXT records at `_dmarc.domain`.
    public var dmarc: [String]
    /// DKIM selectors found at `selector._domainkey.domain`, with their record.
    public var dkim: [String: String]
    public var lookupError: String?

    public init(mailExchangers: [String], txt: [String], dmarc: [String], dkim: [String: String], lookupError: String? = nil) {
        self.mailExchangers = mailExchangers
        self.txt = txt
        self.dmarc = dmarc
        self.dkim = dkim
        self.lookupError = lookupError
    }
}
