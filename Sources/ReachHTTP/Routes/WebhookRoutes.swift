import ReachAPI
import ReachCore
import ReachJSON

struct WebhookRoutes {
    let webhooks: WebhookService

    func register(on router: inout APIRouter) {
        router.add(WebhooksAPI.create) { request in
            let body = try request.decodeBody(WebhooksAPI.CreateRequest.self)
            let draft = WebhookDraft(
                name: body.name, url: body.webhookUrl, events: try Self.events(body.webhookEvent), headers: Self.headers(body.headers ?? [:]),
                status: .active)
            let created = try await webhooks.create(draft, in: try request.account)
            return try request.respond(with: Self.wire(created.webhook, secret: created.secret, request))
        }
        router.add(WebhooksAPI.list) { request in
            let query = try request.decodeParameters(WebhooksAPI.PageQuery.self)
            let account = try request.account
            let page = try await webhooks.list(in: account, page: query.page, pageSize: query.pageSize)
            var items: [WebhooksAPI.Webhook] = []
            for webhook in page.items {
                items.append(Self.wire(webhook, secret: try await webhooks.signingSecret(of: webhook.id, in: account), request))
            }
            let meta = PageMeta(totalItems: page.totalItems, currentPage: page.request.number, itemsPerPage: page.request.size, itemCount: items.count)
            return try request.respond(with: items, meta: meta)
        }
        router.add(WebhooksAPI.get) { request in
            let id = try Self.id(request)
            let account = try request.account
            let webhook = try await webhooks.webhook(id, in: account)
            return try request.respond(with: Self.wire(webhook, secret: try await webhooks.signingSecret(of: id, in: account), request))
        }
        router.add(WebhooksAPI.update) { request in
            let id = try Self.id(request)
            let body = try request.decodeBody(WebhooksAPI.UpdateRequest.self)
            let account = try request.account
            let updated = try await webhooks.update(
                id, in: account, name: body.name, url: body.webhookUrl, events: try body.webhookEvent.map(Self.events),
                headers: body.headers.map(Self.headers), status: body.status.flatMap(WebhookStatus.init))
            return try request.respond(with: Self.wire(updated, secret: try await webhooks.signingSecret(of: id, in: account), request))
        }
        router.add(WebhooksAPI.delete) { request in
            try await webhooks.delete(try Self.id(request), in: try request.account)
            return try request.respondWithoutPayload()
        }
        router.add(WebhooksAPI.test) { request in
            let id = try Self.id(request)
            let body = request.body == nil ? WebhooksAPI.TestRequest() : try request.decodeBody(WebhooksAPI.TestRequest.self)
            let event = try body.event.map { try Self.events([$0])[0] }
            let attempt = try await webhooks.sendTest(id, event: event, in: try request.account)
            return try request.respond(with: Self.wire(attempt, request))
        }
        router.add(WebhooksAPI.deliveries) { request in
            let id = try Self.id(request)
            let query = try request.decodeParameters(WebhooksAPI.PageQuery.self)
            let page = try await webhooks.attempts(of: id, in: try request.account, page: query.page, pageSize: query.pageSize)
            let meta = PageMeta(
                totalItems: page.totalItems, currentPage: page.request.number, itemsPerPage: page.request.size, itemCount: page.items.count)
            return try request.respond(with: page.items.map { Self.wire($0, request) }, meta: meta)
        }
    }

    static func id(_ request: APIRequest) throws -> WebhookID {
        try request.parameterID("webhookId", as: Webhook.self, notFound: .notFound("Webhook not found"))
    }

    static func events(_ names: [String]) throws -> [WebhookEvent] {
        try names.map { name in
            guard let event = WebhookEvent(rawValue: name) else {
                throw ReachError.invalidInput("webhookEvent: \(name) is not a webhook event", field: "webhookEvent", code: 1001)
            }
            return event
        }
    }

    /// JSON objects have no order; sorted names make it the same every time.
    static func headers(_ map: [String: String]) -> [WebhookHeader] {
        map.keys.sorted().map { WebhookHeader(name: $0, value: map[$0]!) }
    }

    static func wire(_ webhook: Webhook, secret: String, _ request: APIRequest) -> WebhooksAPI.Webhook {
        WebhooksAPI.Webhook(
            id: request.encode(webhook.id), name: webhook.name, webhookUrl: webhook.url, webhookEvent: webhook.events.map(\.rawValue),
            headers: Dictionary(webhook.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }), status: webhook.status.rawValue,
            failed: webhook.consecutiveFailures > 0,
            lastFailure: webhook.lastFailure.map {
                WebhooksAPI.Failure(failedAt: ISO8601Parsing.string(from: $0.at), statusCode: $0.statusCode, message: $0.message)
            },
            consecutiveFailures: webhook.consecutiveFailures, signingSecret: secret, createdAt: ISO8601Parsing.string(from: webhook.createdAt),
            updatedAt: ISO8601Parsing.string(from: webhook.updatedAt))
    }

    static func wire(_ attempt: WebhookAttempt, _ request: APIRequest) -> WebhooksAPI.Attempt {
        WebhooksAPI.Attempt(
            event: attempt.eventKind, eventId: attempt.eventID.map(request.encode), attemptedAt: ISO8601Parsing.string(from: attempt.attemptedAt),
            succeeded: attempt.succeeded, statusCode: attempt.statusCode, error: attempt.error, durationMs: attempt.durationMilliseconds,
            requestBody: attempt.requestBody, responseBody: attempt.responseBody)
    }
}
