import Foundation
import ReachAPI
import ReachCore
import ReachJSON

struct TaskRoutes {
    let tasks: TaskService

    func register(on router: inout APIRouter) {
        router.add(TasksAPI.list) { request in
            let principal = try request.principal
            let page = PageRequest(
                number: request.parameters["page"]?.integerValue.map(Int.init), size: request.parameters["pageSize"]?.integerValue.map(Int.init),
                defaultSize: 25, maximumSize: 100)
            var query = TaskQuery(
                stage: request.parameter("status").flatMap(TaskStage.init(rawValue:)), day: tasks.today(), sequenceID: nil, assigneeID: nil,
                category: request.parameter("taskType").flatMap(TaskCategory.init(rawValue:)), callOutcome: nil,
                prospectOutcome: request.parameter("prospectOutcome"), search: request.parameter("search")?.trimmingWhitespace(),
                sortBy: request.parameter("sortBy").flatMap(TaskQuery.SortField.init(rawValue:)) ?? .dueDate,
                direction: request.parameter("sortOrder") == SortOrder.descending.rawValue ? .descending : .ascending, page: page)
            if let text = request.parameter("callOutcome") { query.callOutcome = try Self.callOutcome(text) }
            // An id that names nothing of this installation's matches no task.
            let empty = Page<TaskListing>(items: [], totalItems: 0, request: page)
            if let text = request.parameter("sequenceId") {
                guard let id = request.id(.string(text), as: EmailSequence.self) else { return try respond(request, empty) }
                query.sequenceID = id
            }
            if let text = request.parameter("taskAssignee") {
                guard let id = request.id(.string(text), as: User.self) else { return try respond(request, empty) }
                query.assigneeID = id
            }
            return try respond(request, try await tasks.list(in: principal.accountID, matching: query))
        }
        router.add(TasksAPI.counts) { request in
            let counts = try await tasks.counts(in: request.account)
            return try request.respond(
                with: TasksAPI.Counts(
                    upcoming: counts.upcoming, dueToday: counts.dueToday, overdue: counts.overdue, completed: counts.completed, skipped: counts.skipped))
        }
        router.add(TasksAPI.assignees) { request in
            let found = try await tasks.assignees(in: request.account)
            return try request.respond(
                with: found.map {
                    TasksAPI.Assignee(
                        id: request.encode($0.user.id), firstName: $0.user.firstName, lastName: $0.user.lastName, email: $0.user.email,
                        pendingTasks: $0.pendingTasks)
                })
        }
        router.add(TasksAPI.get) { request in
            try request.respond(with: wire(request, try await tasks.task(try taskID(request), in: request.account)))
        }
        router.add(TasksAPI.create) { request in
            let body = try request.decodeBody(TasksAPI.CreateRequest.self)
            let principal = try request.principal
            let prospects = request.ids(body.prospectIds, as: Prospect.self)
            guard let type = APIRequest.idText(body.taskType).flatMap(Int.init).flatMap(StepChannel.init(rawValue:)) else {
                throw ReachError.invalidInput("taskType is not a task type", field: "taskType", code: 1001)
            }
            let priority = APIRequest.idText(body.priority).flatMap(Int.init).flatMap(TaskPriority.init(rawValue:)) ?? .normal
            var due: Date?
            if let text = body.dueDate {
                guard let date = Self.utcDay(text) else { throw ReachError.invalidInput("dueDate must be YYYY-MM-DD", field: "dueDate", code: 1001) }
                due = date
            }
            let created = try await tasks.create(
                for: prospects.ids, undecodableProspects: prospects.undecodable, type: type, due: due, priority: priority,
                note: body.taskNote.flatMap { $0.isEmpty ? nil : $0 }, assignee: principal.userID, in: principal.accountID)
            let day = tasks.today()
            return try request.respond(with: created.map { request.wire($0, on: day) })
        }
        router.add(TasksAPI.complete) { request in
            let body = request.body == nil ? nil : try request.decodeBody(TasksAPI.OutcomeRequest.self)
            let outcome = try body?.callOutcome.map(Self.callOutcome)
            return try request.respond(with: wire(request, try await tasks.complete(try taskID(request), in: request.account, callOutcome: outcome)))
        }
        router.add(TasksAPI.skip) { request in
            try request.respond(with: wire(request, try await tasks.skip(try taskID(request), in: request.account)))
        }
        router.add(TasksAPI.snooze) { request in
            let body = try request.decodeBody(TasksAPI.SnoozeRequest.self)
            guard let until = ISO8601Parsing.date(from: body.snoozeUntil) else {
                throw ReachError.invalidInput("snoozeUntil must be an ISO 8601 date-time", field: "snoozeUntil", code: 4000)
            }
            let outcome = try body.callOutcome.map(Self.callOutcome)
            let snoozed = try await tasks.snooze(try taskID(request), in: request.account, until: until, callOutcome: outcome).task
            return try request.respond(
                with: TasksAPI.Snoozed(
                    taskId: request.encode(snoozed.id), snoozedUntil: ISO8601Parsing.string(from: snoozed.dueAt), callOutcome: snoozed.callOutcome?.rawValue))
        }
        router.add(TasksAPI.update) { request in
            let body = try request.decodeBody(TasksAPI.UpdateRequest.self)
            var edit = TaskService.Edit(note: body.note)
            if let text = body.dueDate {
                guard let date = Self.utcDay(text) ?? ISO8601Parsing.date(from: text) else {
                    throw ReachError.invalidInput("dueDate must be YYYY-MM-DD or an ISO 8601 date-time", field: "dueDate", code: 4000)
                }
                edit.dueAt = date
            }
            if let value = body.priority { edit.priority = APIRequest.idText(value).flatMap(Int.init).flatMap(TaskPriority.init(rawValue:)) }
            switch request.body?["assigneeId"] {
            case nil: break
            case .null?: edit.assigneeID = .some(nil)
            case let value?:
                guard let user = request.id(value, as: User.self) else {
                    throw ReachError.invalidInput("assigneeId is not a person of this account", field: "assigneeId", code: 4000)
                }
                edit.assigneeID = .some(user)
            }
            return try request.respond(with: wire(request, try await tasks.update(try taskID(request), in: request.account, with: edit)))
        }
        router.add(TasksAPI.delete) { request in
            try await tasks.delete(try taskID(request), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(TasksAPI.updateNote) { request in
            let body = try request.decodeBody(TasksAPI.NoteRequest.self)
            return try request.respond(with: wire(request, try await tasks.updateNote(try taskID(request), in: request.account, note: body.note)))
        }
    }

    func taskID(_ request: APIRequest) throws -> TaskID {
        try request.parameterID("taskId", as: SalesTask.self, notFound: TaskService.notFound)
    }

    func wire(_ request: APIRequest, _ listing: TaskListing) -> TasksAPI.Task {
        request.wire(listing, on: tasks.today())
    }

    func respond(_ request: APIRequest, _ page: Page<TaskListing>) throws -> APIResponse {
        let day = tasks.today()
        return try request.respond(with: TasksAPI.TaskPage(tasks: page.items.map { request.wire($0, on: day) }, meta: PageMeta(page)))
    }

    static func callOutcome(_ text: String) throws -> CallOutcome {
        guard let outcome = CallOutcome(words: text) else {
            throw ReachError.invalidInput(
                "callOutcome must be one of: \(CallOutcome.allCases.map(\.rawValue).joined(separator: ", "))", field: "callOutcome", code: 4000)
        }
        return outcome
    }

    /// Midnight UTC of a `YYYY-MM-DD` day.
    static func utcDay(_ text: String) -> Date? {
        ISO8601Parsing.date(from: text + "T00:00:00Z")
    }
}

extension APIRequest {
    func wire(_ listing: TaskListing, on day: DateInterval) -> TasksAPI.Task {
        let task = listing.task
        return TasksAPI.Task(
            id: encode(task.id), taskType: String(task.type.rawValue), taskTypeName: task.type.name,
            category: task.type.taskCategory?.rawValue ?? TaskCategory.custom.rawValue, status: task.stage(on: day).rawValue,
            priority: String(task.priority.rawValue), dueDate: ISO8601Parsing.string(from: task.dueAt), note: task.note,
            callOutcome: task.callOutcome?.rawValue, skipReason: task.skipReason,
            prospect: TasksAPI.Reference(id: encode(task.prospectID), email: listing.prospectEmail),
            sequence: task.sequenceID.map { TasksAPI.Reference(id: encode($0), title: listing.sequenceTitle ?? "") },
            step: task.stepID.map { TasksAPI.Reference(id: encode($0), number: listing.stepNumber) },
            assigneeId: task.assigneeID.map(encode), snoozedAt: task.snoozedAt.map(ISO8601Parsing.string),
            createdAt: ISO8601Parsing.string(from: task.createdAt), updatedAt: ISO8601Parsing.string(from: task.updatedAt),
            completedAt: task.completedAt.map(ISO8601Parsing.string), skippedAt: task.skippedAt.map(ISO8601Parsing.string))
    }
}

/// Bulk skip, snooze and complete, their status and report.
struct TaskBulkRoutes {
    let tasks: TaskService
    let linkSigner: LinkSigner
    let publicURL: String
    let clock: any WallClock

    /// How long a report link from the bulk status stays valid.
    static let reportLinkLifetime: TimeInterval = 24 * 3600

    func register(on router: inout APIRouter) {
        router.add(TasksAPI.bulkSkip) { request in try await start(.skip, request, message: "Skip request accepted and is being processed") }
        router.add(TasksAPI.bulkSnooze) { request in try await start(.snooze, request, message: "Snooze request accepted and is being processed") }
        router.add(TasksAPI.bulkComplete) { request in
            try await start(.complete, request, message: "Complete request accepted and is being processed")
        }
        router.add(TasksAPI.bulkStatus) { request in
            let action = try await tasks.bulkStatus(try bulkID(request), in: request.account)
            let encoded = request.encode(action.id)
            let signature = linkSigner.sign(Self.reportResource(action.id), validFor: Self.reportLinkLifetime, now: clock.now)
            return try request.respond(
                with: TasksAPI.BulkStatus(
                    bulkActionId: encoded, action: action.kind.rawValue, totalTasks: action.totalTasks, completed: action.succeeded,
                    failed: action.failed, pending: action.pending, status: action.status.rawValue,
                    createdAt: ISO8601Parsing.string(from: action.createdAt), completedAt: action.completedAt.map(ISO8601Parsing.string),
                    csvDownloadLink: "\(publicURL)/v1/tasks/bulk-status/\(encoded)/report?expires=\(signature.expires)&signature=\(signature.signature)"))
        }
        router.add(TasksAPI.bulkReport) { request in
            let id = try bulkID(request)
            // With a key, the caller's account; without one, a signed link names the action alone.
            let account = request.optionalPrincipal?.accountID
            if account == nil {
                guard let expires = request.parameters["expires"]?.integerValue, let signature = request.parameter("signature"),
                      linkSigner.verify(Self.reportResource(id), expires: Int(expires), signature: signature, now: clock.now)
                else { throw ReachError.invalidToken }
            }
            let (action, items) = try await tasks.bulkReport(id, in: account)
            let csv = CSV.document(
                header: ["position", "taskId", "outcome", "reason"],
                rows: items.map { [String($0.position), $0.givenID, $0.isDone ? ($0.failure == nil ? "done" : "failed") : "pending", $0.failure] })
            return .file(Array(csv.utf8), contentType: "text/csv; charset=utf-8", fileName: "tasks-\(action.kind.rawValue)-\(request.encode(id)).csv")
        }
    }

    func start(_ kind: TaskBulkAction.Kind, _ request: APIRequest, message: String) async throws -> APIResponse {
        let body = try request.decodeBody(TasksAPI.BulkRequest.self)
        let principal = try request.principal
        var until: Date?
        if let text = body.snoozeUntil {
            guard let date = ISO8601Parsing.date(from: text) else {
                throw ReachError.invalidInput("snoozeUntil must be an ISO 8601 date-time", field: "snoozeUntil", code: 4000)
            }
            until = date
        }
        let given = body.taskIds.map { value in (text: APIRequest.idText(value) ?? "", id: request.id(value, as: SalesTask.self)) }
        let id = try await tasks.startBulk(kind, tasks: given, snoozeUntil: until, by: principal.userID, in: principal.accountID)
        let encoded = request.encode(id)
        return try request.respond(with: TasksAPI.BulkStarted(bulkActionId: encoded, message: message, statusCheckUrl: "/v1/tasks/bulk-status/\(encoded)"))
    }

    func bulkID(_ request: APIRequest) throws -> TaskBulkActionID {
        try request.parameterID("bulkActionId", as: TaskBulkAction.self, notFound: TaskService.bulkActionNotFound)
    }

    static func reportResource(_ id: TaskBulkActionID) -> String { "task-bulk-report:\(id.rawValue)" }
}
