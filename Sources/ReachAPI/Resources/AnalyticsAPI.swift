import ReachJSON

/// Reports (Saleshandy §11), counted from the event store. Saleshandy writes counts as strings
/// in these payloads; Reach does the same where its shapes are documented.
public enum AnalyticsAPI {
    public static let tag = "Analytics"

    public static let outcomeKeys = [
        ("uncategorized", "uncategorized"), ("interested", "interested"), ("notInterested", "not_interested"), ("meetingBooked", "meeting_booked"),
        ("outOfOffice", "out_of_office"), ("closed", "closed"), ("notNow", "not_now"), ("doNotContact", "do_not_contact"),
    ]
    public static let teamOrderBy = [
        "prospectAdded", "prospectContacted", "opened", "clicked", "replied", "unSubscribed", "bounced", "Uncategorized", "Interested",
        "Not Interested", "Meeting Booked", "Out of Office", "Closed", "Not Now", "Do Not Contact", "emailSent",
    ]

    public struct StatsRequest: Codable, Sendable {
        public var sequenceId: JSONValue
    }

    public struct ConsolidatedRequest: Codable, Sendable {
        public var sequenceIds: [JSONValue]
        public var startDate: String
        public var endDate: String
        public var pageNum: Int
        public var pageLimit: Int
    }

    public struct ExportRequest: Codable, Sendable {
        public var sequenceIds: [JSONValue]?
        public var startDate: String
        public var endDate: String
    }

    public struct MailboxStatsRequest: Codable, Sendable {
        public var emailId: JSONValue
    }

    public struct TeamRequest: Codable, Sendable {
        public var userIds: [JSONValue]
        public var startDate: String
        public var endDate: String
        public var countBy: String
        public var type: String
        public var limit: Int
        public var page: Int
        public var sortOrder: String?
        public var orderBy: String
    }

    static let client: JSONSchema = .nullable(.object([
        .required("id", .string), .required("firstName", .string), .required("lastName", .string), .optional("email", .string),
        .required("status", .string), .required("companyName", .string),
    ]))
    static let counts: JSONSchema = .countString
    static let emailCounts: [Property] = ["total", "sent", "delivered", "opened", "clicked", "replied", "bounced", "failed"].map { .required($0, .countString) }

    public static let stats = APIOperation(
        id: "AnalyticsController_getSequenceStats", method: .post, path: "/v1/analytics/stats", tag: tag,
        summary: "Sequence stats",
        description: """
            Prospects counted once each by what happened to them in the sequence (opened, clicked, replied...) and by outcome, with \
            deal values; emails by what became of them. steps (an extension) breaks the emails down by step and variant. Counts \
            are strings, as Saleshandy writes them.
            """,
        requestBody: .json(.object([.required("sequenceId", .id)])),
        response: .envelope(
            status: 200, message: "Sequence consolidated fetched successfully",
            payload: .object([
                .required("prospects", .array(of: .object(
                    ["total", "open", "replied", "clicked", "unsubscribed", "contacted", "notContacted"].map { .required($0, counts) }
                        + outcomeKeys.map { .required($0.0, counts) }
                        + ["interestedDealValue", "meetingBookedDealValue", "closedDealValue", "sentNoOpen", "openedNoReply", "openedNoClicked",
                           "clickedNoReply", "bounced"].map { .required($0, counts) }))),
                .required("emails", .object([
                    .required("total", counts),
                    .required("status", .object(["scheduled", "delivered", "opened", "clicked", "replied", "bounced", "failed"].map { .required($0, counts) })),
                ])),
                .required("sequenceId", .string),
                .required("sequenceName", .string),
                .optional("client", client),
                .required("steps", .array(of: .object([
                    .required("stepId", .string), .required("stepNumber", counts),
                    .required("variants", .array(of: .object([.required("variantId", .string), .required("variant", .string)] + emailCounts))),
                ] + emailCounts)), "Extension: emails by step and variant."),
            ])),
        errors: [DocumentedError(status: 400, code: 4000, message: "Sequence not found")])

    public static let consolidated = APIOperation(
        id: "AnalyticsController_getSequenceConsolidatedReport", method: .post, path: "/v1/analytics/consolidated-stats", tag: tag,
        summary: "Per-email report",
        description: """
            One row per email sent between startDate and endDate (YYYY-MM-DD, UTC, both included; the start at most two years back, \
            the end at most a year after it), with Saleshandy's human-readable keys. Opens, clicks and replies are counted to date.
            """,
        requestBody: .json(.object([
            .required("sequenceIds", .array(of: .id, maxItems: 1000)),
            .required("startDate", .string(minLength: 10, maxLength: 10)),
            .required("endDate", .string(minLength: 10, maxLength: 10)),
            .required("pageNum", .integer(minimum: 1)),
            .required("pageLimit", .integer(minimum: 10, maximum: 500)),
        ])),
        response: .envelope(
            status: 200, message: "Sequence prospects & emails stats fetched successfully",
            payload: .object([.required("data", .array(of: .map(of: .any))), .required("meta", PageMeta.schema)])),
        errors: [DocumentedError(status: 400, code: 1001, message: "startDate must be a date (YYYY-MM-DD)")])

    public static let team = APIOperation(
        id: "AnalyticsController_getAllTeamSummarizedStats", method: .post, path: "/v1/analytics/team/stats", tag: tag,
        summary: "Team stats",
        description: """
            Per user, what happened in the sequences they own between startDate and endDate (ISO 8601). countBy relative counts only \
            prospects added in the period; absolute counts all. type prospect counts prospects, email counts emails. An empty userIds \
            means every user.
            """,
        requestBody: .json(.object([
            .required("userIds", .array(of: .id, maxItems: 1000)),
            .required("startDate", .string(minLength: 10, maxLength: 40)),
            .required("endDate", .string(minLength: 10, maxLength: 40)),
            .required("countBy", .string(oneOf: ["relative", "absolute"])),
            .required("type", .string(oneOf: ["prospect", "email"])),
            .required("limit", .integer(minimum: 1)),
            .required("page", .integer(minimum: 1)),
            .optional("sortOrder", .string(oneOf: ["asc", "desc"])),
            .required("orderBy", .string(oneOf: teamOrderBy)),
        ])),
        response: .nestedEnvelope(
            status: 200, message: "Team stats fetched successfully",
            payload: .array(of: .object(
                [.required("userId", .string), .required("name", .string), .required("email", .string)] + teamOrderBy.map { .required($0, .integer(minimum: 0)) })),
            meta: PageMeta.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "startDate must be an ISO 8601 date")])

    public static let mailbox = APIOperation(
        id: "AnalyticsController_getEmailAccountStats", method: .post, path: "/v1/analytics/emailaccount/stats", tag: tag,
        summary: "Email account stats",
        description: """
            The mailbox's results over every sequence it sent for, under Saleshandy's human-readable keys. Setup Score is the DNS \
            health score (0-100); Inbox Score is null: Reach runs no inbox placement tests.
            """,
        requestBody: .json(.object([.required("emailId", .id)])),
        response: .envelope(
            status: 200, message: "Email Account consolidated fetched successfully",
            payload: .object([
                .required("Email Analytics", .array(of: .map(of: .any))),
                .required("EmailAccountId", .string),
                .required("Email Address", .string),
                .optional("client", client),
            ])),
        errors: [DocumentedError(status: 400, code: 4000, message: "Email account not found")])

    public static let export = APIOperation(
        id: "AnalyticsController_exportEmailSentDetails", method: .post, path: "/v1/analytics/email-sent-details", tag: tag,
        summary: "Export sent emails as CSV",
        description: "The per-email report's rows for the period (every sequence when sequenceIds is absent or empty), as a CSV download, up to 100,000 rows.",
        requestBody: .json(.object([
            .optional("sequenceIds", .array(of: .id, maxItems: 1000)),
            .required("startDate", .string(minLength: 10, maxLength: 10)),
            .required("endDate", .string(minLength: 10, maxLength: 10)),
        ])),
        response: .text(status: 200, contentType: "text/csv; charset=utf-8"),
        errors: [DocumentedError(status: 400, code: 1001, message: "startDate must be a date (YYYY-MM-DD)")])

    public static let all = [stats, consolidated, team, mailbox, export]
}
