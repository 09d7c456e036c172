import Foundation
import Logging

/// Bulk skip, snooze and complete: queued, then worked through in chunks by the task worker.
extension TaskService {
    public static let bulkActionNotFound = ReachError.notFound("Bulk action not found")
    /// Tasks read and changed per transaction.
    static let bulkChunk = 500
    /// How long a worker owns a bulk action before another may take it over: each chunk renews
    /// it, so only a worker that died (or hung) loses its action.
    static let bulkLease: TimeInterval = 30

    /// The most tasks one request may name, per action (Saleshandy: 100 to skip, 10,000 to snooze).
    public static func bulkLimit(_ kind: TaskBulkAction.Kind) -> Int {
        kind == .snooze ? 10_000 : 100
    }

    /// Queues the action. `given` are the ids as sent; `decoded` the task each names, if any.
    public func startBulk(
        _ kind: TaskBulkAction.Kind, tasks given: [(text: String, id: TaskID?)], snoozeUntil: Date?, by user: UserID, in account: AccountID
    ) async throws -> TaskBulkActionID {
        let now = clock.now
        if kind == .snooze {
            guard let until = snoozeUntil, until > now else {
                throw ReachError.invalidInput("snoozeUntil must be in the future", field: "snoozeUntil", code: 4000)
            }
        }
        var seen: Set<String> = []
        let items = given.filter { seen.insert($0.text).inserted }.enumerated().map { position, task in
            TaskBulkItem(
                position: position + 1, givenID: task.text, taskID: task.id, failure: task.id == nil ? Self.notFound.message : nil,
                isDone: task.id == nil)
        }
        let id = try await bulk.createBulkAction(in: account, by: user, kind: kind, snoozeUntil: snoozeUntil, items: items, at: now)
        signal.notify()
        return id
    }

    public func bulkStatus(_ id: TaskBulkActionID, in account: AccountID) async throws -> TaskBulkAction {
        guard let action = try await bulk.bulkAction(id, in: account) else { throw Self.bulkActionNotFound }
        return action
    }

    /// Every task of the action with its outcome; `account` nil for a signed report link.
    public func bulkReport(_ id: TaskBulkActionID, in account: AccountID?) async throws -> (TaskBulkAction, [TaskBulkItem]) {
        guard let action = try await bulk.bulkAction(id, in: account) else { throw Self.bulkActionNotFound }
        return (action, try await bulk.items(of: id))
    }

    /// Claims and works through one queued action; false when none was waiting.
    public func runNextBulkAction(worker: String, logger: Logger) async throws -> Bool {
        guard let action = try await bulk.claimNextBulkAction(worker: worker, now: clock.now, leaseUntil: clock.now.addingTimeInterval(Self.bulkLease))
        else { return false }
        while true {
            try Task.checkCancellation()
            let items = try await bulk.unfinishedItems(of: action.id, limit: Self.bulkChunk)
            if items.isEmpty { break }
            switch action.kind {
            case .snooze:
                try await bulk.snooze(items, of: action, at: clock.now, leaseUntil: clock.now.addingTimeInterval(Self.bulkLease))
            case .skip, .complete:
                var done: [TaskBulkItem] = []
                for var item in items {
                    item.failure = try await finishForBulk(item, of: action)
                    item.isDone = true
                    done.append(item)
                }
                try await bulk.recordOutcomes(done, of: action.id, leaseUntil: clock.now.addingTimeInterval(Self.bulkLease))
            }
        }
        let now = clock.now
        try await bulk.finishBulkAction(
            action.id, at: now,
            raising: SendingEvent(
                kind: .bulkTaskUpdated, accountID: action.accountID, sequenceID: nil, stepID: nil, prospectID: nil, emailAccountID: nil,
                outboundID: nil, detail: "\(action.kind.rawValue) of \(action.totalTasks) tasks", occurredAt: now))
        logger.info("bulk \(action.kind.rawValue) \(action.id) finished: \(action.totalTasks) tasks")
        return true
    }

    /// Skips or completes one task; nil when done, else why not. A task this very action finished
    /// before a restart (finished after the action was queued) counts as done: the work is not
    /// repeated, nor reported as failed.
    func finishForBulk(_ item: TaskBulkItem, of action: TaskBulkAction) async throws -> String? {
        guard let id = item.taskID else { return Self.notFound.message }
        do {
            switch action.kind {
            case .skip: _ = try await skip(id, in: action.accountID)
            case .complete: _ = try await complete(id, in: action.accountID, callOutcome: nil)
            case .snooze: return nil
            }
            return nil
        } catch let error as ReachError {
            if let task = try await tasks.task(id, in: action.accountID)?.task {
                let finishedAt = action.kind == .skip ? task.skippedAt : task.completedAt
                let target: TaskStatus = action.kind == .skip ? .skipped : .completed
                if task.status == target, let finishedAt, finishedAt > action.createdAt { return nil }
            }
            return error.message
        }
    }
}
