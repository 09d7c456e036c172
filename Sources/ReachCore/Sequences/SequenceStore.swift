import Foundation

/// Storage of schedules.
public protocol ScheduleStore: Sendable {
    func schedules(in account: AccountID) async throws -> [Schedule]
    func schedule(_ id: ScheduleID, in account: AccountID) async throws -> Schedule?
    /// The account's default schedule, created (working hours, UTC) when it has none.
    func defaultSchedule(in account: AccountID, at date: Date) async throws -> Schedule
    /// A default schedule takes the place of the previous default.
    func createSchedule(_ schedule: NewSchedule, in account: AccountID, at date: Date) async throws -> Schedule
}

/// Storage of sequences, their steps and variants. Writes keep the invariants the database can
/// hold on its own: at most one email step per day and 26 variants a step; a write that would
/// break them fails with a `.conflict` ReachError.
public protocol SequenceStore: Sendable {
    func sequences(in account: AccountID, matching query: SequenceListQuery) async throws -> Page<SequenceSummary>
    func summary(of id: SequenceID, in account: AccountID) async throws -> SequenceSummary?
    func sequence(_ id: SequenceID, in account: AccountID) async throws -> EmailSequence?
    /// Every account's running (not paused) sequences, in creation order: what the sending engine looks at.
    func runningSequences() async throws -> [EmailSequence]
    func createSequence(_ sequence: NewSequence, in account: AccountID, at date: Date) async throws -> EmailSequence
    /// Applies the non-nil changes; nil when the sequence does not exist.
    func updateSequence(_ id: SequenceID, in account: AccountID, changes: SequenceChanges, at date: Date) async throws -> EmailSequence?
    /// Deletes the sequence with its steps and variants; false when there was none.
    func deleteSequence(_ id: SequenceID, in account: AccountID) async throws -> Bool

    func steps(of sequence: SequenceID) async throws -> [SequenceStep]
    func createStep(_ step: NewStep, in sequence: SequenceID, at date: Date) async throws -> SequenceStep
    func deleteStep(_ id: StepID, in sequence: SequenceID) async throws -> Bool
    func addVariant(_ variant: NewVariant, to step: StepID, letterIndex: Int, at date: Date) async throws -> StepVariant
    func updateVariant(_ id: VariantID, of step: StepID, changes: VariantChanges, at date: Date) async throws -> StepVariant?
    func updateStep(_ id: StepID, absoluteDays: Int?, priority: TaskPriority?, assigneeID: UserID?, at date: Date) async throws
    func deleteVariant(_ id: VariantID, of step: StepID) async throws -> Bool
}

public struct NewSequence: Sendable, Equatable {
    public let title: String
    public let ownerID: UserID
    public let scheduleID: ScheduleID
    public let priorityDistribution: PriorityDistribution
    public let settings: SequenceSettings
    public var trigger: SubsequenceTrigger?
}

public struct SequenceChanges: Sendable, Equatable {
    public var title: String?
    public var isActive: Bool?
    public var scheduleID: ScheduleID?
    public var priorityDistribution: PriorityDistribution?
    public var settings: SequenceSettings?
    public var conditions: [TriggerCondition]?
    public var firstStepRelativeDays: Int?

    public init(
        title: String? = nil, isActive: Bool? = nil, scheduleID: ScheduleID? = nil, priorityDistribution: PriorityDistribution? = nil,
        settings: SequenceSettings? = nil
    ) {
        self.title = title
        self.isActive = isActive
        self.scheduleID = scheduleID
        self.priorityDistribution = priorityDistribution
        self.settings = settings
    }
}

public struct NewStep: Sendable, Equatable {
    public let channel: StepChannel
    public let absoluteDays: Int
    public let priority: TaskPriority
    public let assigneeID: UserID?
    public let variants: [NewVariant]
}

public struct NewVariant: Sendable, Equatable {
    public let payload: [VariantPayloadKey: String]
    public let taskNote: String?
    public let attachmentIDs: [AttachmentID]
    public let isActive: Bool
}

public struct VariantChanges: Sendable, Equatable {
    public var isActive: Bool?
    public var payload: [VariantPayloadKey: String]?
    public var taskNote: String?
    public var attachmentIDs: [AttachmentID]?
}
