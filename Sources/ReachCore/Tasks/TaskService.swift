import Foundation

/// The task list and what people do with tasks: create, complete (with a call's outcome), skip,
/// snooze and annotate. Completing or skipping a sequence's task moves its prospect on to the
/// next step, as a sent email does.
public struct TaskService: Sendable {
    let tasks: any TaskStore
    let prospects: any ProspectStore
    let sequences: any SequenceStore
    let schedules: any ScheduleStore
    let events: any EventStore
    let accounts: any AccountStore
    let bulk: any TaskBulkStore
    let signal: any WorkSignal
    let clock: any WallClock

    public init(
        tasks: any TaskStore, prospects: any ProspectStore, sequences: any SequenceStore, schedules: any ScheduleStore,
        events: any EventStore, accounts: any AccountStore, bulk: any TaskBulkStore, signal: any WorkSignal, clock: any WallClock
    ) {
        self.tasks = tasks
        self.prospects = prospects
        self.sequences = sequences
        self.schedules = schedules
        self.events = events
        self.accounts = accounts
        self.bulk = bulk
        self.signal = signal
        self.clock = clock
    }

    public static let notFound = ReachError.notFound("The requested task could not be found")

    /// The UTC day `now` falls in: what "due today" and "overdue" are judged on.
    public func today() -> DateInterval {
        let start = Calendar.utc.startOfDay(for: clock.now)
        return DateInterval(start: start, duration: 86_400)
    }

    /// One task per prospect, all or none: every prospect must be the account's.
    public func create(
        for prospectIDs: [ProspectID], undecodableProspects: Int, type: StepChannel, due: Date?, priority: TaskPriority, note: String?,
        assignee: UserID, in account: AccountID
    ) async throws -> [TaskListing] {
        guard type.makesTask else { throw ReachError.invalidInput("taskType must be a task type, not an email", field: "taskType", code: 1001) }
        let unique = Array(Set(prospectIDs))
        let found = try await prospects.prospects(unique, in: account)
        guard undecodableProspects == 0, found.count == unique.count else {
            throw ReachError.invalidInput("Invalid prospect ids", field: "prospectIds", code: 1001)
        }
        let now = clock.now
        let dueAt = due ?? today().start
        let ids = try await tasks.createTasks(
            unique.map {
                NewTask(
                    accountID: account, prospectID: $0, sequenceID: nil, stepID: nil, type: type, priority: priority, assigneeID: assignee,
                    dueAt: dueAt, note: note)
            },
            at: now)
        let created = try await tasks.tasks(ids, in: account)
        try await events.record(created.flatMap { Self.events(.taskCreated, $0.task, at: now) })
        return created
    }

    public func task(_ id: TaskID, in account: AccountID) async throws -> TaskListing {
        guard let found = try await tasks.task(id, in: account) else { throw Self.notFound }
        return found
    }

    public func list(in account: AccountID, matching query: TaskQuery) async throws -> Page<TaskListing> {
        try await tasks.tasks(in: account, matching: query)
    }

    public func counts(in account: AccountID) async throws -> TaskCounts {
        try await tasks.counts(in: account, on: today())
    }

    public func assignees(in account: AccountID) async throws -> [(user: User, pendingTasks: Int)] {
        try await tasks.assignees(in: account)
    }

    public func complete(_ id: TaskID, in account: AccountID, callOutcome: CallOutcome?) async throws -> TaskListing {
        try await finish(id, in: account, as: .completed, failure: "Failed to complete task") { task, now in
            if task.type.taskCategory != .call, callOutcome != nil {
                throw ReachError.invalidInput("callOutcome is for call tasks only", field: "callOutcome", code: 4000)
            }
            task.callOutcome = callOutcome ?? task.callOutcome
            task.completedAt = now
        }
    }

    public func skip(_ id: TaskID, in account: AccountID, reason: String? = nil) async throws -> TaskListing {
        try await finish(id, in: account, as: .skipped, failure: "Failed to skip task") { task, now in
            task.skipReason = reason
            task.skippedAt = now
        }
    }

    public func snooze(_ id: TaskID, in account: AccountID, until: Date, callOutcome: CallOutcome?) async throws -> TaskListing {
        let now = clock.now
        guard until > now else { throw ReachError.invalidInput("snoozeUntil must be in the future", field: "snoozeUntil", code: 4000) }
        return try await change(id, in: account, failure: "Failed to snooze task") { task in
            guard task.status == .pending else { throw Self.notPending(task, "Failed to snooze task") }
            if task.type.taskCategory != .call, callOutcome != nil {
                throw ReachError.invalidInput("callOutcome is for call tasks only", field: "callOutcome", code: 4000)
            }
            task.dueAt = until
            task.snoozedAt = now
            task.callOutcome = callOutcome ?? task.callOutcome
        }
    }

    public func updateNote(_ id: TaskID, in account: AccountID, note: String) async throws -> TaskListing {
        try await change(id, in: account, failure: "Failed to update task note") { task in
            task.note = note.isEmpty ? nil : note
        }
    }

    /// What an edit of a task may change (Reach's extension): nil leaves a value as it is.
    public struct Edit: Sendable {
        public var dueAt: Date?
        public var priority: TaskPriority?
        public var assigneeID: UserID??
        public var note: String?

        public init(dueAt: Date? = nil, priority: TaskPriority? = nil, assigneeID: UserID?? = nil, note: String? = nil) {
            self.dueAt = dueAt
            self.priority = priority
            self.assigneeID = assigneeID
            self.note = note
        }
    }

    /// Changes an open task's due date, priority, assignee (a person of the account) or note.
    public func update(_ id: TaskID, in account: AccountID, with edit: Edit) async throws -> TaskListing {
        if let assignee = edit.assigneeID ?? nil {
            guard try await accounts.users(in: account).contains(where: { $0.id == assignee }) else {
                throw ReachError.invalidInput("assigneeId is not a person of this account", field: "assigneeId", code: 4000)
            }
        }
        return try await change(id, in: account, failure: "Failed to update task") { task in
            guard task.status == .pending else { throw Self.notPending(task, "Failed to update task") }
            task.dueAt = edit.dueAt ?? task.dueAt
            task.priority = edit.priority ?? task.priority
            if let assignee = edit.assigneeID { task.assigneeID = assignee }
            if let note = edit.note { task.note = note.isEmpty ? nil : note }
        }
    }

    /// Deletes a task. An open task of a sequence moves its prospect on, as skipping it would:
    /// nobody is left waiting at a step whose task is gone.
    public func delete(_ id: TaskID, in account: AccountID) async throws {
        let now = clock.now
        var task = try await task(id, in: account).task
        task.updatedAt = now
        let next = task.status == .pending ? try await move(after: task, in: account, now: now) : nil
        try await tasks.delete(task, next: next)
    }

    static func notPending(_ task: SalesTask, _ failure: String) -> ReachError {
        ReachError.invalidInput("\(failure): the task is \(task.status.rawValue) already", field: "taskId", code: 4000)
    }

    /// Completes or skips a pending task and moves its prospect on.
    func finish(
        _ id: TaskID, in account: AccountID, as status: TaskStatus, failure: String, edit: (inout SalesTask, Date) throws -> Void
    ) async throws -> TaskListing {
        let now = clock.now
        var task = try await task(id, in: account).task
        guard task.status == .pending else { throw Self.notPending(task, failure) }
        task.status = status
        task.updatedAt = now
        try edit(&task, now)
        guard try await tasks.update(task, finishing: true, next: try await move(after: task, in: account, now: now)) else {
            throw Self.notPending(try await self.task(id, in: account).task, failure)
        }
        try await record(.taskUpdated, task, at: now)
        return try await self.task(id, in: account)
    }

    func change(_ id: TaskID, in account: AccountID, failure: String, edit: (inout SalesTask) throws -> Void) async throws -> TaskListing {
        let now = clock.now
        var task = try await task(id, in: account).task
        try edit(&task)
        task.updatedAt = now
        _ = try await tasks.update(task, finishing: false, next: nil)
        try await record(.taskUpdated, task, at: now)
        return try await self.task(id, in: account)
    }

    /// Where the prospect goes once a sequence's task is done; nil for a task without a sequence.
    func move(after task: SalesTask, in account: AccountID, now: Date) async throws -> EnrolmentMove? {
        guard let sequenceID = task.sequenceID, let stepID = task.stepID,
              let sequence = try await sequences.sequence(sequenceID, in: account),
              let schedule = try await schedules.schedule(sequence.scheduleID, in: account)
        else { return nil }
        let steps = try await sequences.steps(of: sequenceID)
        guard let step = steps.first(where: { $0.id == stepID }) else { return nil }
        return EnrolmentMove.after(step, of: steps, schedule: schedule, now: now)
    }

    func record(_ kind: SendingEvent.Kind, _ task: SalesTask, at date: Date) async throws {
        try await events.record(Self.events(kind, task, at: date))
    }

    /// `kind` about the task; an update also raises its per-type event (call-task-updated, ...).
    static func events(_ kind: SendingEvent.Kind, _ task: SalesTask, at date: Date) -> [SendingEvent] {
        var kinds = [kind]
        if kind == .taskUpdated, let category = task.type.taskCategory { kinds.append(.taskUpdated(of: category)) }
        return kinds.map {
            SendingEvent(
                kind: $0, accountID: task.accountID, sequenceID: task.sequenceID, stepID: task.stepID, prospectID: task.prospectID,
                emailAccountID: nil, outboundID: nil, taskID: task.id, detail: task.status.rawValue, occurredAt: date)
        }
    }
}

extension EnrolmentMove {
    /// After `step`: the next step of the sequence, due at the start of its day in the schedule's
    /// time zone (step days count from this one), or the end of the sequence.
    public static func after(_ step: SequenceStep, of steps: [SequenceStep], schedule: Schedule, now: Date) -> EnrolmentMove {
        guard let index = steps.firstIndex(where: { $0.id == step.id }), steps.indices.contains(index + 1) else {
            return EnrolmentMove(nextStep: nil, dueAt: nil)
        }
        let next = steps[index + 1]
        return EnrolmentMove(nextStep: next.id, dueAt: schedule.startOfDay(max(0, next.absoluteDays - step.absoluteDays), after: now))
    }
}
