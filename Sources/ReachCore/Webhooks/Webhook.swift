import Foundation

/// An HTTP endpoint of the user's that Reach posts chosen events to, signed.
public struct Webhook: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "webhook")

    public let id: WebhookID
    public let accountID: AccountID
    public let name: String
    public let url: String
    public let events: [WebhookEvent]
    /// Sent with every delivery, in this order.
    public let headers: [WebhookHeader]
    public let status: WebhookStatus
    /// Attempts that have failed since the last one that succeeded.
    public let consecutiveFailures: Int
    /// When the current run of failures began; nil while deliveries succeed.
    public let failingSince: Date?
    public let lastFailure: WebhookFailure?
    public let createdAt: Date
    public let updatedAt: Date

    public init(
        id: WebhookID, accountID: AccountID, name: String, url: String, events: [WebhookEvent], headers: [WebhookHeader], status: WebhookStatus,
        consecutiveFailures: Int, failingSince: Date?, lastFailure: WebhookFailure?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.url = url
        self.events = events
        self.headers = headers
        self.status = status
        self.consecutiveFailures = consecutiveFailures
        self.failingSince = failingSince
        self.lastFailure = lastFailure
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public typealias WebhookID = EntityID<Webhook>

/// `disabled` is what Reach sets after sustained failure; a user re-activates it.
public enum WebhookStatus: String, Sendable, CaseIterable {
    case active, paused, disabled
}

public struct WebhookHeader: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public struct WebhookFailure: Sendable, Equatable {
    public let at: Date
    /// The receiver's HTTP status, nil when there was no answer (refused, timed out).
    public let statusCode: Int?
    public let message: String

    public init(at: Date, statusCode: Int?, message: String) {
        self.at = at
        self.statusCode = statusCode
        self.message = message
    }
}

/// Saleshandy's 19 webhook event names, which a webhook subscribes to.
public enum WebhookEvent: String, Sendable, CaseIterable {
    case emailSent = "email-sent"
    case emailOpened = "email-opened"
    case emailLinkClicked = "email-link-clicked"
    case replyReceived = "reply-received"
    case emailBounced = "email-bounced"
    case prospectUnsubscribed = "prospect-unsubscribed"
    case prospectFinished = "prospect-finished"
    case prospectOutcomeUpdated = "prospect-outcome-updated"
    case sequencePaused = "sequence-paused"
    case emailAccountDisconnected = "email-account-disconnected"
    case emailAccountPaused = "email-account-paused"
    case inboxAnalyserTestCompleted = "inbox-analyser-test-completed"
    case taskCreated = "task-created"
    case taskUpdated = "task-updated"
    case bulkTaskUpdated = "bulk-task-updated"
    case callTaskUpdated = "call-task-updated"
    case linkedInTaskUpdated = "linkedin-task-updated"
    case customTaskUpdated = "custom-task-updated"
    case whatsAppTaskUpdated = "whatsapp-task-updated"
}

/// What a create or an update asks for, validated by `WebhookService`.
public struct WebhookDraft: Sendable, Equatable {
    public var name: String
    public var url: String
    public var events: [WebhookEvent]
    public var headers: [WebhookHeader]
    public var status: WebhookStatus

    public init(name: String, url: String, events: [WebhookEvent], headers: [WebhookHeader], status: WebhookStatus) {
        self.name = name
        self.url = url
        self.events = events
        self.headers = headers
        self.status = status
    }
}
