import Foundation
import ReachCore
import SQLKit

public struct SQLTaskStore: TaskStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func createTasks(_ tasks: [NewTask], at date: Date) async throws -> [TaskID] {
        try await database.write { db in
            var ids: [TaskID] = []
            try await SQLBatch.inSlices(tasks) { slice in
                var insert = db.insert(into: "tasks").columns(
                    "account_id", "prospect_id", "sequence_id", "step_id", "type", "status", "priority", "assignee_id", "due_at", "note", "created_at",
                    "updated_at")
                for task in slice {
                    insert = insert.values(
                        SQLBind(task.accountID.rawValue), SQLBind(task.prospectID.rawValue), SQLBind(task.sequenceID?.rawValue),
                        SQLBind(task.stepID?.rawValue), SQLBind(task.type.rawValue), SQLBind(TaskStatus.pending.rawValue),
                        SQLBind(task.priority.rawValue), SQLBind(task.assigneeID?.rawValue), SQLBind(task.dueAt), SQLBind(task.note), SQLBind(date),
                        SQLBind(date))
                }
                // Identity columns count up within one statement, so the ids in order are the rows in order.
                ids += try await insert.returning("id").all(decodingColumn: "id", as: Int64.self).sorted().map(TaskID.init)
            }
            return ids
        }
    }

    public func createStepTask(_ task: NewTask, at date: Date) async throws -> TaskID? {
        guard let sequence = task.sequenceID, let step = task.stepID else { return nil }
        return try await database.write { db in
            guard let id = try await Self.insert(task, at: date, db) else { return nil }
            // The prospect waits at the step until its task is completed or skipped.
            try await db.raw(
                """
                UPDATE sequence_prospects SET next_due_at = NULL, status = 'active', paused_until = NULL, updated_at = \(bind: date)
                WHERE sequence_id = \(bind: sequence.rawValue) AND prospect_id = \(bind: task.prospectID.rawValue) AND step_id = \(bind: step.rawValue)
                """
            ).run()
            return id
        }
    }

    /// Nil when the step made this prospect's task already.
    static func insert(_ task: NewTask, at date: Date, _ db: any SQLDatabase) async throws -> TaskID? {
        try await db.raw(
            """
            INSERT INTO tasks (account_id, prospect_id, sequence_id, step_id, type, status, priority, assignee_id, due_at, note, created_at, updated_at)
            VALUES (\(bind: task.accountID.rawValue), \(bind: task.prospectID.rawValue), \(bind: task.sequenceID?.rawValue), \(bind: task.stepID?.rawValue),
                    \(bind: task.type.rawValue), 'pending', \(bind: task.priority.rawValue), \(bind: task.assigneeID?.rawValue), \(bind: task.dueAt),
                    \(bind: task.note), \(bind: date), \(bind: date))
            ON CONFLICT (sequence_id, prospect_id, step_id) WHERE step_id IS NOT NULL DO NOTHING
            RETURNING id
            """
        ).first(decodingColumn: "id", as: Int64.self).map(TaskID.init)
    }

    static let listingColumns: SQLQueryString = """
        t.id, t.account_id, t.prospect_id, t.sequence_id, t.step_id, t.type, t.status, t.priority, t.assignee_id, t.due_at, t.snoozed_at, t.note,
        t.call_outcome, t.skip_reason, t.created_at, t.updated_at, t.completed_at, t.skipped_at, p.email AS prospect_email, s.title AS sequence_title,
        (SELECT COUNT(*) FROM sequence_steps x
         WHERE x.sequence_id = st.sequence_id AND (x.absolute_days < st.absolute_days OR (x.absolute_days = st.absolute_days AND x.id <= st.id))
        ) AS step_number
        """

    static let listingTables: SQLQueryString = """
        tasks t JOIN prospects p ON p.id = t.prospect_id
        LEFT JOIN sequences s ON s.id = t.sequence_id
        LEFT JOIN sequence_steps st ON st.id = t.step_id
        """

    public func task(_ id: TaskID, in account: AccountID) async throws -> TaskListing? {
        try await database.read { db in
            try await db.raw(
                "SELECT \(Self.listingColumns) FROM \(Self.listingTables) WHERE t.id = \(bind: id.rawValue) AND t.account_id = \(bind: account.rawValue)"
            ).first().map(Self.listing)
        }
    }

    public func tasks(_ ids: [TaskID], in account: AccountID) async throws -> [TaskListing] {
        try await database.read { db in
            var found: [TaskID: TaskListing] = [:]
            try await SQLBatch.inSlices(ids.map(\.rawValue)) { slice in
                // By primary key: without the unary +, SQLite reads every task of the account
                // through an index on it once the list has 8 ids.
                let rows = try await db.raw(
                    "SELECT \(Self.listingColumns) FROM \(Self.listingTables) WHERE t.id IN (\(binds: Array(slice))) AND +t.account_id = \(bind: account.rawValue)"
                ).all()
                for row in rows {
                    let listing = try Self.listing(row)
                    found[listing.task.id] = listing
                }
            }
            return ids.compactMap { found[$0] }
        }
    }

    public func tasks(in account: AccountID, matching query: TaskQuery) async throws -> Page<TaskListing> {
        try await database.read { db in
            let filter = Self.filter(query, in: account)
            let total = try await db.raw("SELECT COUNT(*) AS n FROM \(Self.listingTables) \(Self.outcomeJoin(query)) WHERE \(filter)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            let direction = SQLDirection(query.direction)
            let column: SQLQueryString =
                switch query.sortBy {
                case .priority: "t.priority"
                case .completedAt: "t.completed_at"
                case .skippedAt: "t.skipped_at"
                case .dueDate: "t.due_at"
                }
            let rows = try await db.raw(
                """
                SELECT \(Self.listingColumns) FROM \(Self.listingTables) \(Self.outcomeJoin(query))
                WHERE \(filter)
                ORDER BY \(column) \(direction), t.id \(direction)
                LIMIT \(bind: query.page.size) OFFSET \(bind: query.page.offset)
                """
            ).all()
            return Page(items: try rows.map(Self.listing), totalItems: total, request: query.page)
        }
    }

    static func outcomeJoin(_ query: TaskQuery) -> SQLQueryString {
        query.prospectOutcome == nil ? "" : "JOIN sequence_prospects sp ON sp.sequence_id = t.sequence_id AND sp.prospect_id = t.prospect_id"
    }

    static func filter(_ query: TaskQuery, in account: AccountID) -> SQLQueryString {
        var filter: SQLQueryString = "t.account_id = \(bind: account.rawValue)"
        switch query.stage {
        case nil: break
        case .completed?: filter = "\(filter) AND t.status = 'completed'"
        case .skipped?: filter = "\(filter) AND t.status = 'skipped'"
        case .overdue?: filter = "\(filter) AND t.status = 'pending' AND t.due_at < \(bind: query.day.start)"
        case .dueToday?: filter = "\(filter) AND t.status = 'pending' AND t.due_at >= \(bind: query.day.start) AND t.due_at < \(bind: query.day.end)"
        case .upcoming?: filter = "\(filter) AND t.status = 'pending' AND t.due_at >= \(bind: query.day.end)"
        }
        if let sequence = query.sequenceID { filter = "\(filter) AND t.sequence_id = \(bind: sequence.rawValue)" }
        if let assignee = query.assigneeID { filter = "\(filter) AND t.assignee_id = \(bind: assignee.rawValue)" }
        if let category = query.category { filter = "\(filter) AND t.type IN (\(binds: category.channels.map(\.rawValue)))" }
        if let outcome = query.callOutcome { filter = "\(filter) AND t.call_outcome = \(bind: outcome.rawValue)" }
        if let outcome = query.prospectOutcome { filter = "\(filter) AND LOWER(sp.outcome) = \(bind: outcome.lowercased())" }
        if let search = query.search, !search.isEmpty {
            let pattern = SQLPattern.contains(search)
            filter = "\(filter) AND (p.email_key LIKE \(bind: pattern) ESCAPE '\\' OR p.full_name_key LIKE \(bind: pattern) ESCAPE '\\')"
        }
        return filter
    }

    public func counts(in account: AccountID, on day: DateInterval) async throws -> TaskCounts {
        try await database.read { db in
            let row = try await db.raw(
                """
                SELECT
                  COALESCE(SUM(CASE WHEN status = 'pending' AND due_at >= \(bind: day.end) THEN 1 ELSE 0 END), 0) AS upcoming,
                  COALESCE(SUM(CASE WHEN status = 'pending' AND due_at >= \(bind: day.start) AND due_at < \(bind: day.end) THEN 1 ELSE 0 END), 0) AS due_today,
                  COALESCE(SUM(CASE WHEN status = 'pending' AND due_at < \(bind: day.start) THEN 1 ELSE 0 END), 0) AS overdue,
                  COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) AS completed,
                  COALESCE(SUM(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END), 0) AS skipped
                FROM tasks WHERE account_id = \(bind: account.rawValue)
                """
            ).first()
            var counts = TaskCounts()
            guard let row else { return counts }
            counts.upcoming = try row.decode(column: "upcoming", as: Int.self)
            counts.dueToday = try row.decode(column: "due_today", as: Int.self)
            counts.overdue = try row.decode(column: "overdue", as: Int.self)
            counts.completed = try row.decode(column: "completed", as: Int.self)
            counts.skipped = try row.decode(column: "skipped", as: Int.self)
            return counts
        }
    }

    public func assignees(in account: AccountID) async throws -> [(user: User, pendingTasks: Int)] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT u.id, u.account_id, u.email, u.first_name, u.last_name, u.role, u.created_at,
                       (SELECT COUNT(*) FROM tasks t WHERE t.assignee_id = u.id AND t.status = 'pending') AS pending_tasks
                FROM users u WHERE u.account_id = \(bind: account.rawValue) ORDER BY u.id
                """
            ).all()
            return try rows.map { row in
                (try row.decode(model: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase).user(), try row.decode(column: "pending_tasks", as: Int.self))
            }
        }
    }

    public func skipOpenTasks(of enrolments: [(ProspectID, SequenceID)], in account: AccountID, reason: String, at date: Date) async throws
        -> [SalesTask]
    {
        try await database.write { db in
            var skipped: [TaskID] = []
            for (prospect, sequence) in enrolments {
                skipped += try await db.raw(
                    """
                    UPDATE tasks SET status = 'skipped', skip_reason = \(bind: reason), skipped_at = \(bind: date), updated_at = \(bind: date)
                    WHERE account_id = \(bind: account.rawValue) AND prospect_id = \(bind: prospect.rawValue)
                      AND sequence_id = \(bind: sequence.rawValue) AND status = 'pending'
                    RETURNING id
                    """
                ).all(decodingColumn: "id", as: Int64.self).map(TaskID.init)
            }
            guard !skipped.isEmpty else { return [] }
            return try await db.raw(
                "SELECT \(Self.listingColumns) FROM \(Self.listingTables) WHERE t.id IN (\(binds: skipped.map(\.rawValue))) ORDER BY t.id"
            ).all().map { try Self.listing($0).task }
        }
    }

    public func update(_ task: SalesTask, finishing: Bool, next: EnrolmentMove?) async throws -> Bool {
        try await database.write { db in
            // Finishing only from pending: of two people completing one task, one wins.
            let finishing: SQLQueryString = finishing ? "AND status = 'pending'" : ""
            let changed = try await db.raw(
                """
                UPDATE tasks SET status = \(bind: task.status.rawValue), priority = \(bind: task.priority.rawValue),
                  assignee_id = \(bind: task.assigneeID?.rawValue), due_at = \(bind: task.dueAt), snoozed_at = \(bind: task.snoozedAt),
                  note = \(bind: task.note), call_outcome = \(bind: task.callOutcome?.rawValue), skip_reason = \(bind: task.skipReason),
                  updated_at = \(bind: task.updatedAt), completed_at = \(bind: task.completedAt), skipped_at = \(bind: task.skippedAt)
                WHERE id = \(bind: task.id.rawValue) \(finishing)
                RETURNING id
                """
            ).first() != nil
            guard changed else { return false }
            if let next { try await Self.move(task, to: next, db) }
            return true
        }
    }

    public func delete(_ task: SalesTask, next: EnrolmentMove?) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM tasks WHERE id = \(bind: task.id.rawValue)").run()
            if let next { try await Self.move(task, to: next, db) }
        }
    }

    /// Moves the enrolment of a sequence's task on, if it still waits at the task's step; a paused
    /// one keeps its pause.
    static func move(_ task: SalesTask, to next: EnrolmentMove, _ db: any SQLDatabase) async throws {
        guard let sequence = task.sequenceID, let step = task.stepID else { return }
        try await db.raw(
            """
            UPDATE sequence_prospects SET
              step_id = \(bind: next.nextStep?.rawValue ?? step.rawValue),
              status = CASE WHEN \(bind: next.nextStep == nil) THEN 'finished' ELSE status END,
              next_due_at = \(bind: next.dueAt),
              updated_at = \(bind: task.updatedAt)
            WHERE sequence_id = \(bind: sequence.rawValue) AND prospect_id = \(bind: task.prospectID.rawValue) AND step_id = \(bind: step.rawValue)
              AND status IN ('active', 'paused')
            """
        ).run()
    }

    static func listing(_ row: any SQLRow) throws -> TaskListing {
        guard let type = StepChannel(rawValue: try row.decode(column: "type", as: Int.self)),
              let status = TaskStatus(rawValue: try row.decode(column: "status", as: String.self)),
              let priority = TaskPriority(rawValue: try row.decode(column: "priority", as: Int.self))
        else { throw ReachError.internalFailure }
        let task = SalesTask(
            id: TaskID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self)),
            sequenceID: try row.decode(column: "sequence_id", as: Int64?.self).map(SequenceID.init),
            stepID: try row.decode(column: "step_id", as: Int64?.self).map(StepID.init),
            type: type, status: status, priority: priority,
            assigneeID: try row.decode(column: "assignee_id", as: Int64?.self).map(UserID.init),
            dueAt: try row.decode(column: "due_at", as: Date.self),
            snoozedAt: try row.decode(column: "snoozed_at", as: Date?.self),
            note: try row.decode(column: "note", as: String?.self),
            callOutcome: try row.decode(column: "call_outcome", as: String?.self).flatMap(CallOutcome.init(rawValue:)),
            skipReason: try row.decode(column: "skip_reason", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self),
            completedAt: try row.decode(column: "completed_at", as: Date?.self),
            skippedAt: try row.decode(column: "skipped_at", as: Date?.self))
        let hasStep = task.stepID != nil
        return TaskListing(
            task: task, prospectEmail: try row.decode(column: "prospect_email", as: String.self),
            sequenceTitle: try row.decode(column: "sequence_title", as: String?.self),
            stepNumber: hasStep ? try row.decode(column: "step_number", as: Int.self) : nil)
    }
}
