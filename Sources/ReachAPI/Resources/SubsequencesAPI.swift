import ReachJSON

/// Subsequences (Saleshandy §7): branches that prospects of a parent sequence enter when
/// conditions hold. A subsequence is a sequence: its steps are managed under its own id.
public enum SubsequencesAPI {
    public static let tag = "Subsequences"

    public struct Condition: Codable, Sendable, Equatable {
        public var name: String
        public var operation: String
        public var value: JSONValue?

        public init(name: String, operation: String, value: JSONValue?) {
            self.name = name
            self.operation = operation
            self.value = value
        }

        public static let schema: JSONSchema = .component(
            name: "TriggerCondition",
            schema: .object([
                .optional("conditionId", .id),
                .required("name", .string(minLength: 1, maxLength: 50)),
                .required("operation", .string(minLength: 1, maxLength: 20)),
                .optional("value", .anyOf([.boolean, .integer, .string(maxLength: 2000)])),
            ]))
    }

    public struct Subsequence: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var active: Bool
        public var parentSequenceId: String
        public var steps: [SequencesAPI.StepReference]
        public var conditions: [Condition]
        @ExplicitNull public var firstStepRelativeDays: Int?
        public var user: SequencesAPI.UserReference
        public var createdAt: String

        public init(
            id: String, title: String, active: Bool, parentSequenceId: String, steps: [SequencesAPI.StepReference], conditions: [Condition],
            firstStepRelativeDays: Int?, user: SequencesAPI.UserReference, createdAt: String
        ) {
            self.id = id
            self.title = title
            self.active = active
            self.parentSequenceId = parentSequenceId
            self.steps = steps
            self.conditions = conditions
            self.firstStepRelativeDays = firstStepRelativeDays
            self.user = user
            self.createdAt = createdAt
        }

        public static let schema: JSONSchema = .component(
            name: "Subsequence",
            schema: .object([
                .required("id", .string), .required("title", .string), .required("active", .boolean), .required("parentSequenceId", .string),
                .required("steps", .array(of: .object([.required("id", .string), .required("name", .string)]))),
                .required("conditions", .array(of: Condition.schema)),
                .required("firstStepRelativeDays", .nullable(.integer(minimum: 1))),
                .required("user", .object([
                    .required("id", .string), .required("firstName", .string), .required("lastName", .string), .required("email", .string),
                ])),
                .required("createdAt", .dateTime),
            ]))
    }

    public struct Settings: Codable, Sendable, Equatable {
        public var schedule: SchedulesAPI.Reference
        @ExplicitNull public var firstStepRelativeDays: Int?
        public var conditions: [Condition]

        public init(schedule: SchedulesAPI.Reference, firstStepRelativeDays: Int?, conditions: [Condition]) {
            self.schedule = schedule
            self.firstStepRelativeDays = firstStepRelativeDays
            self.conditions = conditions
        }
    }

    public struct CreateRequest: Codable, Sendable {
        public var title: String
        public var conditions: [Condition]
        public var scheduleId: JSONValue?
        public var firstStepRelativeDays: Int?
    }

    public struct UpdateRequest: Codable, Sendable {
        public var conditions: [Condition]?
        public var scheduleId: JSONValue?
        public var firstStepRelativeDays: Int?
    }

    public struct ListQuery: Codable, Sendable {
        public var progress: [Int]?
        public var search: String?
        public var owners: [String]?
    }

    static let conditionHelp = """
        Conditions (all must hold): Replied, Email Opened, Bounced: is true/false; Email Open Count, Link Click Count: greater \
        than, less than, equal to a number 0–1000; Link Click: is any (no value) or is a URL; Outcome: is, is not an outcome name.
        """
    static let sequenceId = Parameter.path("sequenceId", .string(minLength: 1, maxLength: 64))
    static let subsequenceId = Parameter.path("subsequenceId", .string(minLength: 1, maxLength: 64))
    static let errors = [
        DocumentedError(status: 400, code: 1001, message: "Invalid sequence id or subsequence id"),
        DocumentedError(status: 400, code: 4000, message: "Failed to create or update subsequence"),
    ]

    public static let create = APIOperation(
        id: "SubsequenceController_createSubsequence", method: .post, path: "/v1/sequences/{sequenceId}/subsequence", tag: tag,
        summary: "Create a subsequence",
        description: "Paused, with the parent's settings. firstStepRelativeDays (1–365) delays the first step after the conditions hold. "
            + conditionHelp,
        parameters: [sequenceId],
        requestBody: .json(.object([
            .required("title", .string(minLength: 1, maxLength: 200)),
            .required("conditions", .array(of: Condition.schema, minItems: 1, maxItems: 20)),
            .optional("scheduleId", .id),
            .optional("firstStepRelativeDays", .integer(minimum: 1, maximum: 365)),
        ])),
        response: .envelope(status: 201, message: "Subsequence created successfully", payload: Subsequence.schema),
        errors: errors)

    public static let list = APIOperation(
        id: "SubsequenceController_listSubsequences", method: .get, path: "/v1/sequences/{sequenceId}/subsequences", tag: tag,
        summary: "List a sequence's subsequences",
        description: "progress filters by state: 1 active, 2 paused. owners filters by the users who created them; search their titles.",
        parameters: [
            sequenceId, .query("progress", .array(of: .integer(oneOf: [1, 2]), maxItems: 2)), .query("search", .string(maxLength: 200)),
            .query("owners", .array(of: .string(minLength: 1, maxLength: 64), maxItems: 100)),
        ],
        response: .envelope(status: 200, message: "Subsequences fetched successfully", payload: .array(of: Subsequence.schema)),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid sequence id")])

    public static let settings = APIOperation(
        id: "SubsequenceController_getSubsequenceSettings", method: .get, path: "/v1/sequences/subsequence/{subsequenceId}/settings", tag: tag,
        summary: "Get a subsequence's schedule, entry delay and conditions", parameters: [subsequenceId],
        response: .envelope(
            status: 200, message: "Subsequence settings fetched successfully",
            payload: .object([
                .required("schedule", SchedulesAPI.Reference.schema), .required("firstStepRelativeDays", .nullable(.integer(minimum: 1))),
                .required("conditions", .array(of: Condition.schema)),
            ])),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid subsequence id")])

    public static let update = APIOperation(
        id: "SubsequenceController_updateSubsequence", method: .patch, path: "/v1/sequences/{sequenceId}/subsequence/{subsequenceId}", tag: tag,
        summary: "Update a subsequence's schedule, entry delay or conditions",
        description: "conditions replaces them all; an empty list is ignored, as on Saleshandy. " + conditionHelp,
        parameters: [sequenceId, subsequenceId],
        requestBody: .json(.object([
            .optional("conditions", .array(of: Condition.schema, maxItems: 20)),
            .optional("scheduleId", .id),
            .optional("firstStepRelativeDays", .integer(minimum: 1, maximum: 365)),
        ])),
        response: .envelope(status: 200, message: "Subsequence updated successfully", payload: .nullable(.any)),
        errors: errors)

    public static let all = [create, list, settings, update]
}
