import Foundation

/// Where tasks are kept. Finishing a sequence's task and moving its prospect on happen together,
/// so a prospect never waits at a step whose task is done nor skips one whose task is open.
public protocol TaskStore: Sendable {
    /// Creates one task per prospect (API tasks, without a sequence).
    func createTasks(_ tasks: [NewTask], at date: Date) async throws -> [TaskID]
    /// Creates the task of a manual step that came due and parks the enrolment at that step until
    /// the task is done. Nil when the step made its task already (another engine, a restart).
    func createStepTask(_ task: NewTask, at date: Date) async throws -> TaskID?
    func task(_ id: TaskID, in account: AccountID) async throws -> TaskListing?
    /// The account's tasks among `ids`, in the order of `ids`.
    func tasks(_ ids: [TaskID], in account: AccountID) async throws -> [TaskListing]
    func tasks(in account: AccountID, matching query: TaskQuery) async throws -> Page<TaskListing>
    func counts(in account: AccountID, on day: DateInterval) async throws -> TaskCounts
    /// People tasks are assigned to, with how many open tasks each has.
    func assignees(in account: AccountID) async throws -> [(user: User, pendingTasks: Int)]
    /// Deletes the task; with `next`, its enrolment, if still waiting at the task's step, moves on.
    func delete(_ task: SalesTask, next: EnrolmentMove?) async throws
    /// Skips the open tasks of these enrolments (the prospect replied or finished) and returns them.
    func skipOpenTasks(of enrolments: [(ProspectID, SequenceID)], in account: AccountID, reason: String, at date: Date) async throws -> [SalesTask]
    /// Writes a changed task. With `next`, a pending task that became completed or skipped also
    /// moves its enrolment, if still waiting at the task's step, to the next step (or finishes
    /// it). False when the task was not pending any more (someone else finished it first).
    func update(_ task: SalesTask, finishing: Bool, next: EnrolmentMove?) async throws -> Bool
}

/// Where a finished task's prospect goes in its sequence: the next step, due then, or (without
/// one) the end of the sequence.
public struct EnrolmentMove: Sendable, Equatable {
    public let nextStep: StepID?
    public let dueAt: Date?

    public init(nextStep: StepID?, dueAt: Date?) {
        self.nextStep = nextStep
        self.dueAt = dueAt
    }
}

public struct NewTask: Sendable, Equatable {
    public let accountID: AccountID
    public let prospectID: ProspectID
    public let sequenceID: SequenceID?
    public let stepID: StepID?
    public let type: StepChannel
    public let priority: TaskPriority
    public let assigneeID: UserID?
    public let dueAt: Date
    public let note: String?

    public init(
        accountID: AccountID, prospectID: ProspectID, sequenceID: SequenceID?, stepID: StepID?, type: StepChannel, priority: TaskPriority,
        assigneeID: UserID?, dueAt: Date, note: String?
    ) {
        self.accountID = accountID
        self.prospectID = prospectID
        self.sequenceID = sequenceID
        self.stepID = stepID
        self.type = type
        self.priority = priority
        self.assigneeID = assigneeID
        self.dueAt = dueAt
        self.note = note
    }
}

/// A task with what a task list shows beside it.
public struct TaskListing: Sendable, Equatable {
    public let task: SalesTask
    public let prospectEmail: String
    public let sequenceTitle: String?
    public let stepNumber: Int?

    public init(task: SalesTask, prospectEmail: String, sequenceTitle: String?, stepNumber: Int?) {
        self.task = task
        self.prospectEmail = prospectEmail
        self.sequenceTitle = sequenceTitle
        self.stepNumber = stepNumber
    }
}

public struct TaskQuery: Sendable, Equatable {
    public enum SortField: String, Sendable, CaseIterable {
        case priority, completedAt, skippedAt, dueDate
    }

    public var stage: TaskStage?
    /// The day `stage` is judged on.
    public var day: DateInterval
    public var sequenceID: SequenceID?
    public var assigneeID: UserID?
    public var category: TaskCategory?
    public var callOutcome: CallOutcome?
    /// The enrolment's outcome, as `PATCH /v1/sequences/.../outcome` set it.
    public var prospectOutcome: String?
    /// Part of the prospect's email or name.
    public var search: String?
    public var sortBy: SortField
    public var direction: SortDirection
    public var page: PageRequest

    public init(
        stage: TaskStage?, day: DateInterval, sequenceID: SequenceID?, assigneeID: UserID?, category: TaskCategory?, callOutcome: CallOutcome?,
        prospectOutcome: String?, search: String?, sortBy: SortField, direction: SortDirection, page: PageRequest
    ) {
        self.stage = stage
        self.day = day
        self.sequenceID = sequenceID
        self.assigneeID = assigneeID
        self.category = category
        self.callOutcome = callOutcome
        self.prospectOutcome = prospectOutcome
        self.search = search
        self.sortBy = sortBy
        self.direction = direction
        self.page = page
    }
}
