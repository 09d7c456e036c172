import Foundation

/// A message read from one of the user's mailboxes, as the reply poller hands it to Core:
/// already decoded (no MIME, no IMAP), with only what matching and classification need.
public struct InboundMail: Sendable, Equatable {
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    /// The sender's address (lowercased as written) and display name.
    public var from: String?
    public var fromName: String?
    public var to: [String]
    public var cc: [String]
    public var subject: String
    /// The Date header, or when the server received it.
    public var date: Date?
    /// The plain-text body; when the message had only HTML, its text rendering.
    public var text: String
    public var html: String?
    /// What the sender wrote: `text` without the quoted history and signature separator.
    /// Phrases are looked for here, so a quoted copy of our own email ("Unsubscribe") never counts.
    public var newText: String
    /// The header fields that mark automatic mail, by lowercased name (`auto-submitted`,
    /// `x-autoreply`, `x-autorespond`, `precedence`, `x-auto-response-suppress`, `list-id`,
    /// `return-path`, `content-type`, ...). Only the first occurrence of each.
    public var headers: [String: String]
    /// The delivery status report (RFC 3464) when the message is one.
    public var deliveryReport: DeliveryReport?

    public init(
        messageID: String?, inReplyTo: [String] = [], references: [String] = [], from: String?, fromName: String? = nil, to: [String] = [],
        cc: [String] = [], subject: String, date: Date?, text: String, html: String? = nil, newText: String, headers: [String: String] = [:],
        deliveryReport: DeliveryReport? = nil
    ) {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.fromName = fromName
        self.to = to
        self.cc = cc
        self.subject = subject
        self.date = date
        self.text = text
        self.html = html
        self.newText = newText
        self.headers = headers
        self.deliveryReport = deliveryReport
    }

    /// Every Message-ID this message says it answers, nearest first.
    public var answeredMessageIDs: [String] { inReplyTo + references.reversed() }
}

/// What a delivery status report says, per failed or delayed recipient.
public struct DeliveryReport: Sendable, Equatable {
    public struct Recipient: Sendable, Equatable {
        public var address: String
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`.
        public var action: String
        /// The RFC 3463 status, such as `5.1.1`.
        public var status: String
        public var diagnostic: String?

        public init(address: String, action: String, status: String, diagnostic: String?) {
            self.address = address
            self.action = action
            self.status = status
            self.diagnostic = diagnostic
        }
    }

    public var recipients: [Recipient]
    /// The bounced message's own Message-ID, when the report encloses its header.
    public var originalMessageID: String?

    public init(recipients: [Recipient], originalMessageID: String?) {
        self.recipients = recipients
        self.originalMessageID = originalMessageID
    }
}

/// What an inbound message is, and why Reach thinks so: the rule is stored and shown, so a user
/// can see (and overrule) every decision.
public struct MailClassification: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A person answered: the prospect stops.
        case reply
        /// An out-of-office or other automatic answer: not a reply.
        case autoReply = "auto_reply"
        /// The message could not be delivered.
        case bounce
        /// A person answered asking to be removed: stops, and is flagged for review.
        case unsubscribeRequest = "unsubscribe_request"
    }

    public enum BounceSeverity: String, Sendable {
        /// Permanent (5.x.x): the address will never take mail.
        case hard
        /// Temporary (4.x.x) or unknown: worth another try later.
        case soft
    }

    public var kind: Kind
    /// The rule that decided, in words: `header Auto-Submitted: auto-replied`,
    /// `subject "Abwesenheitsnotiz" (de)`, `DSN 5.1.1 for jo@x.com`, `no automatic sign`.
    public var rule: String
    /// When an out-of-office says the person is back.
    public var returnDate: Date?
    public var bounceSeverity: BounceSeverity?
    /// The address that bounced and the status, when the bounce names them.
    public var bouncedAddress: String?
    public var bounceStatus: String?

    public init(
        kind: Kind, rule: String, returnDate: Date? = nil, bounceSeverity: BounceSeverity? = nil, bouncedAddress: String? = nil, bounceStatus: String? = nil
    ) {
        self.kind = kind
        self.rule = rule
        self.returnDate = returnDate
        self.bounceSeverity = bounceSeverity
        self.bouncedAddress = bouncedAddress
        self.bounceStatus = bounceStatus
    }
}

extension MailClassification.BounceSeverity {
    /// Permanent failures (5.x.x, SMTP 5xx) are hard, except those about the message or the
    /// moment rather than the address (mailbox full, too large, expired, refused content), which
    /// major providers send for conditions that pass.
    public static func of(status: String) -> Self {
        guard status.hasPrefix("5") else { return .soft }
        return softPermanentStatuses.contains(status) ? .soft : .hard
    }

    static let softPermanentStatuses: Set<String> = ["5.2.2", "5.2.3", "5.3.4", "5.4.7", "5.7.0", "5.7.1", "552"]
}
