import ReachJSON

/// Tasks (Saleshandy §13): what people do for prospects — calls, LinkedIn, WhatsApp and custom
/// to-dos — made by sequences' manual steps or on demand.
public enum TasksAPI {
    public static let tag = "Tasks"

    /// Type codes as Saleshandy numbers them (the step types that make tasks).
    public static let typeCodes = ["2", "3", "4", "5", "6", "9", "11", "12", "13", "14", "15", "16", "17", "18"]
    public static let callOutcomes = ["Interested", "Callback Later", "Followup", "Not Interested", "Wrong Number", "No Answer", "Left Voicemail", "Not In Service"]
    public static let stages = ["upcoming", "dueToday", "overdue", "completed", "skipped"]

    public struct Reference: Codable, Sendable, Equatable {
        public var id: String
        public var title: String?
        public var number: Int?
        public var email: String?

        public init(id: String, title: String? = nil, number: Int? = nil, email: String? = nil) {
            self.id = id
            self.title = title
            self.number = number
            self.email = email
        }
    }

    public struct Task: Codable, Sendable, Equatable {
        public var id: String
        /// The type code as a string ("11"), as create takes it.
        public var taskType: String
        public var taskTypeName: String
        /// linkedin, call, whatsapp or custom.
        public var category: String
        /// upcoming, dueToday, overdue, completed or skipped.
        public var status: String
        /// "1" urgent … "4" low.
        public var priority: String
        public var dueDate: String
        public var note: String?
        public var callOutcome: String?
        public var skipReason: String?
        public var prospect: Reference
        public var sequence: Reference?
        public var step: Reference?
        public var assigneeId: String?
        public var snoozedAt: String?
        public var createdAt: String
        public var updatedAt: String
        public var completedAt: String?
        public var skippedAt: String?

        public init(
            id: String, taskType: String, taskTypeName: String, category: String, status: String, priority: String, dueDate: String, note: String?,
            callOutcome: String?, skipReason: String?, prospect: Reference, sequence: Reference?, step: Reference?, assigneeId: String?,
            snoozedAt: String?, createdAt: String, updatedAt: String, completedAt: String?, skippedAt: String?
        ) {
            self.id = id
            self.taskType = taskType
            self.taskTypeName = taskTypeName
            self.category = category
            self.status = status
            self.priority = priority
            self.dueDate = dueDate
            self.note = note
            self.callOutcome = callOutcome
            self.skipReason = skipReason
            self.prospect = prospect
            self.sequence = sequence
            self.step = step
            self.assigneeId = assigneeId
            self.snoozedAt = snoozedAt
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.completedAt = completedAt
            self.skippedAt = skippedAt
        }

        public static let schema: JSONSchema = .component(
            name: "Task",
            schema: .object([
                .required("id", .string), .required("taskType", .string(oneOf: typeCodes)), .required("taskTypeName", .string),
                .required("category", .string(oneOf: ["linkedin", "call", "whatsapp", "custom"])), .required("status", .string(oneOf: stages)),
                .required("priority", .string(oneOf: ["1", "2", "3", "4"])), .required("dueDate", .dateTime),
                .optional("note", .nullable(.string)), .optional("callOutcome", .nullable(.string(oneOf: callOutcomes))),
                .optional("skipReason", .nullable(.string)),
                .required("prospect", .object([.required("id", .string), .required("email", .string)])),
                .optional("sequence", .nullable(.object([.required("id", .string), .required("title", .string)]))),
                .optional("step", .nullable(.object([.required("id", .string), .required("number", .integer(minimum: 1))]))),
                .optional("assigneeId", .nullable(.string)), .optional("snoozedAt", .nullable(.dateTime)), .required("createdAt", .dateTime),
                .required("updatedAt", .dateTime), .optional("completedAt", .nullable(.dateTime)), .optional("skippedAt", .nullable(.dateTime)),
            ]))
    }

    public struct TaskPage: Codable, Sendable, Equatable {
        public var tasks: [Task]
        public var meta: PageMeta

        public init(tasks: [Task], meta: PageMeta) {
            self.tasks = tasks
            self.meta = meta
        }
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var upcoming: Int
        public var dueToday: Int
        public var overdue: Int
        public var completed: Int
        public var skipped: Int

        public init(upcoming: Int, dueToday: Int, overdue: Int, completed: Int, skipped: Int) {
            self.upcoming = upcoming
            self.dueToday = dueToday
            self.overdue = overdue
            self.completed = completed
            self.skipped = skipped
        }
    }

    public struct Assignee: Codable, Sendable, Equatable {
        public var id: String
        public var firstName: String
        public var lastName: String
        public var email: String
        public var pendingTasks: Int

        public init(id: String, firstName: String, lastName: String, email: String, pendingTasks: Int) {
            self.id = id
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.pendingTasks = pendingTasks
        }
    }

    /// Saleshandy's snooze answer: `{ task: { taskId, status: "snoozed", snoozedUntil, callOutcome } }`.
    public struct Snoozed: Codable, Sendable, Equatable {
        public struct Detail: Codable, Sendable, Equatable {
            public var taskId: String
            public var status: String
            public var snoozedUntil: String
            public var callOutcome: String?
        }

        public var task: Detail

        public init(taskId: String, snoozedUntil: String, callOutcome: String?) {
            task = Detail(taskId: taskId, status: "snoozed", snoozedUntil: snoozedUntil, callOutcome: callOutcome)
        }
    }

    public struct CreateRequest: Codable, Sendable {
        public var prospectIds: [JSONValue]
        public var taskType: JSONValue
        public var dueDate: String?
        public var priority: JSONValue?
        public var taskNote: String?
    }

    public struct OutcomeRequest: Codable, Sendable {
        public var callOutcome: String?
    }

    public struct SnoozeRequest: Codable, Sendable {
        public var snoozeUntil: String
        public var callOutcome: String?
    }

    public struct UpdateRequest: Codable, Sendable {
        public var dueDate: String?
        public var priority: JSONValue?
        public var assigneeId: JSONValue?
        public var note: String?
    }

    public struct NoteRequest: Codable, Sendable {
        public var note: String
    }

    static func code(_ values: [String]) -> JSONSchema {
        .anyOf([.string(oneOf: values), .integer(oneOf: values.compactMap { Int64($0) })])
    }

    static let taskID: [Parameter] = [.path("taskId", .string(minLength: 1, maxLength: 64))]
    static let notFound = DocumentedError(status: 404, code: 4004, message: "The requested task could not be found")
    /// Call outcomes in Saleshandy's words or as the slugs of its examples (`no-answer`).
    static let callOutcome: JSONSchema = .string(minLength: 1, maxLength: 40)

    public static let list = APIOperation(
        id: "TaskController_getTasks", method: .get, path: "/v1/tasks", tag: tag,
        summary: "List tasks",
        description: """
            status files open tasks by due date on today's UTC day (upcoming, dueToday, overdue) and closed ones as completed or \
            skipped. pageSize defaults to 25, at most 100. search matches part of the prospect's email or name; taskAssignee is a user id.
            """,
        parameters: [
            .query("page", .integer(minimum: 1)), .query("pageSize", .integer(minimum: 1)), .query("sortOrder", SortOrder.schema),
            .query("sortBy", .string(oneOf: ["priority", "completedAt", "skippedAt", "dueDate"])), .query("status", .string(oneOf: stages)),
            .query("sequenceId", .string(minLength: 1, maxLength: 64)), .query("taskAssignee", .string(minLength: 1, maxLength: 64)),
            .query("prospectOutcome", .string(minLength: 1, maxLength: 100)),
            .query("taskType", .string(oneOf: ["linkedin", "call", "whatsapp", "custom"])), .query("search", .string(maxLength: 200)),
            .query("callOutcome", callOutcome),
        ],
        response: .envelope(
            status: 200, message: "Tasks fetched successfully",
            payload: .object([.required("tasks", .array(of: Task.schema)), .required("meta", PageMeta.schema)])),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch tasks")])

    public static let get = APIOperation(
        id: "TaskController_getTaskById", method: .get, path: "/v1/tasks/{taskId}", tag: tag,
        summary: "Get task details", parameters: taskID,
        response: .envelope(status: 200, message: "Task fetched successfully", payload: Task.schema),
        errors: [notFound])

    public static let counts = APIOperation(
        id: "TaskController_getTaskCounts", method: .get, path: "/v1/tasks/counts", tag: tag,
        summary: "Get task counts", description: "Open tasks by where their due date falls on today's UTC day, and closed ones.",
        response: .envelope(
            status: 200, message: "Task counts fetched successfully",
            payload: .object(["upcoming", "dueToday", "overdue", "completed", "skipped"].map { .required($0, .integer(minimum: 0)) })),
        errors: [])

    public static let assignees = APIOperation(
        id: "TaskController_getAssigneeList", method: .get, path: "/v1/tasks/assignee/list", tag: tag,
        summary: "List task assignees", description: "The account's people, with how many open tasks each has.",
        response: .envelope(
            status: 200, message: "Assignees fetched successfully",
            payload: .array(of: .object([
                .required("id", .string), .required("firstName", .string), .required("lastName", .string), .required("email", .string),
                .required("pendingTasks", .integer(minimum: 0)),
            ]))),
        errors: [])

    public static let create = APIOperation(
        id: "TaskController_createTask", method: .post, path: "/v1/tasks/create", tag: tag,
        summary: "Create a task",
        description: "One task per prospect, all or none, assigned to the caller. dueDate is YYYY-MM-DD (UTC; default today); priority 1 urgent to 4 low (default 3).",
        requestBody: .json(.object([
            .required("prospectIds", .array(of: .id, minItems: 1, maxItems: 1_000)),
            .required("taskType", code(typeCodes)),
            .optional("dueDate", .string(format: .date)),
            .optional("priority", code(["1", "2", "3", "4"])),
            .optional("taskNote", .string(maxLength: 5_000)),
        ])),
        response: .envelope(status: 201, message: "Tasks created successfully", payload: .array(of: Task.schema)),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid prospect ids")])

    public static let complete = APIOperation(
        id: "TaskController_completeTask", method: .post, path: "/v1/tasks/{taskId}/complete", tag: tag,
        summary: "Complete a task",
        description: "The prospect moves on to the sequence's next step. callOutcome is for call tasks.",
        parameters: taskID, requestBody: .json(.object([.optional("callOutcome", callOutcome)]), required: false),
        response: .envelope(status: 200, message: "Task completed successfully", payload: Task.schema),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to complete task"), notFound])

    public static let skip = APIOperation(
        id: "TaskController_skipTask", method: .post, path: "/v1/tasks/{taskId}/skip", tag: tag,
        summary: "Skip a task", description: "The prospect moves on to the sequence's next step.", parameters: taskID,
        response: .envelope(status: 200, message: "Task skipped successfully", payload: Task.schema),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to skip task"), notFound])

    public static let snooze = APIOperation(
        id: "TaskController_snoozeTask", method: .post, path: "/v1/tasks/{taskId}/snooze", tag: tag,
        summary: "Snooze a task", description: "Moves the task's due date to snoozeUntil, which must be in the future.", parameters: taskID,
        requestBody: .json(.object([.required("snoozeUntil", .dateTime), .optional("callOutcome", callOutcome)])),
        response: .envelope(
            status: 200, message: "Task snoozed successfully",
            payload: .object([
                .required("task", .object([
                    .required("taskId", .string), .required("status", .string(oneOf: ["snoozed"])), .required("snoozedUntil", .dateTime),
                    .optional("callOutcome", .nullable(.string(oneOf: callOutcomes))),
                ])),
            ])),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to snooze task"), notFound])

    public static let updateNote = APIOperation(
        id: "TaskController_updateTaskNote", method: .patch, path: "/v1/tasks/{taskId}/note", tag: tag,
        summary: "Update a task note", parameters: taskID,
        requestBody: .json(.object([.required("note", .string(maxLength: 5_000))])),
        response: .envelope(status: 200, message: "Task note updated successfully", payload: Task.schema),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to update task note"), notFound])

    public struct BulkStarted: Codable, Sendable, Equatable {
        public var bulkActionId: String
        public var message: String
        public var statusCheckUrl: String

        public init(bulkActionId: String, message: String, statusCheckUrl: String) {
            self.bulkActionId = bulkActionId
            self.message = message
            self.statusCheckUrl = statusCheckUrl
        }
    }

    public struct BulkStatus: Codable, Sendable, Equatable {
        public var bulkActionId: String
        public var action: String
        public var totalTasks: Int
        public var completed: Int
        public var failed: Int
        public var pending: Int
        /// pending, running or completed.
        public var status: String
        public var createdAt: String
        @ExplicitNull public var completedAt: String?
        /// The report of every task's outcome, as a signed link valid for a day.
        public var csvDownloadLink: String

        public init(
            bulkActionId: String, action: String, totalTasks: Int, completed: Int, failed: Int, pending: Int, status: String, createdAt: String,
            completedAt: String?, csvDownloadLink: String
        ) {
            self.bulkActionId = bulkActionId
            self.action = action
            self.totalTasks = totalTasks
            self.completed = completed
            self.failed = failed
            self.pending = pending
            self.status = status
            self.createdAt = createdAt
            self.completedAt = completedAt
            self.csvDownloadLink = csvDownloadLink
        }
    }

    public struct BulkRequest: Codable, Sendable {
        public var taskIds: [JSONValue]
        public var snoozeUntil: String?
    }

    static let bulkStarted: ResponseShape = .bare(
        status: 200,
        schema: .object([.required("bulkActionId", .string), .required("message", .string), .required("statusCheckUrl", .string)]))

    static func bulkBody(maximum: Int, snooze: Bool) -> RequestBody {
        var properties: [Property] = [.required("taskIds", .array(of: .id, minItems: 1, maxItems: maximum))]
        if snooze { properties.append(.required("snoozeUntil", .dateTime)) }
        return .json(.object(properties))
    }

    public static let bulkSkip = APIOperation(
        id: "TaskController_bulkSkipTask", method: .post, path: "/v1/tasks/bulk-skip", tag: tag,
        summary: "Skip multiple tasks at the same time",
        description: "At most 100 tasks, skipped in the background; each task's outcome is in the bulk status and its report.",
        requestBody: bulkBody(maximum: 100, snooze: false), response: bulkStarted,
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to bulk skip tasks")])

    public static let bulkSnooze = APIOperation(
        id: "TaskController_bulkSnoozeTask", method: .post, path: "/v1/tasks/bulk-snooze", tag: tag,
        summary: "Snooze multiple tasks with snooze duration or Time",
        description: "At most 10,000 tasks, snoozed in the background until snoozeUntil (in the future).",
        requestBody: bulkBody(maximum: 10_000, snooze: true), response: bulkStarted,
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to bulk snooze tasks")])

    public static let bulkComplete = APIOperation(
        id: "ReachController_bulkCompleteTask", method: .post, path: "/v1/tasks/bulk-complete", tag: tag,
        summary: "Complete multiple tasks at the same time",
        description: "At most 100 tasks, completed in the background; their prospects move on to their next steps.",
        requestBody: bulkBody(maximum: 100, snooze: false), response: bulkStarted,
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to bulk complete tasks")], isExtension: true)

    static let bulkNotFound = DocumentedError(status: 404, code: 4004, message: "Bulk action not found")

    public static let bulkStatus = APIOperation(
        id: "TaskController_getBulkTaskStatus", method: .get, path: "/v1/tasks/bulk-status/{bulkActionId}", tag: tag,
        summary: "Get bulk task status", parameters: [.path("bulkActionId", .string(minLength: 1, maxLength: 64))],
        response: .bare(
            status: 200,
            schema: .object([
                .required("bulkActionId", .string), .required("action", .string(oneOf: ["skip", "snooze", "complete"])),
                .required("totalTasks", .integer(minimum: 0)), .required("completed", .integer(minimum: 0)), .required("failed", .integer(minimum: 0)),
                .required("pending", .integer(minimum: 0)), .required("status", .string(oneOf: ["pending", "running", "completed"])),
                .required("createdAt", .dateTime), .required("completedAt", .nullable(.dateTime)), .required("csvDownloadLink", .string(format: .uri)),
            ])),
        errors: [bulkNotFound])

    public static let bulkReport = APIOperation(
        id: "ReachController_getBulkTaskReport", method: .get, path: "/v1/tasks/bulk-status/{bulkActionId}/report", tag: tag,
        summary: "Bulk task report (CSV)",
        description: "Columns position, taskId, outcome (done, failed, pending), reason. Open with the x-api-key header, or with the signed link the status gives.",
        parameters: [.path("bulkActionId", .string(minLength: 1, maxLength: 64)), .query("expires", .integer), .query("signature", .string)],
        response: .text(status: 200, contentType: "text/csv; charset=utf-8"), errors: [bulkNotFound], isExtension: true,
        authentication: .apiKeyOrSignedLink)

    public static let update = APIOperation(
        id: "ReachController_updateTask", method: .patch, path: "/v1/tasks/{taskId}", tag: tag,
        summary: "Update an open task",
        description: "Changes the due date (YYYY-MM-DD, UTC, or an ISO 8601 date-time), priority, assignee (a user id; null unassigns) or note.",
        parameters: taskID,
        requestBody: .json(.object(
            [
                .optional("dueDate", .string(minLength: 10, maxLength: 40)), .optional("priority", code(["1", "2", "3", "4"])),
                .optional("assigneeId", .nullable(.id)), .optional("note", .string(maxLength: 5_000)),
            ], requiresOneOf: ["dueDate", "priority", "assigneeId", "note"])),
        response: .envelope(status: 200, message: "Task updated successfully", payload: Task.schema),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to update task"), notFound], isExtension: true)

    public static let delete = APIOperation(
        id: "ReachController_deleteTask", method: .delete, path: "/v1/tasks/{taskId}", tag: tag,
        summary: "Delete a task",
        description: "An open task of a sequence moves its prospect on to the next step, as skipping it would.",
        parameters: taskID,
        response: .envelope(status: 200, message: "Task deleted successfully", payload: .nullable(.any)),
        errors: [notFound], isExtension: true)

    public static let all = [
        list, counts, assignees, get, create, complete, skip, snooze, updateNote, update, delete, bulkSkip, bulkSnooze, bulkComplete, bulkStatus,
        bulkReport,
    ]
}
