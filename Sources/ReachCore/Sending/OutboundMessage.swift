import Foundation

/// One email of a sequence to one prospect: written, with its Message-ID, before the SMTP
/// transaction starts, so that a crash can never lead to a second copy of the same step.
public struct OutboundMessage: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "outbound-message")

    public enum Status: String, Sendable, CaseIterable {
        /// Claimed and being handed to the mail server.
        case sending
        /// The server accepted it.
        case sent
        /// The server refused it for good.
        case failed
        /// The transaction broke after the message was transmitted (or the process died during
        /// it): it may have arrived. Never sent again.
        case unknown
    }

    public let id: OutboundMessageID
    public let sequenceID: SequenceID
    public let stepID: StepID
    public let prospectID: ProspectID
    public let emailAccountID: EmailAccountID
    /// Without angle brackets.
    public let messageID: String
    public let status: Status
    public let error: String?
    public let createdAt: Date
    public let sentAt: Date?

    public init(
        id: OutboundMessageID, sequenceID: SequenceID, stepID: StepID, prospectID: ProspectID, emailAccountID: EmailAccountID, messageID: String,
        status: Status, error: String?, createdAt: Date, sentAt: Date?
    ) {
        self.id = id
        self.sequenceID = sequenceID
        self.stepID = stepID
        self.prospectID = prospectID
        self.emailAccountID = emailAccountID
        self.messageID = messageID
        self.status = status
        self.error = error
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}

public typealias OutboundMessageID = EntityID<OutboundMessage>

/// Why a message was not (or may not have been) delivered, in the terms the engine acts on.
/// `MailTransport` implementations throw it.
public enum MailSendFailure: Error, Sendable, Equatable {
    /// The server refused the recipient: permanent (5xx, the prospect bounced) or not (4xx).
    case recipientRefused(permanent: Bool, reason: String)
    /// The server refused the message or the sender before accepting it; nothing was delivered.
    case notAccepted(permanent: Bool, reason: String)
    /// The mailbox cannot send until a person fixes it: credentials refused, TLS failing, a
    /// capability the configuration needs missing. It is disconnected.
    case mailboxUnusable(reason: String)
    /// The server or network failed before the message was transmitted; retrying is safe.
    case unavailable(reason: String)
    /// The connection broke after the message was transmitted: it may have been delivered.
    case outcomeUnknown(reason: String)

    public var reason: String {
        switch self {
        case .recipientRefused(_, let reason), .notAccepted(_, let reason), .mailboxUnusable(let reason), .unavailable(let reason),
            .outcomeUnknown(let reason):
            reason
        }
    }
}

/// What asking for a mailbox's send slot came to.
public enum SendClaim: Sendable, Equatable {
    /// The message is recorded as being sent and may go now.
    case claimed(OutboundMessageID)
    /// The mailbox's interval has not passed, or it is no longer active.
    case mailboxBusy
    /// The mailbox has sent its daily limit.
    case limitReached
    /// A message exists already for this prospect and step.
    case alreadySent
}
