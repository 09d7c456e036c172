import Foundation

/// How a sequence is doing, counted from the event store: per prospect (did they open, click,
/// reply...), per email, and per step and variant.
public struct SequenceStats: Sendable, Equatable {
    public let sequence: EmailSequence
    public let client: Client?
    public let prospects: ProspectCounts
    public let emails: EmailCounts
    /// In step order, each with its variants.
    public let steps: [StepStats]

    public init(sequence: EmailSequence, client: Client?, prospects: ProspectCounts, emails: EmailCounts, steps: [StepStats]) {
        self.sequence = sequence
        self.client = client
        self.prospects = prospects
        self.emails = emails
        self.steps = steps
    }
}

/// Prospects of a sequence by what happened to them in it (each counted once however many
/// emails it took), and by outcome.
public struct ProspectCounts: Sendable, Equatable {
    public var total = 0
    /// Sent at least one email.
    public var contacted = 0
    public var opened = 0
    public var clicked = 0
    public var replied = 0
    public var unsubscribed = 0
    public var bounced = 0
    public var sentNoOpen = 0
    public var openedNoReply = 0
    public var openedNoClick = 0
    public var clickedNoReply = 0
    /// By unibox category key; a prospect who replied without an outcome counts as uncategorized.
    public var outcomes: [String: Int] = [:]
    public var dealValues: [String: Double] = [:]

    public init() {}

    /// Outcomes are stored as users name them ("Meeting Booked", "meeting_booked", "4"): the
    /// default categories are counted under their keys, custom outcomes under their own text.
    public func withCategoryKeys() -> ProspectCounts {
        var counts = self
        counts.outcomes = [:]
        counts.dealValues = [:]
        for (outcome, number) in outcomes { counts.outcomes[UniboxCategory.key(of: outcome), default: 0] += number }
        for (outcome, value) in dealValues { counts.dealValues[UniboxCategory.key(of: outcome), default: 0] += value }
        return counts
    }
}

/// Emails by what became of them; opened, clicked, replied and bounced count emails, not events.
public struct EmailCounts: Sendable, Equatable {
    /// Every email Reach finished trying to send: sent, bounced or failed.
    public var total = 0
    /// Prospects waiting for their next email step.
    public var scheduled = 0
    /// Handed to the mail server (including those whose outcome a crash left unknown).
    public var sent = 0
    public var delivered = 0
    public var opened = 0
    public var clicked = 0
    public var replied = 0
    public var bounced = 0
    public var failed = 0

    public init() {}

    public static func + (lhs: Self, rhs: Self) -> Self {
        var sum = lhs
        sum.total += rhs.total
        sum.scheduled += rhs.scheduled
        sum.sent += rhs.sent
        sum.delivered += rhs.delivered
        sum.opened += rhs.opened
        sum.clicked += rhs.clicked
        sum.replied += rhs.replied
        sum.bounced += rhs.bounced
        sum.failed += rhs.failed
        return sum
    }
}

public struct StepStats: Sendable, Equatable {
    public let stepID: StepID
    public let stepNumber: Int
    public let emails: EmailCounts
    public let variants: [VariantStats]

    public init(stepID: StepID, stepNumber: Int, emails: EmailCounts, variants: [VariantStats]) {
        self.stepID = stepID
        self.stepNumber = stepNumber
        self.emails = emails
        self.variants = variants
    }
}

public struct VariantStats: Sendable, Equatable {
    public let variantID: VariantID
    /// 0 for A.
    public let letterIndex: Int
    public let emails: EmailCounts

    public init(variantID: VariantID, letterIndex: Int, emails: EmailCounts) {
        self.variantID = variantID
        self.letterIndex = letterIndex
        self.emails = emails
    }
}

/// One sent email with what came of it: a row of the consolidated report and of the export.
public struct SentEmailReport: Sendable, Equatable {
    public let outboundID: OutboundMessageID
    public let sequenceID: SequenceID
    public let sequenceTitle: String
    public let owner: String
    public let stepNumber: Int?
    public let senderEmail: String
    public let recipientEmail: String
    public let prospectID: ProspectID
    public var recipientName = ""
    public let sentAt: Date
    public let openCount: Int
    public let lastOpenedAt: Date?
    public let clickCount: Int
    public let lastClickedAt: Date?
    public let lastLinkClicked: String?
    public let repliedAt: Date?
    public let bouncedAt: Date?
    public let unsubscribedAt: Date?
    public let conversationID: InboxThreadID?
    /// The prospect's outcome in the sequence, else their reply thread's category.
    public let category: String?
    public let client: Client?

    public init(
        outboundID: OutboundMessageID, sequenceID: SequenceID, sequenceTitle: String, owner: String, stepNumber: Int?, senderEmail: String,
        recipientEmail: String, prospectID: ProspectID, sentAt: Date, openCount: Int, lastOpenedAt: Date?, clickCount: Int, lastClickedAt: Date?,
        lastLinkClicked: String?, repliedAt: Date?, bouncedAt: Date?, unsubscribedAt: Date?, conversationID: InboxThreadID?, category: String?,
        client: Client?
    ) {
        self.outboundID = outboundID
        self.sequenceID = sequenceID
        self.sequenceTitle = sequenceTitle
        self.owner = owner
        self.stepNumber = stepNumber
        self.senderEmail = senderEmail
        self.recipientEmail = recipientEmail
        self.prospectID = prospectID
        self.sentAt = sentAt
        self.openCount = openCount
        self.lastOpenedAt = lastOpenedAt
        self.clickCount = clickCount
        self.lastClickedAt = lastClickedAt
        self.lastLinkClicked = lastLinkClicked
        self.repliedAt = repliedAt
        self.bouncedAt = bouncedAt
        self.unsubscribedAt = unsubscribedAt
        self.conversationID = conversationID
        self.category = category
        self.client = client
    }
}

/// A mailbox's results across its sequences.
public struct MailboxStats: Sendable, Equatable {
    public let mailbox: EmailAccount
    public let owner: String
    public let client: Client?
    public var sequenceCount = 0
    public var prospects = ProspectCounts()
    public var emails = EmailCounts()

    public init(mailbox: EmailAccount, owner: String, client: Client?) {
        self.mailbox = mailbox
        self.owner = owner
        self.client = client
    }
}

/// One user's results over a period, for the team report.
public struct UserStats: Sendable, Equatable {
    public let userID: UserID
    public let name: String
    public let email: String
    public var prospectsAdded = 0
    public var prospectsContacted = 0
    public var emailsSent = 0
    public var opened = 0
    public var clicked = 0
    public var replied = 0
    public var unsubscribed = 0
    public var bounced = 0
    /// By unibox category key (custom outcomes under their own text).
    public var outcomes: [String: Int] = [:]

    public init(userID: UserID, name: String, email: String) {
        self.userID = userID
        self.name = name
        self.email = email
    }
}
