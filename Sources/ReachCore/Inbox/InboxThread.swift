import Foundation

/// A conversation in the unified inbox: one mailbox writing with one prospect, in one sequence
/// (a "system" thread) or outside any (an "external" one, when a prospect writes first).
public struct InboxThread: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "inbox-thread")

    public let id: InboxThreadID
    public let accountID: AccountID
    public let emailAccountID: EmailAccountID
    public let prospectID: ProspectID?
    public let sequenceID: SequenceID?
    public var subject: String
    /// A `UniboxCategory` key.
    public var category: String
    public var isRead: Bool
    public var isArchived: Bool
    /// Why a person should look at this thread (the prospect asked to be removed), or nil.
    public var reviewReason: String?
    public var lastMessageAt: Date
    public let createdAt: Date

    public init(
        id: InboxThreadID, accountID: AccountID, emailAccountID: EmailAccountID, prospectID: ProspectID?, sequenceID: SequenceID?, subject: String,
        category: String, isRead: Bool, isArchived: Bool, reviewReason: String?, lastMessageAt: Date, createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.emailAccountID = emailAccountID
        self.prospectID = prospectID
        self.sequenceID = sequenceID
        self.subject = subject
        self.category = category
        self.isRead = isRead
        self.isArchived = isArchived
        self.reviewReason = reviewReason
        self.lastMessageAt = lastMessageAt
        self.createdAt = createdAt
    }

    public var isSystem: Bool { sequenceID != nil }
}

public typealias InboxThreadID = EntityID<InboxThread>

/// One email of a thread: received from the prospect (with its classification) or sent from
/// the inbox as a reply.
public struct InboxMessage: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "inbox-message")

    public enum Direction: String, Sendable {
        case received, sent
    }

    public enum Judge: String, Sendable {
        /// Reach's classification rules decided.
        case rules
        /// A user re-classified it.
        case user
    }

    public let id: InboxMessageID
    public let threadID: InboxThreadID
    public let emailAccountID: EmailAccountID
    public let direction: Direction
    public let messageID: String
    public let inReplyTo: String?
    /// The References header: the conversation's Message-IDs, oldest first.
    public let references: [String]
    public let from: String
    public let fromName: String?
    public let to: [String]
    public let cc: [String]
    public let subject: String
    public let text: String
    public let html: String?
    public let newText: String
    /// Nil for messages sent from the inbox.
    public var classification: MailClassification?
    public var classifiedBy: Judge?
    /// The sequence email this one answers, when it was matched to one.
    public let outboundID: OutboundMessageID?
    public let occurredAt: Date

    public init(
        id: InboxMessageID, threadID: InboxThreadID, emailAccountID: EmailAccountID, direction: Direction, messageID: String, inReplyTo: String?,
        references: [String], from: String, fromName: String?, to: [String], cc: [String], subject: String, text: String, html: String?, newText: String,
        classification: MailClassification?, classifiedBy: Judge?, outboundID: OutboundMessageID?, occurredAt: Date
    ) {
        self.id = id
        self.threadID = threadID
        self.emailAccountID = emailAccountID
        self.direction = direction
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.fromName = fromName
        self.to = to
        self.cc = cc
        self.subject = subject
        self.text = text
        self.html = html
        self.newText = newText
        self.classification = classification
        self.classifiedBy = classifiedBy
        self.outboundID = outboundID
        self.occurredAt = occurredAt
    }
}

public typealias InboxMessageID = EntityID<InboxMessage>

/// A reply category (§12.7). Saleshandy's sentiment codes are strings: "1" positive,
/// "2" negative, "3" neutral (inferred from its defaults).
public struct UniboxCategory: Sendable, Equatable {
    public enum Sentiment: String, Sendable, CaseIterable {
        case positive = "1"
        case negative = "2"
        case neutral = "3"

        /// The name the inbox list filter uses.
        public var name: String {
            switch self {
            case .positive: "Positive"
            case .negative: "Negative"
            case .neutral: "Neutral"
            }
        }
    }

    /// 1-based position among the defaults: the numeric id the API accepts beside the key.
    public let id: Int
    public let key: String
    public let name: String
    public let sentiment: Sentiment

    public static let uncategorized = "uncategorized"

    public static let defaults: [UniboxCategory] = [
        UniboxCategory(id: 1, key: uncategorized, name: "Uncategorized", sentiment: .neutral),
        UniboxCategory(id: 2, key: "interested", name: "Interested", sentiment: .positive),
        UniboxCategory(id: 3, key: "not_interested", name: "Not Interested", sentiment: .negative),
        UniboxCategory(id: 4, key: "meeting_booked", name: "Meeting Booked", sentiment: .positive),
        UniboxCategory(id: 5, key: "out_of_office", name: "Out of Office", sentiment: .neutral),
        UniboxCategory(id: 6, key: "closed", name: "Closed", sentiment: .positive),
        UniboxCategory(id: 7, key: "not_now", name: "Not Now", sentiment: .negative),
        UniboxCategory(id: 8, key: "do_not_contact", name: "Do Not Contact", sentiment: .negative),
    ]

    /// The key an outcome is counted under: a default category's key, or a custom outcome's own text.
    public static func key(of outcome: String) -> String {
        find(outcome)?.key ?? outcome
    }

    /// A category named by key, name or numeric id.
    public static func find(_ text: String) -> UniboxCategory? {
        let wanted = text.trimmingWhitespace()
        return defaults.first {
            $0.key.caseInsensitiveCompare(wanted) == .orderedSame || $0.name.caseInsensitiveCompare(wanted) == .orderedSame || String($0.id) == wanted
        }
    }
}
