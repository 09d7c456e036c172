import ReachJSON

/// The replayable event feed (a Reach extension): the events webhooks deliver, with the same
/// ids, read in pages after a cursor.
public enum EventsAPI {
    public static let tag = "Events"

    /// Every kind the feed can hold: the webhook names Reach raises, and its own.
    public static let kinds = WebhooksAPI.eventNames + ["email-failed", "email-outcome-unknown", "webhook-disabled"]

    public struct Event: Codable, Sendable, Equatable {
        public var id: String
        public var type: String
        public var occurredAt: String
        public var cursor: String
        public var sequenceId: String?
        public var stepId: String?
        public var prospectId: String?
        public var emailAccountId: String?
        public var taskId: String?
        public var detail: String?

        public init(
            id: String, type: String, occurredAt: String, cursor: String, sequenceId: String?, stepId: String?, prospectId: String?,
            emailAccountId: String?, taskId: String?, detail: String?
        ) {
            self.id = id
            self.type = type
            self.occurredAt = occurredAt
            self.cursor = cursor
            self.sequenceId = sequenceId
            self.stepId = stepId
            self.prospectId = prospectId
            self.emailAccountId = emailAccountId
            self.taskId = taskId
            self.detail = detail
        }

        public static let schema: JSONSchema = .component(
            name: "Event",
            schema: .object([
                .required("id", .string, "The eventId webhook deliveries carry."),
                .required("type", .string(oneOf: kinds)),
                .required("occurredAt", .dateTime),
                .required("cursor", .string, "Pass as after to read on from this event."),
                .optional("sequenceId", .nullable(.string)),
                .optional("stepId", .nullable(.string)),
                .optional("prospectId", .nullable(.string)),
                .optional("emailAccountId", .nullable(.string)),
                .optional("taskId", .nullable(.string)),
                .optional("detail", .nullable(.string), "The clicked link, the bounce status, the reason, …"),
            ]))
    }

    public struct Feed: Codable, Sendable, Equatable {
        public var events: [Event]
        /// Empty while the feed has nothing yet: pass it back all the same.
        public var nextCursor: String

        public init(events: [Event], nextCursor: String) {
            self.events = events
            self.nextCursor = nextCursor
        }
    }

    public struct Query: Codable, Sendable {
        public var after: String?
        public var type: [String]?
        public var sequenceId: String?
        public var prospectId: String?
        public var emailAccountId: String?
        public var limit: Int?
    }

    public static let list = APIOperation(
        id: "ReachEvents_listEvents", method: .get, path: "/v1/events", tag: tag,
        summary: "Read the event feed",
        description: """
            Events in the order they were committed, after the cursor given (from the beginning without one). Keep nextCursor and \
            pass it as after next time: no event is ever skipped or repeated, even with several Reach processes writing at once. \
            limit defaults to 100, at most 1000.
            """,
        parameters: [
            .query("after", .string(maxLength: 64)),
            .query("type", .array(of: .string(oneOf: kinds), maxItems: 30), "One or more event types."),
            .query("sequenceId", .string(minLength: 1)),
            .query("prospectId", .string(minLength: 1)),
            .query("emailAccountId", .string(minLength: 1)),
            .query("limit", .integer(minimum: 1)),
        ],
        response: .envelope(
            status: 200, message: "Events fetched successfully",
            payload: .object([
                .required("events", .array(of: Event.schema)),
                .required("nextCursor", .string(maxLength: 64), "Pass as after next time; empty while the feed has nothing yet."),
            ])),
        errors: [DocumentedError(status: 400, code: 4000, message: "after must be a cursor returned by this feed")], isExtension: true)

    public static let all = [list]
}
