import ReachJSON

/// Webhooks (Saleshandy §19), with Reach's extensions: update, delete, a test send and the
/// delivery log. Deliveries are signed; see `Reach-Signature` in the README.
public enum WebhooksAPI {
    public static let tag = "Webhooks"

    /// The 19 names Saleshandy accepts.
    public static let eventNames = [
        "email-sent", "email-opened", "email-link-clicked", "reply-received", "email-bounced", "prospect-unsubscribed", "prospect-finished",
        "prospect-outcome-updated", "sequence-paused", "email-account-disconnected", "email-account-paused", "inbox-analyser-test-completed",
        "task-created", "task-updated", "bulk-task-updated", "call-task-updated", "linkedin-task-updated", "custom-task-updated",
        "whatsapp-task-updated",
    ]

    public struct Failure: Codable, Sendable, Equatable {
        public var failedAt: String
        public var statusCode: Int?
        public var message: String

        public init(failedAt: String, statusCode: Int?, message: String) {
            self.failedAt = failedAt
            self.statusCode = statusCode
            self.message = message
        }
    }

    public struct Webhook: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var webhookUrl: String
        public var webhookEvent: [String]
        public var headers: [String: String]
        /// active, paused, or disabled (by Reach, after a day of failed deliveries).
        public var status: String
        public var failed: Bool
        public var lastFailure: Failure?
        public var consecutiveFailures: Int
        /// The key receivers check `Reach-Signature` with.
        public var signingSecret: String
        public var createdAt: String
        public var updatedAt: String

        public init(
            id: String, name: String, webhookUrl: String, webhookEvent: [String], headers: [String: String], status: String, failed: Bool,
            lastFailure: Failure?, consecutiveFailures: Int, signingSecret: String, createdAt: String, updatedAt: String
        ) {
            self.id = id
            self.name = name
            self.webhookUrl = webhookUrl
            self.webhookEvent = webhookEvent
            self.headers = headers
            self.status = status
            self.failed = failed
            self.lastFailure = lastFailure
            self.consecutiveFailures = consecutiveFailures
            self.signingSecret = signingSecret
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }

        public static let schema: JSONSchema = .component(
            name: "Webhook",
            schema: .object([
                .required("id", .string),
                .required("name", .string),
                .required("webhookUrl", .string),
                .required("webhookEvent", .array(of: .string(oneOf: eventNames))),
                .required("headers", .map(of: .string)),
                .required("status", .string(oneOf: ["active", "paused", "disabled"])),
                .required("failed", .boolean, "Whether the latest attempt failed."),
                .optional("lastFailure", .nullable(.object([
                    .required("failedAt", .dateTime), .optional("statusCode", .nullable(.integer)), .required("message", .string),
                ]))),
                .required("consecutiveFailures", .integer(minimum: 0)),
                .required("signingSecret", .string, "HMAC-SHA256 key of the Reach-Signature header."),
                .required("createdAt", .dateTime),
                .required("updatedAt", .dateTime),
            ]))
    }

    public struct Attempt: Codable, Sendable, Equatable {
        public var event: String
        public var eventId: String?
        public var attemptedAt: String
        public var succeeded: Bool
        public var statusCode: Int?
        public var error: String?
        public var durationMs: Int
        public var requestBody: String
        public var responseBody: String?

        public init(
            event: String, eventId: String?, attemptedAt: String, succeeded: Bool, statusCode: Int?, error: String?, durationMs: Int,
            requestBody: String, responseBody: String?
        ) {
            self.event = event
            self.eventId = eventId
            self.attemptedAt = attemptedAt
            self.succeeded = succeeded
            self.statusCode = statusCode
            self.error = error
            self.durationMs = durationMs
            self.requestBody = requestBody
            self.responseBody = responseBody
        }

        public static let schema: JSONSchema = .component(
            name: "WebhookAttempt",
            schema: .object([
                .required("event", .string),
                .optional("eventId", .nullable(.string), "Absent for test sends."),
                .required("attemptedAt", .dateTime),
                .required("succeeded", .boolean),
                .optional("statusCode", .nullable(.integer)),
                .optional("error", .nullable(.string)),
                .required("durationMs", .integer(minimum: 0)),
                .required("requestBody", .string),
                .optional("responseBody", .nullable(.string), "The first kilobyte of the answer."),
            ]))
    }

    public struct CreateRequest: Codable, Sendable {
        public var name: String
        public var webhookUrl: String
        public var webhookEvent: [String]
        public var headers: [String: String]?

        public init(name: String, webhookUrl: String, webhookEvent: [String], headers: [String: String]) {
            self.name = name
            self.webhookUrl = webhookUrl
            self.webhookEvent = webhookEvent
            self.headers = headers
        }
    }

    public struct UpdateRequest: Codable, Sendable {
        public var name: String?
        public var webhookUrl: String?
        public var webhookEvent: [String]?
        public var headers: [String: String]?
        public var status: String?
    }

    public struct TestRequest: Codable, Sendable {
        public var event: String?

        public init(event: String? = nil) {
            self.event = event
        }
    }

    public struct PageQuery: Codable, Sendable {
        public var page: Int?
        public var pageSize: Int?
    }

    static let webhookID = Parameter.path("webhookId")
    static let notFound = DocumentedError(status: 404, code: 4004, message: "Webhook not found")
    static let invalid = DocumentedError(status: 400, code: 1001, message: "webhookUrl must be an http or https URL")
    static let paging: [Parameter] = [.query("pageSize", .integer(minimum: 1)), .query("page", .integer(minimum: 1))]
    static let headersSchema: JSONSchema = .map(of: .string(maxLength: 4096))

    public static let create = APIOperation(
        id: "WebhookController_createWebhook", method: .post, path: "/v1/webhook/create", tag: tag,
        summary: "Create a webhook",
        description: """
            Up to 50 active webhooks per account. Every delivery is a signed POST: Reach-Signature is t=<unix seconds>,v1=<hex \
            HMAC-SHA256 of "<t>.<body>" keyed by signingSecret>. headers are sent with every delivery.
            """,
        requestBody: .json(.object([
            .required("name", .string(minLength: 1, maxLength: 200)),
            .required("webhookUrl", .string(minLength: 1, maxLength: 2048)),
            .required("webhookEvent", .array(of: .string(oneOf: eventNames), minItems: 1, maxItems: 19)),
            .optional("headers", headersSchema, "Saleshandy requires it ({} for none); Reach also takes it absent."),
        ])),
        response: .envelope(status: 201, message: "Webhook created successfully", payload: Webhook.schema),
        errors: [invalid])

    public static let get = APIOperation(
        id: "WebhookController_getWebhook", method: .get, path: "/v1/webhook/{webhookId}", tag: tag,
        summary: "Get a webhook", description: "With its failure record: failed, lastFailure and consecutiveFailures.",
        parameters: [webhookID],
        response: .envelope(status: 200, message: "Webhook fetched successfully", payload: Webhook.schema),
        errors: [notFound])

    public static let list = APIOperation(
        id: "WebhookController_listWebhooks", method: .get, path: "/v1/webhook", tag: tag,
        summary: "List webhooks", description: "Newest first. pageSize defaults to 25, at most 100.",
        parameters: paging,
        response: .nestedEnvelope(status: 200, message: "Webhooks fetched successfully", payload: .array(of: Webhook.schema), meta: PageMeta.schema))

    public static let update = APIOperation(
        id: "ReachWebhooks_updateWebhook", method: .patch, path: "/v1/webhook/{webhookId}", tag: tag,
        summary: "Change a webhook, pause it or turn it back on",
        description: "Only what is given changes. status active turns a paused or disabled webhook back on and clears its failure count.",
        parameters: [webhookID],
        requestBody: .json(.object([
            .optional("name", .string(minLength: 1, maxLength: 200)),
            .optional("webhookUrl", .string(minLength: 1, maxLength: 2048)),
            .optional("webhookEvent", .array(of: .string(oneOf: eventNames), minItems: 1, maxItems: 19)),
            .optional("headers", headersSchema),
            .optional("status", .string(oneOf: ["active", "paused"])),
        ])),
        response: .envelope(status: 200, message: "Webhook updated successfully", payload: Webhook.schema),
        errors: [invalid, notFound], isExtension: true)

    public static let delete = APIOperation(
        id: "ReachWebhooks_deleteWebhook", method: .delete, path: "/v1/webhook/{webhookId}", tag: tag,
        summary: "Delete a webhook", description: "Its pending deliveries and its log go with it.",
        parameters: [webhookID],
        response: .envelope(status: 200, message: "Webhook deleted successfully", payload: .nullable(.any)),
        errors: [notFound], isExtension: true)

    public static let test = APIOperation(
        id: "ReachWebhooks_testWebhook", method: .post, path: "/v1/webhook/{webhookId}/test", tag: tag,
        summary: "Send a test event now",
        description: "Posts a sample of event (default: the webhook's first event), marked \"test\": true and signed, and answers with the attempt. Not retried.",
        parameters: [webhookID],
        requestBody: .json(.object([.optional("event", .string(oneOf: eventNames))]), required: false),
        response: .envelope(status: 200, message: "Test event sent", payload: Attempt.schema),
        errors: [notFound], isExtension: true)

    public static let deliveries = APIOperation(
        id: "ReachWebhooks_listDeliveries", method: .get, path: "/v1/webhook/{webhookId}/deliveries", tag: tag,
        summary: "The delivery log",
        description: "Every attempt, newest first: the body sent, the receiver's status and the start of its answer, or the error, and how long it took.",
        parameters: [webhookID] + paging,
        response: .nestedEnvelope(status: 200, message: "Webhook deliveries fetched successfully", payload: .array(of: Attempt.schema), meta: PageMeta.schema),
        errors: [notFound], isExtension: true)

    public static let all = [create, list, get, update, delete, test, deliveries]
}
