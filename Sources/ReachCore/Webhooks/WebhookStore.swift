import Foundation

/// Storage of webhooks, their deliveries and the delivery log.
public protocol WebhookStore: Sendable {
    func createWebhook(_ draft: WebhookDraft, sealedSecret: String, in account: AccountID, at date: Date) async throws -> Webhook
    func webhook(_ id: WebhookID, in account: AccountID) async throws -> Webhook?
    func webhooks(in account: AccountID, page: PageRequest) async throws -> Page<Webhook>
    func activeWebhookCount(in account: AccountID) async throws -> Int
    /// Replaces the webhook's settings; re-activating one clears its run of failures.
    func updateWebhook(_ id: WebhookID, in account: AccountID, to draft: WebhookDraft, at date: Date) async throws -> Webhook?
    func deleteWebhook(_ id: WebhookID, in account: AccountID) async throws -> Bool
    /// The signing secret as `SecretBox` sealed it.
    func sealedSecret(of id: WebhookID) async throws -> String?

    /// Turns settled events after the dispatcher's position into pending deliveries for the
    /// active webhooks subscribed to them (created before the event), and moves the position;
    /// one process at a time. Returns how many events it passed over.
    func dispatchEvents(limit: Int, at date: Date) async throws -> Int
    /// Leases up to `limit` due deliveries of active webhooks to `worker`.
    func claimDeliveries(worker: String, limit: Int, at date: Date, leaseFor lease: TimeInterval) async throws -> [DueDelivery]
    /// Logs an attempt and moves the delivery on (delivered, retried at `outcome.retryAt`, or
    /// failed) if `worker` still holds it, and keeps the webhook's failure record. Returns the
    /// webhook's state after it, or nil when the lease had been lost (nothing was written).
    func finishAttempt(_ attempt: WebhookAttempt, of delivery: DueDelivery, worker: String, outcome: DeliveryOutcome) async throws -> Webhook?
    /// Logs an attempt that belongs to no delivery (a test send).
    func logAttempt(_ attempt: WebhookAttempt) async throws
    /// Sets an active webhook disabled; false when it was not active.
    func disableWebhook(_ id: WebhookID, at date: Date) async throws -> Bool
    /// The sequence, message, mailbox, task and owner the event concerns, as they are now.
    func context(of event: RecordedEvent) async throws -> WebhookEventContext
    /// The webhook's delivery log, newest first.
    func attempts(of id: WebhookID, in account: AccountID, page: PageRequest) async throws -> Page<WebhookAttempt>
}

/// A delivery leased to a worker, with what it needs to send it.
public struct DueDelivery: Sendable {
    public let id: Int64
    public let attemptsSoFar: Int
    public let createdAt: Date
    public let webhookID: WebhookID
    public let url: String
    public let headers: [WebhookHeader]
    public let sealedSecret: String
    public let event: RecordedEvent

    public init(
        id: Int64, attemptsSoFar: Int, createdAt: Date, webhookID: WebhookID, url: String, headers: [WebhookHeader], sealedSecret: String,
        event: RecordedEvent
    ) {
        self.id = id
        self.attemptsSoFar = attemptsSoFar
        self.createdAt = createdAt
        self.webhookID = webhookID
        self.url = url
        self.headers = headers
        self.sealedSecret = sealedSecret
        self.event = event
    }
}

/// One POST to a webhook, as the delivery log shows it.
public struct WebhookAttempt: Sendable, Equatable {
    public let webhookID: WebhookID
    public let eventKind: String
    public let eventID: EventID?
    public let attemptedAt: Date
    public let statusCode: Int?
    public let error: String?
    public let durationMilliseconds: Int
    public let requestBody: String
    /// The start of what the receiver answered.
    public let responseBody: String?

    public init(
        webhookID: WebhookID, eventKind: String, eventID: EventID?, attemptedAt: Date, statusCode: Int?, error: String?,
        durationMilliseconds: Int, requestBody: String, responseBody: String?
    ) {
        self.webhookID = webhookID
        self.eventKind = eventKind
        self.eventID = eventID
        self.attemptedAt = attemptedAt
        self.statusCode = statusCode
        self.error = error
        self.durationMilliseconds = durationMilliseconds
        self.requestBody = requestBody
        self.responseBody = responseBody
    }

    public var succeeded: Bool { error == nil && (200..<300).contains(statusCode ?? 0) }
}

public enum DeliveryOutcome: Sendable, Equatable {
    case delivered
    case retry(at: Date)
    /// The retry window is over.
    case failed
}
