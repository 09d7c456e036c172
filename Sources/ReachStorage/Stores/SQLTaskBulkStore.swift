import Foundation
import ReachCore
import SQLKit

public struct SQLTaskBulkStore: TaskBulkStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func createBulkAction(
        in account: AccountID, by user: UserID, kind: TaskBulkAction.Kind, snoozeUntil: Date?, items: [TaskBulkItem], at date: Date
    ) async throws -> TaskBulkActionID {
        try await database.write { db in
            let id = try await db.insert(into: "task_bulk_actions")
                .columns("account_id", "user_id", "kind", "snooze_until", "status", "total_tasks", "created_at")
                .values(
                    SQLBind(account.rawValue), SQLBind(user.rawValue), SQLBind(kind.rawValue), SQLBind(snoozeUntil), SQLBind("pending"),
                    SQLBind(items.count), SQLBind(date))
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await SQLBatch.inSlices(items) { slice in
                var insert = db.insert(into: "task_bulk_items").columns("action_id", "position", "given_id", "task_id", "done", "failure")
                for item in slice {
                    insert = insert.values(
                        SQLBind(id), SQLBind(item.position), SQLBind(item.givenID), SQLBind(item.taskID?.rawValue), SQLBind(item.isDone),
                        SQLBind(item.failure))
                }
                try await insert.run()
            }
            return TaskBulkActionID(id)
        }
    }

    public func claimNextBulkAction(worker: String, now: Date, leaseUntil: Date) async throws -> TaskBulkAction? {
        try await database.write { db in
            // PostgreSQL: concurrent workers skip the rows another has locked. SQLite: one writer.
            let skipLocked: SQLQueryString = db.isPostgreSQL ? "FOR UPDATE SKIP LOCKED" : ""
            guard
                let id = try await db.raw(
                    """
                    SELECT id FROM task_bulk_actions
                    WHERE status <> 'completed' AND (lease_until IS NULL OR lease_until < \(bind: now))
                    ORDER BY id LIMIT 1 \(skipLocked)
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { return nil }
            try await db.raw(
                """
                UPDATE task_bulk_actions SET status = 'running', worker = \(bind: worker), lease_until = \(bind: leaseUntil)
                WHERE id = \(bind: id)
                """
            ).run()
            return try await Self.action(TaskBulkActionID(id), in: nil, db)
        }
    }

    public func unfinishedItems(of action: TaskBulkActionID, limit: Int) async throws -> [TaskBulkItem] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT position, given_id, task_id, done, failure FROM task_bulk_items
                WHERE action_id = \(bind: action.rawValue) AND NOT done ORDER BY position LIMIT \(bind: limit)
                """
            ).all().map(Self.item)
        }
    }

    public func snooze(_ items: [TaskBulkItem], of action: TaskBulkAction, at date: Date, leaseUntil: Date) async throws {
        guard let until = action.snoozeUntil else { return }
        let ids = items.compactMap(\.taskID).map(\.rawValue)
        guard !ids.isEmpty else { return }
        try await database.write { db in
            // Only the account's pending tasks; the others are reported, not changed. By primary
            // key: with the unary +, SQLite cannot choose to read every pending task of the account.
            let snoozed = Set(
                try await db.raw(
                    """
                    UPDATE tasks SET due_at = \(bind: until), snoozed_at = \(bind: date), updated_at = \(bind: date)
                    WHERE +account_id = \(bind: action.accountID.rawValue) AND status = 'pending' AND id IN (\(binds: ids))
                    RETURNING id
                    """
                ).all(decodingColumn: "id", as: Int64.self))
            let kinds = [(SendingEvent.Kind.taskUpdated, StepChannel.allCases)] + TaskCategory.allCases.map { (SendingEvent.Kind.taskUpdated(of: $0), $0.channels) }
            for (kind, types) in kinds where !snoozed.isEmpty {
                try await db.raw(
                    """
                    INSERT INTO events (account_id, kind, sequence_id, step_id, prospect_id, task_id, detail, occurred_at)
                    SELECT account_id, \(bind: kind.rawValue), sequence_id, step_id, prospect_id, id, 'pending', \(bind: date)
                    FROM tasks WHERE id IN (\(binds: Array(snoozed))) AND type IN (\(binds: types.map(\.rawValue)))
                    """
                ).run()
            }
            let failures = items.filter { !snoozed.contains($0.taskID?.rawValue ?? -1) }.map(\.position)
            try await db.raw(
                """
                UPDATE task_bulk_items SET done = \(bind: true),
                  failure = CASE WHEN position IN (\(binds: failures.isEmpty ? [-1] : failures)) THEN \(bind: Self.notSnoozable) ELSE NULL END
                WHERE action_id = \(bind: action.id.rawValue) AND position IN (\(binds: items.map(\.position)))
                """
            ).run()
            try await db.raw("UPDATE task_bulk_actions SET lease_until = \(bind: leaseUntil) WHERE id = \(bind: action.id.rawValue)").run()
        }
    }

    static let notSnoozable = "The task was not found or is not open"

    public func recordOutcomes(_ items: [TaskBulkItem], of action: TaskBulkActionID, leaseUntil: Date) async throws {
        try await database.write { db in
            for item in items {
                try await db.raw(
                    """
                    UPDATE task_bulk_items SET done = \(bind: item.isDone), failure = \(bind: item.failure)
                    WHERE action_id = \(bind: action.rawValue) AND position = \(bind: item.position)
                    """
                ).run()
            }
            try await db.raw("UPDATE task_bulk_actions SET lease_until = \(bind: leaseUntil) WHERE id = \(bind: action.rawValue)").run()
        }
    }

    public func finishBulkAction(_ id: TaskBulkActionID, at date: Date, raising event: SendingEvent) async throws {
        try await database.write { db in
            // The event commits with the completion, once: a second finish changes nothing.
            let finished = try await db.raw(
                """
                UPDATE task_bulk_actions SET status = 'completed', completed_at = \(bind: date), worker = NULL, lease_until = NULL
                WHERE id = \(bind: id.rawValue) AND status <> 'completed'
                RETURNING id
                """
            ).first()
            if finished != nil { try await SQLSendingStore.insert([event], db) }
        }
    }

    public func bulkAction(_ id: TaskBulkActionID, in account: AccountID?) async throws -> TaskBulkAction? {
        try await database.read { db in try await Self.action(id, in: account, db) }
    }

    public func items(of action: TaskBulkActionID) async throws -> [TaskBulkItem] {
        try await database.read { db in
            try await db.raw(
                "SELECT position, given_id, task_id, done, failure FROM task_bulk_items WHERE action_id = \(bind: action.rawValue) ORDER BY position"
            ).all().map(Self.item)
        }
    }

    static func action(_ id: TaskBulkActionID, in account: AccountID?, _ db: any SQLDatabase) async throws -> TaskBulkAction? {
        let scope: SQLQueryString = account.map { "AND a.account_id = \(bind: $0.rawValue)" } ?? ""
        guard
            let row = try await db.raw(
                """
                SELECT a.id, a.account_id, a.kind, a.snooze_until, a.status, a.total_tasks, a.created_at, a.completed_at,
                  (SELECT COUNT(*) FROM task_bulk_items i WHERE i.action_id = a.id AND i.done AND i.failure IS NULL) AS succeeded,
                  (SELECT COUNT(*) FROM task_bulk_items i WHERE i.action_id = a.id AND i.done AND i.failure IS NOT NULL) AS failed
                FROM task_bulk_actions a WHERE a.id = \(bind: id.rawValue) \(scope)
                """
            ).first()
        else { return nil }
        guard let kind = TaskBulkAction.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
              let status = TaskBulkAction.Status(rawValue: try row.decode(column: "status", as: String.self))
        else { throw ReachError.internalFailure }
        return TaskBulkAction(
            id: id, accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)), kind: kind,
            snoozeUntil: try row.decode(column: "snooze_until", as: Date?.self), status: status,
            totalTasks: try row.decode(column: "total_tasks", as: Int.self), succeeded: try row.decode(column: "succeeded", as: Int.self),
            failed: try row.decode(column: "failed", as: Int.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            completedAt: try row.decode(column: "completed_at", as: Date?.self))
    }

    static func item(_ row: any SQLRow) throws -> TaskBulkItem {
        TaskBulkItem(
            position: try row.decode(column: "position", as: Int.self), givenID: try row.decode(column: "given_id", as: String.self),
            taskID: try row.decode(column: "task_id", as: Int64?.self).map(TaskID.init), failure: try row.decode(column: "failure", as: String?.self),
            isDone: try row.decode(column: "done", as: Bool.self))
    }
}
