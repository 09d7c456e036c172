import Foundation

/// A prospect's place in a sequence: which step is next and whether the sequence still writes
/// to them. A prospect is in a sequence at most once.
public struct Enrolment: Sendable, Equatable {
    public let sequenceID: SequenceID
    public let prospectID: ProspectID
    public let stepID: StepID?
    public let status: EnrolmentStatus
    /// When a pause with a delay ends by itself.
    public let pausedUntil: Date?
    public let outcome: String?
    public let dealValue: Double?
    public let enrolledAt: Date

    public init(
        sequenceID: SequenceID, prospectID: ProspectID, stepID: StepID?, status: EnrolmentStatus, pausedUntil: Date?, outcome: String?,
        dealValue: Double?, enrolledAt: Date
    ) {
        self.sequenceID = sequenceID
        self.prospectID = prospectID
        self.stepID = stepID
        self.status = status
        self.pausedUntil = pausedUntil
        self.outcome = outcome
        self.dealValue = dealValue
        self.enrolledAt = enrolledAt
    }
}

public enum EnrolmentStatus: String, Sendable, CaseIterable {
    case active, paused, replied, finished, bounced, unsubscribed

    /// Reads the status words a request may use: `active`/`resume`, `paused`/`pause`,
    /// `replied`, `finished`/`finish`.
    public init?(requested text: String) {
        switch text.trimmingWhitespace().lowercased() {
        case "active", "resume", "resumed", "in-progress", "inprogress": self = .active
        case "paused", "pause": self = .paused
        case "replied", "reply": self = .replied
        case "finished", "finish", "completed": self = .finished
        default: return nil
        }
    }
}

/// What enrolling a group of prospects at a step did to each of them.
public struct EnrolmentResult: Sendable, Equatable {
    public var added: [ProspectID] = []
    /// Already in the sequence at this very step: nothing to do.
    public var alreadyAtStep: [ProspectID] = []
    /// In the sequence at another step: refused, as Saleshandy refuses them.
    public var inAnotherStep: [ProspectID] = []

    public init(added: [ProspectID] = [], alreadyAtStep: [ProspectID] = [], inAnotherStep: [ProspectID] = []) {
        self.added = added
        self.alreadyAtStep = alreadyAtStep
        self.inAnotherStep = inAnotherStep
    }

    public static let inAnotherStepReason = "Prospect already present in another step of same sequence"
}

/// A sequence a prospect is in, as `GET /v1/prospects/{id}/minimal/sequences` shows it.
public struct SequenceMembership: Sendable, Equatable {
    public let enrolment: Enrolment
    public let title: String
    public let stepNumber: Int?

    public init(enrolment: Enrolment, title: String, stepNumber: Int?) {
        self.enrolment = enrolment
        self.title = title
        self.stepNumber = stepNumber
    }
}

/// A step and the sequence it belongs to, as enrolment needs them.
public struct StepLocation: Sendable, Equatable {
    public let stepID: StepID
    public let sequenceID: SequenceID
    public let accountID: AccountID

    public init(stepID: StepID, sequenceID: SequenceID, accountID: AccountID) {
        self.stepID = stepID
        self.sequenceID = sequenceID
        self.accountID = accountID
    }
}

/// Storage of enrolments.
public protocol EnrolmentStore: Sendable {
    /// The step, if it is one of the account's.
    func stepLocation(_ step: StepID, in account: AccountID) async throws -> StepLocation?
    /// Enrols the prospects at the step in one transaction; see `EnrolmentResult`.
    func enrol(_ prospects: [ProspectID], at step: StepLocation, at date: Date) async throws -> EnrolmentResult
    func memberships(of prospect: ProspectID) async throws -> [SequenceMembership]
    /// Sets the status of the (prospect, sequence) pairs that exist in the account; returns how
    /// many were changed.
    func setStatus(
        _ status: EnrolmentStatus, pausedUntil: Date?, of pairs: [(ProspectID, SequenceID)], in account: AccountID, at date: Date
    ) async throws -> Int
    /// Records the outcome on the prospects' enrolments (in one sequence, or all of theirs);
    /// returns how many enrolments changed.
    func setOutcome(
        _ outcome: String, dealValue: Double?, of prospects: [ProspectID], sequence: SequenceID?, in account: AccountID, at date: Date
    ) async throws -> Int
}
