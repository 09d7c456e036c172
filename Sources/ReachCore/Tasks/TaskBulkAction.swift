import Foundation

/// A change to many tasks at once (skip, snooze, complete), done in the background so that ten
/// thousand tasks never hold a request open. Each task's outcome is kept, so the status can count
/// them and the report list them; a job interrupted by a restart carries on where it stopped.
public struct TaskBulkAction: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "task-bulk-action")

    public enum Kind: String, Sendable, CaseIterable {
        case skip, snooze, complete
    }

    public enum Status: String, Sendable {
        case pending, running, completed
    }

    public let id: TaskBulkActionID
    public let accountID: AccountID
    public let kind: Kind
    public let snoozeUntil: Date?
    public let status: Status
    public let totalTasks: Int
    public let succeeded: Int
    public let failed: Int
    public let createdAt: Date
    public let completedAt: Date?

    public init(
        id: TaskBulkActionID, accountID: AccountID, kind: Kind, snoozeUntil: Date?, status: Status, totalTasks: Int, succeeded: Int, failed: Int,
        createdAt: Date, completedAt: Date?
    ) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.snoozeUntil = snoozeUntil
        self.status = status
        self.totalTasks = totalTasks
        self.succeeded = succeeded
        self.failed = failed
        self.createdAt = createdAt
        self.completedAt = completedAt
    }

    public var pending: Int { totalTasks - succeeded - failed }
}

public typealias TaskBulkActionID = EntityID<TaskBulkAction>

/// One task of a bulk action: the id as the caller sent it, the task it names (nil when it names
/// none this installation could have issued) and, once done, how it went.
public struct TaskBulkItem: Sendable, Equatable {
    public let position: Int
    public let givenID: String
    public let taskID: TaskID?
    public var failure: String?
    public var isDone: Bool

    public init(position: Int, givenID: String, taskID: TaskID?, failure: String? = nil, isDone: Bool = false) {
        self.position = position
        self.givenID = givenID
        self.taskID = taskID
        self.failure = failure
        self.isDone = isDone
    }
}

public protocol TaskBulkStore: Sendable {
    /// Queues the action with its items; items already `isDone` (ids that name nothing) count at once.
    func createBulkAction(in account: AccountID, by user: UserID, kind: TaskBulkAction.Kind, snoozeUntil: Date?, items: [TaskBulkItem], at date: Date)
        async throws -> TaskBulkActionID
    /// Takes the oldest queued action, or one whose worker's lease ran out.
    func claimNextBulkAction(worker: String, now: Date, leaseUntil: Date) async throws -> TaskBulkAction?
    func unfinishedItems(of action: TaskBulkActionID, limit: Int) async throws -> [TaskBulkItem]
    /// Snoozes the items' pending tasks of the account and records each item's outcome, in one
    /// transaction, with task-updated events; extends the worker's lease.
    func snooze(_ items: [TaskBulkItem], of action: TaskBulkAction, at date: Date, leaseUntil: Date) async throws
    /// Records outcomes of items done one by one, and extends the worker's lease.
    func recordOutcomes(_ items: [TaskBulkItem], of action: TaskBulkActionID, leaseUntil: Date) async throws
    /// Marks the action completed and records `event` with it, once.
    func finishBulkAction(_ id: TaskBulkActionID, at date: Date, raising event: SendingEvent) async throws
    func bulkAction(_ id: TaskBulkActionID, in account: AccountID?) async throws -> TaskBulkAction?
    func items(of action: TaskBulkActionID) async throws -> [TaskBulkItem]
}
