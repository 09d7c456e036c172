import ReachJSON

/// Sending schedules (Saleshandy §8).
public enum SchedulesAPI {
    public static let tag = "Schedules"

    public struct Time: Codable, Sendable, Equatable {
        public var hour: Int
        public var minute: Int

        public init(hour: Int, minute: Int) {
            self.hour = hour
            self.minute = minute
        }

        static let schema: JSONSchema = .object([
            .required("hour", .integer(minimum: 0, maximum: 24)), .required("minute", .integer(minimum: 0, maximum: 59)),
        ])
    }

    public struct Slot: Codable, Sendable, Equatable {
        public var start: Time
        public var end: Time

        public init(start: Time, end: Time) {
            self.start = start
            self.end = end
        }

        static let schema: JSONSchema = .object([.required("start", Time.schema), .required("end", Time.schema)])
    }

    public struct Day: Codable, Sendable, Equatable {
        /// 0 is Sunday.
        public var day: Int
        public var slots: [Slot]

        public init(day: Int, slots: [Slot]) {
            self.day = day
            self.slots = slots
        }

        static let schema: JSONSchema = .object([
            .required("day", .integer(minimum: 0, maximum: 6), "0 = Sunday ... 6 = Saturday"),
            .required("slots", .array(of: Slot.schema, maxItems: 24)),
        ])
    }

    /// A schedule as sequences refer to it.
    public struct Reference: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var timezone: String
        public var isDefault: Bool

        public init(id: String, name: String, timezone: String, isDefault: Bool) {
            self.id = id
            self.name = name
            self.timezone = timezone
            self.isDefault = isDefault
        }

        public static let schema: JSONSchema = .component(
            name: "ScheduleReference",
            schema: .object([.required("id", .string), .required("name", .string), .required("timezone", .string), .required("isDefault", .boolean)]))
    }

    public struct Schedule: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var timezone: String
        public var isDefault: Bool
        public var timeSlots: [Day]
        public var createdAt: String

        public init(id: String, name: String, timezone: String, isDefault: Bool, timeSlots: [Day], createdAt: String) {
            self.id = id
            self.name = name
            self.timezone = timezone
            self.isDefault = isDefault
            self.timeSlots = timeSlots
            self.createdAt = createdAt
        }

        public static let schema: JSONSchema = .component(
            name: "Schedule",
            schema: .object([
                .required("id", .string), .required("name", .string), .required("timezone", .string), .required("isDefault", .boolean),
                .required("timeSlots", .array(of: Day.schema, minItems: 7, maxItems: 7)), .required("createdAt", .dateTime),
            ]))
    }

    public struct CreateRequest: Codable, Sendable {
        public var name: String
        public var timezone: String
        public var isDefault: Bool?
        public var timeSlots: [Day]

        public init(name: String, timezone: String, isDefault: Bool?, timeSlots: [Day]) {
            self.name = name
            self.timezone = timezone
            self.isDefault = isDefault
            self.timeSlots = timeSlots
        }
    }

    public static let list = APIOperation(
        id: "ScheduleController_getSchedules", method: .get, path: "/v1/schedules", tag: tag,
        summary: "List schedules",
        description: "Every account has a default schedule (Monday to Friday, 9:00 to 17:00 UTC) from its first use.",
        response: .envelope(status: 200, message: "Schedules fetched successfully", payload: .array(of: Schedule.schema)),
        errors: [DocumentedError(status: 400, code: 1001, message: "Failed to fetch schedules")])

    public static let create = APIOperation(
        id: "ScheduleController_createSchedule", method: .post, path: "/v1/schedules", tag: tag,
        summary: "Create a schedule",
        description: """
            timeSlots has exactly 7 entries, one per day (0 = Sunday); a day without slots sends nothing. Times are in the \
            schedule's IANA time zone; slots of a day must not overlap. isDefault makes it the account's default in place of the old one.
            """,
        requestBody: .json(.object([
            .required("name", .string(minLength: 1, maxLength: 100)),
            .required("timezone", .string(minLength: 1, maxLength: 64), "An IANA time zone name such as Europe/Berlin"),
            .optional("isDefault", .boolean),
            .required("timeSlots", .array(of: Day.schema, minItems: 7, maxItems: 7)),
        ])),
        response: .envelope(status: 201, message: "Schedule created successfully", payload: Schedule.schema),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to create schedule")])

    public static let all = [list, create]
}
