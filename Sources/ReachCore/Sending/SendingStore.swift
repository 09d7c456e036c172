import Foundation

/// What the sending engine reads and writes: due enrolments, the outbound messages, per-mailbox
/// counters and leases, and the event record. Every claim is atomic in the database, so any
/// number of engines on one PostgreSQL database never send twice nor exceed a limit.
public protocol SendingStore: EventStore {
    /// The sequence's enrolments whose next step is an email due at `now`, for prospects who
    /// have not unsubscribed; oldest due first. `newProspects` picks those who have had no email
    /// yet, else those waiting for a follow-up; follow-ups in the threads of `excludingMailboxes`
    /// (which cannot send now) are left out, so that what waits never hides what could go.
    func dueEnrolments(in sequence: SequenceID, now: Date, limit: Int, newProspects: Bool, excludingMailboxes: Set<EmailAccountID>) async throws
        -> [DueEnrolment]
    /// Enrolments of running sequences whose next step is a manual one due at `now`, whose task
    /// is still to be made; oldest due first.
    func dueTaskSteps(now: Date, limit: Int) async throws -> [DueEnrolment]
    /// Messages each mailbox has sent (or tried to) since `start`; none when missing.
    func sendCounts(of mailboxes: [EmailAccountID], since start: Date) async throws -> [EmailAccountID: Int]
    /// Each sequence's mailboxes with their status and when they may send next: what tells a pass
    /// which sequences can send at all, before it reads anything more about them.
    func sendSlots(of sequences: [SequenceID]) async throws -> [SequenceID: [SendSlot]]
    /// For each claim in order, takes its mailbox's next send slot and records its message as
    /// being sent, holding the mailbox meanwhile: only when the mailbox is active, its interval
    /// has passed and it has sent fewer than the claim's daily limit today. So engines sharing a
    /// database never exceed a mailbox's interval or daily limit, nor send a step twice. Each
    /// claim is atomic; the answers are in the claims' order. A claim that fails stops the
    /// batch, and the claims answered before it stand: their messages must be sent.
    func claimSends(_ claims: [SendClaimRequest]) async -> SendClaims
    /// Pushes the mailbox's next slot back (after a recipient's server asked to try later).
    func deferSendSlot(of mailbox: EmailAccountID, until date: Date) async throws
    /// Pushes the mailbox's next slot back after its own server failed, and returns how many
    /// times in a row it has failed; a message finished as sent ends the run.
    func recordSendFailure(of mailbox: EmailAccountID, restUntil date: Date) async throws -> Int
    /// Pauses an active mailbox with `reason` and records `event` with it; false when it was not
    /// active (another process paused it first, or its user changed it), and nothing is written.
    func pauseMailbox(_ mailbox: EmailAccountID, reason: String, at date: Date, raising event: SendingEvent) async throws -> Bool
    /// How many first emails and follow-ups each sequence sent since `date`.
    func recentSends(of sequences: [SequenceID], since date: Date) async throws -> [SequenceID: SendMix]
    /// Records what became of claimed messages: each outcome's status, events and change to its
    /// enrolment in one transaction, so a message is never on record as sent while its prospect
    /// still waits at the step. Several outcomes may share a transaction: all or none are written.
    func finishOutbounds(_ outcomes: [OutboundOutcome]) async throws
    /// Forgets a message that was never transmitted, so the step can be tried again.
    func discardOutbound(_ id: OutboundMessageID) async throws
    /// Messages still `sending` since before `date`: their process died; they become `unknown`.
    func expireSending(before date: Date) async throws -> Int
    func enrolmentState(of prospect: ProspectID, in sequence: SequenceID) async throws -> EnrolmentState?
    /// Moves the enrolment's due time of its current step to `date`.
    func postpone(_ enrolment: DueEnrolment, until date: Date, at now: Date) async throws
    func setEnrolmentStatus(sequence: SequenceID, prospect: ProspectID, to status: EnrolmentStatus, at date: Date) async throws
    func outboundMessages(of sequence: SequenceID, prospect: ProspectID?) async throws -> [OutboundMessage]
}

/// A mailbox of a sequence, as far as whether it can send now.
public struct SendSlot: Sendable, Equatable {
    public let mailbox: EmailAccountID
    public let status: EmailAccountStatus
    /// Nil when it has never sent nor rested.
    public let nextSendAt: Date?

    public init(mailbox: EmailAccountID, status: EmailAccountStatus, nextSendAt: Date?) {
        self.mailbox = mailbox
        self.status = status
        self.nextSendAt = nextSendAt
    }
}

/// An enrolment whose next step is due, with what sending it needs.
public struct DueEnrolment: Sendable, Equatable {
    public let accountID: AccountID
    public let sequenceID: SequenceID
    public let prospectID: ProspectID
    public let stepID: StepID
    public let dueAt: Date
    public let thread: ThreadState

    public init(accountID: AccountID, sequenceID: SequenceID, prospectID: ProspectID, stepID: StepID, dueAt: Date, thread: ThreadState) {
        self.accountID = accountID
        self.sequenceID = sequenceID
        self.prospectID = prospectID
        self.stepID = stepID
        self.dueAt = dueAt
        self.thread = thread
    }
}

/// What became of a claimed message.
public struct OutboundOutcome: Sendable, Equatable {
    public let id: OutboundMessageID
    public let status: OutboundMessage.Status
    public let error: String?
    public let events: [SendingEvent]
    public let enrolment: EnrolmentChange
    public let date: Date

    public init(_ id: OutboundMessageID, status: OutboundMessage.Status, error: String?, events: [SendingEvent], enrolment: EnrolmentChange, at date: Date) {
        self.id = id
        self.status = status
        self.error = error
        self.events = events
        self.enrolment = enrolment
        self.date = date
    }
}

/// What a message's outcome does to its enrolment.
public enum EnrolmentChange: Sendable, Equatable {
    /// Past the step (the message went, or may have): to the move's next step, or finished
    /// without one; the thread as it now is. Only from that step: a concurrent change wins.
    case advance(DueEnrolment, thread: ThreadState, move: EnrolmentMove)
    /// Held at the step with this status (bounced; paused for a person to look).
    case hold(DueEnrolment, EnrolmentStatus)
}

/// The conversation a prospect's emails form: which mailbox writes to them (sticky, so replies
/// and follow-ups stay in one thread) and the Message-IDs to thread under.
public struct ThreadState: Sendable, Equatable {
    public var mailbox: EmailAccountID?
    public var subject: String?
    /// Message-IDs of the emails sent so far, oldest first (for References).
    public var messageIDs: [String]

    public init(mailbox: EmailAccountID?, subject: String?, messageIDs: [String]) {
        self.mailbox = mailbox
        self.subject = subject
        self.messageIDs = messageIDs
    }

    public static let new = ThreadState(mailbox: nil, subject: nil, messageIDs: [])
}

/// A sequence's recent sends, by kind.
public struct SendMix: Sendable, Equatable {
    public var followUps = 0
    public var newProspects = 0

    public init(followUps: Int = 0, newProspects: Int = 0) {
        self.followUps = followUps
        self.newProspects = newProspects
    }
}

/// What a batch of claims came to.
public struct SendClaims: Sendable {
    /// An answer for each claim made, in the claims' order: all of them unless `failure`
    /// stopped the batch.
    public let answers: [SendClaim]
    /// Why the claims after `answers` were not made.
    public let failure: (any Error)?

    public init(answers: [SendClaim], failure: (any Error)? = nil) {
        self.answers = answers
        self.failure = failure
    }
}

/// A message to claim a send slot for: its mailbox must be active and past its interval at
/// `now`, and have sent fewer than `dailyLimit` messages since `dayStart`; its next slot then
/// opens at `nextSendAt`.
public struct SendClaimRequest: Sendable {
    public let message: NewOutboundMessage
    public let now: Date
    public let nextSendAt: Date
    public let dailyLimit: Int
    public let dayStart: Date

    public init(message: NewOutboundMessage, now: Date, nextSendAt: Date, dailyLimit: Int, dayStart: Date) {
        self.message = message
        self.now = now
        self.nextSendAt = nextSendAt
        self.dailyLimit = dailyLimit
        self.dayStart = dayStart
    }
}

public struct NewOutboundMessage: Sendable {
    public let accountID: AccountID
    public let sequenceID: SequenceID
    public let stepID: StepID
    public let variantID: VariantID
    public let prospectID: ProspectID
    public let emailAccountID: EmailAccountID
    public let messageID: String
    public let recipient: String
    public let subject: String
    /// A later email in a thread that has one already.
    public let isFollowUp: Bool

    public init(
        accountID: AccountID, sequenceID: SequenceID, stepID: StepID, variantID: VariantID, prospectID: ProspectID, emailAccountID: EmailAccountID,
        messageID: String, recipient: String, subject: String, isFollowUp: Bool
    ) {
        self.accountID = accountID
        self.sequenceID = sequenceID
        self.stepID = stepID
        self.variantID = variantID
        self.prospectID = prospectID
        self.emailAccountID = emailAccountID
        self.messageID = messageID
        self.recipient = recipient
        self.subject = subject
        self.isFollowUp = isFollowUp
    }
}

/// The record of what happened, read by analytics, webhooks and the event feed.
public protocol EventStore: Sendable {
    func record(_ events: [SendingEvent]) async throws
}

extension EventStore {
    public func record(_ event: SendingEvent) async throws {
        try await record([event])
    }
}

/// Something that happened to an email, a prospect, a task or a mailbox, kept for analytics,
/// webhooks and the feed. Kinds are Saleshandy's webhook event names where it has one.
public struct SendingEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case sent = "email-sent"
        case bounced = "email-bounced"
        case failed = "email-failed"
        case outcomeUnknown = "email-outcome-unknown"
        case mailboxDisconnected = "email-account-disconnected"
        case opened = "email-opened"
        case clicked = "email-link-clicked"
        case unsubscribed = "prospect-unsubscribed"
        case taskCreated = "task-created"
        case taskUpdated = "task-updated"
        case callTaskUpdated = "call-task-updated"
        case linkedInTaskUpdated = "linkedin-task-updated"
        case whatsAppTaskUpdated = "whatsapp-task-updated"
        case customTaskUpdated = "custom-task-updated"
        /// A bulk skip, snooze or complete finished (besides each task's own events).
        case bulkTaskUpdated = "bulk-task-updated"
        case replyReceived = "reply-received"
        case outcomeUpdated = "prospect-outcome-updated"
        case finished = "prospect-finished"
        case sequencePaused = "sequence-paused"
        case mailboxPaused = "email-account-paused"
        /// Reach's own: a webhook was turned off after sustained failure.
        case webhookDisabled = "webhook-disabled"

        /// The per-type event raised beside `task-updated`.
        public static func taskUpdated(of category: TaskCategory) -> Kind {
            switch category {
            case .call: .callTaskUpdated
            case .linkedin: .linkedInTaskUpdated
            case .whatsapp: .whatsAppTaskUpdated
            case .custom: .customTaskUpdated
            }
        }
    }

    public let kind: Kind
    public let accountID: AccountID
    public let sequenceID: SequenceID?
    public let stepID: StepID?
    public let prospectID: ProspectID?
    public let emailAccountID: EmailAccountID?
    public let outboundID: OutboundMessageID?
    public let taskID: TaskID?
    /// The received email the event is about (a reply or a bounce read from the mailbox).
    public let inboxMessageID: InboxMessageID?
    public let detail: String?
    public let occurredAt: Date

    public init(
        kind: Kind, accountID: AccountID, sequenceID: SequenceID?, stepID: StepID?, prospectID: ProspectID?, emailAccountID: EmailAccountID?,
        outboundID: OutboundMessageID?, taskID: TaskID? = nil, inboxMessageID: InboxMessageID? = nil, detail: String?,
        occurredAt: Date
    ) {
        self.kind = kind
        self.accountID = accountID
        self.sequenceID = sequenceID
        self.stepID = stepID
        self.prospectID = prospectID
        self.emailAccountID = emailAccountID
        self.outboundID = outboundID
        self.taskID = taskID
        self.inboxMessageID = inboxMessageID
        self.detail = detail
        self.occurredAt = occurredAt
    }
}
