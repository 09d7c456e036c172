import Foundation

/// Managing webhooks: validation, the limit of active ones, and test sends.
public struct WebhookService: Sendable {
    let store: any WebhookStore
    let delivery: WebhookDelivery
    let secrets: SecretBox
    let clock: any WallClock

    /// Saleshandy's documented limit.
    public static let maximumActiveWebhooks = 50
    public static let defaultPageSize = 25
    public static let maximumPageSize = 100
    /// Headers Reach sets itself, which a webhook's own headers may not replace.
    static let reservedHeaders: Set<String> = [
        "content-type", "content-length", "host", "user-agent", "connection", "transfer-encoding",
        WebhookSignature.headerName.lowercased(), "reach-event", "reach-event-id", "reach-delivery-attempt",
    ]

    public init(store: any WebhookStore, delivery: WebhookDelivery, secrets: SecretBox, clock: any WallClock) {
        self.store = store
        self.delivery = delivery
        self.secrets = secrets
        self.clock = clock
    }

    /// The new webhook and its signing secret, which only create and `signingSecret` reveal.
    public func create(_ draft: WebhookDraft, in account: AccountID) async throws -> (webhook: Webhook, secret: String) {
        let draft = try Self.validated(draft)
        if draft.status == .active, try await store.activeWebhookCount(in: account) >= Self.maximumActiveWebhooks {
            throw Self.tooMany
        }
        let secret = WebhookSignature.makeSecret()
        let webhook = try await store.createWebhook(draft, sealedSecret: try secrets.seal(secret), in: account, at: clock.now)
        return (webhook, secret)
    }

    public func webhook(_ id: WebhookID, in account: AccountID) async throws -> Webhook {
        guard let webhook = try await store.webhook(id, in: account) else { throw Self.notFound }
        return webhook
    }

    public func signingSecret(of id: WebhookID, in account: AccountID) async throws -> String {
        _ = try await webhook(id, in: account)
        guard let sealed = try await store.sealedSecret(of: id) else { throw Self.notFound }
        return try secrets.open(sealed)
    }

    public func list(in account: AccountID, page: Int?, pageSize: Int?) async throws -> Page<Webhook> {
        let request = PageRequest(number: page, size: pageSize, defaultSize: Self.defaultPageSize, maximumSize: Self.maximumPageSize)
        return try await store.webhooks(in: account, page: request)
    }

    /// Changes what is given; the rest stays. Setting `status` to active again clears the failure record.
    public func update(
        _ id: WebhookID, in account: AccountID, name: String?, url: String?, events: [WebhookEvent]?, headers: [WebhookHeader]?, status: WebhookStatus?
    ) async throws -> Webhook {
        let current = try await webhook(id, in: account)
        let draft = try Self.validated(
            WebhookDraft(
                name: name ?? current.name, url: url ?? current.url, events: events ?? current.events, headers: headers ?? current.headers,
                status: status ?? current.status))
        if draft.status == .active, current.status != .active,
            try await store.activeWebhookCount(in: account) >= Self.maximumActiveWebhooks
        {
            throw Self.tooMany
        }
        guard let updated = try await store.updateWebhook(id, in: account, to: draft, at: clock.now) else { throw Self.notFound }
        return updated
    }

    public func delete(_ id: WebhookID, in account: AccountID) async throws {
        guard try await store.deleteWebhook(id, in: account) else { throw Self.notFound }
    }

    public func attempts(of id: WebhookID, in account: AccountID, page: Int?, pageSize: Int?) async throws -> Page<WebhookAttempt> {
        _ = try await webhook(id, in: account)
        let request = PageRequest(number: page, size: pageSize, defaultSize: Self.defaultPageSize, maximumSize: Self.maximumPageSize)
        return try await store.attempts(of: id, in: account, page: request)
    }

    /// Posts a sample of `event` to the webhook now, signed like a real delivery, whatever its
    /// status; the attempt goes into its log. Nothing is retried.
    public func sendTest(_ id: WebhookID, event: WebhookEvent?, in account: AccountID) async throws -> WebhookAttempt {
        let webhook = try await webhook(id, in: account)
        guard let sealed = try await store.sealedSecret(of: id) else { throw Self.notFound }
        let kind = event ?? webhook.events.first ?? .emailSent
        let attempt = await delivery.sendTest(kind, to: webhook, secret: try secrets.open(sealed))
        try await store.logAttempt(attempt)
        return attempt
    }

    static func validated(_ draft: WebhookDraft) throws -> WebhookDraft {
        var draft = draft
        draft.name = draft.name.trimmingWhitespace()
        guard (1...200).contains(draft.name.count) else {
            throw ReachError.invalidInput("name must be between 1 and 200 characters", field: "name", code: 1001)
        }
        draft.url = draft.url.trimmingWhitespace()
        guard let components = URLComponents(string: draft.url), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty, draft.url.count <= 2048
        else {
            throw ReachError.invalidInput("webhookUrl must be an http or https URL", field: "webhookUrl", code: 1001)
        }
        guard !draft.events.isEmpty else {
            throw ReachError.invalidInput("webhookEvent must contain at least one event", field: "webhookEvent", code: 1001)
        }
        var seen = Set<WebhookEvent>()
        draft.events = draft.events.filter { seen.insert($0).inserted }
        guard draft.headers.count <= 20 else {
            throw ReachError.invalidInput("headers may have at most 20 entries", field: "headers", code: 1001)
        }
        for header in draft.headers {
            guard Self.isToken(header.name) else {
                throw ReachError.invalidInput("headers: \"\(header.name)\" is not a valid HTTP header name", field: "headers", code: 1001)
            }
            guard !Self.reservedHeaders.contains(header.name.lowercased()) else {
                throw ReachError.invalidInput("headers: \(header.name) is set by Reach and cannot be replaced", field: "headers", code: 1001)
            }
            // By scalar ("\r\n" is a single Character): no control character but tab, which no
            // HTTP client would send.
            guard header.value.utf8.count <= 4096,
                !header.value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F })
            else {
                throw ReachError.invalidInput("headers: the value of \(header.name) is not a valid HTTP header value", field: "headers", code: 1001)
            }
        }
        return draft
    }

    /// RFC 9110 token characters.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
            }
    }

    static let notFound = ReachError.notFound("Webhook not found", code: 4004)
    static let tooMany = ReachError.invalidInput(
        "An account can have at most \(maximumActiveWebhooks) active webhooks; pause or delete one first", code: 1001)
}
