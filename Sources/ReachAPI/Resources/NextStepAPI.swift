import ReachJSON

/// Why and when a prospect gets their next email (Reach's extension): what the engine would do.
public enum NextStepAPI {
    public struct Reason: Codable, Sendable, Equatable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public struct Step: Codable, Sendable, Equatable {
        public var id: String
        public var number: Int
        public var type: Int

        public init(id: String, number: Int, type: Int) {
            self.id = id
            self.number = number
            self.type = type
        }
    }

    public struct Mailbox: Codable, Sendable, Equatable {
        public var id: String
        public var email: String

        public init(id: String, email: String) {
            self.id = id
            self.email = email
        }
    }

    public struct Plan: Codable, Sendable, Equatable {
        /// scheduled, waitingForTask, blocked or stopped.
        public var state: String
        @ExplicitNull public var step: Step?
        @ExplicitNull public var plannedAt: String?
        @ExplicitNull public var emailAccount: Mailbox?
        @ExplicitNull public var variant: String?
        @ExplicitNull public var taskId: String?
        public var reasons: [Reason]

        public init(state: String, step: Step?, plannedAt: String?, emailAccount: Mailbox?, variant: String?, taskId: String?, reasons: [Reason]) {
            self.state = state
            self.step = step
            self.plannedAt = plannedAt
            self.emailAccount = emailAccount
            self.variant = variant
            self.taskId = taskId
            self.reasons = reasons
        }
    }

    public static let get = APIOperation(
        id: "ReachController_getNextStep", method: .get, path: "/v1/sequences/{sequenceId}/prospects/{prospectId}/next-step",
        tag: SequencesAPI.tag,
        summary: "Why and when the prospect's next step runs",
        description: """
            The engine's view: state scheduled (with plannedAt, the mailbox and the A/B variant), waitingForTask (the step's task \
            is open), blocked or stopped, with a reason for each thing that delays or stops it (paused, outside the schedule's hours, \
            the mailbox's daily limit, Do Not Contact, no active mailbox, ...). plannedAt does not count the mailbox's random interval.
            """,
        parameters: [.path("sequenceId", .string(minLength: 1, maxLength: 64)), .path("prospectId", .string(minLength: 1, maxLength: 64))],
        response: .envelope(
            status: 200, message: "Next step fetched successfully",
            payload: .object([
                .required("state", .string(oneOf: ["scheduled", "waitingForTask", "blocked", "stopped"])),
                .required("step", .nullable(.object([.required("id", .string), .required("number", .integer(minimum: 1)), .required("type", .integer)]))),
                .required("plannedAt", .nullable(.dateTime)),
                .required("emailAccount", .nullable(.object([.required("id", .string), .required("email", .string)]))),
                .required("variant", .nullable(.string)), .required("taskId", .nullable(.string)),
                .required("reasons", .array(of: .object([.required("code", .string), .required("message", .string)]))),
            ])),
        errors: [DocumentedError(status: 404, code: 4004, message: "This prospect is not in this sequence")], isExtension: true)
}
