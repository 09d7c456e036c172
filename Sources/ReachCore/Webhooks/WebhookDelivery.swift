import Foundation
import Logging
import ReachJSON

/// Delivers events to webhooks: fans settled events out into deliveries, then posts the due
/// ones, signed, a few at a time, each leased so that several processes never post one twice at
/// once. A delivery is at-least-once: a process that dies after the POST and before recording
/// it leaves the delivery to be posted again, with the same `eventId`, when its lease runs out.
public struct WebhookDelivery: Sendable {
    let store: any WebhookStore
    let prospects: any ProspectStore
    let fields: any FieldStore
    let events: any EventStore
    let transport: any WebhookTransport
    let secrets: SecretBox
    let payload: WebhookPayload
    let clock: any WallClock
    let timeout: Duration

    /// Deliveries posted at once by one process.
    static let concurrentPosts = 16
    static let eventsPerDispatch = 500

    public init(
        store: any WebhookStore, prospects: any ProspectStore, fields: any FieldStore, events: any EventStore, transport: any WebhookTransport,
        secrets: SecretBox, codec: PublicIDCodec, clock: any WallClock, timeout: Duration = .seconds(10)
    ) {
        self.store = store
        self.prospects = prospects
        self.fields = fields
        self.events = events
        self.transport = transport
        self.secrets = secrets
        self.payload = WebhookPayload(codec: codec)
        self.clock = clock
        self.timeout = timeout
    }

    /// One round of dispatch and delivery; true when there may be more to do at once.
    public func runPass(worker: String, logger: Logger) async throws -> Bool {
        let dispatched = try await store.dispatchEvents(limit: Self.eventsPerDispatch, at: clock.now)
        // The lease outlasts the POST's timeout with room for building and recording it.
        let lease = Double(timeout.components.seconds) + 60
        let due = try await store.claimDeliveries(worker: worker, limit: Self.concurrentPosts, at: clock.now, leaseFor: lease)
        // Each delivery on its own: one that cannot be recorded must not cancel the others.
        await withTaskGroup(of: Void.self) { group in
            for delivery in due {
                group.addTask {
                    do {
                        try await deliver(delivery, worker: worker, logger: logger)
                    } catch {
                        logger.error("webhook delivery \(delivery.id) could not be recorded; it is tried again when its lease runs out: \(error)")
                    }
                }
            }
        }
        return dispatched == Self.eventsPerDispatch || due.count == Self.concurrentPosts
    }

    func deliver(_ delivery: DueDelivery, worker: String, logger: Logger) async throws {
        let attemptNumber = delivery.attemptsSoFar + 1
        let extra = [
            WebhookHeader(name: "Reach-Event", value: delivery.event.kind.rawValue),
            WebhookHeader(name: "Reach-Event-Id", value: payload.codec.encode(delivery.event.id)),
            WebhookHeader(name: "Reach-Delivery-Attempt", value: String(attemptNumber)),
        ]
        let attempt: WebhookAttempt
        do {
            attempt = await post(
                try await body(for: delivery.event), kind: delivery.event.kind.rawValue, eventID: delivery.event.id, webhookID: delivery.webhookID,
                url: delivery.url, headers: delivery.headers + extra, secret: try secrets.open(delivery.sealedSecret))
        } catch {
            // Nothing was posted (the secret cannot be opened, the event's context cannot be
            // read): a failed attempt all the same, so the delivery moves on to being given up.
            attempt = WebhookAttempt(
                webhookID: delivery.webhookID, eventKind: delivery.event.kind.rawValue, eventID: delivery.event.id, attemptedAt: clock.now,
                statusCode: nil, error: "Reach could not prepare the delivery: \((error as? ReachError)?.message ?? "internal error")",
                durationMilliseconds: 0, requestBody: "", responseBody: nil)
        }
        let outcome = WebhookRetryPolicy.outcome(succeeded: attempt.succeeded, attempt: attemptNumber, createdAt: delivery.createdAt, now: clock.now)
        guard let webhook = try await store.finishAttempt(attempt, of: delivery, worker: worker, outcome: outcome) else {
            logger.warning("webhook delivery \(delivery.id) was taken over by another worker before its attempt was recorded")
            return
        }
        if outcome == .failed {
            logger.warning("webhook \(delivery.webhookID) gave up on event \(delivery.event.id) after \(attemptNumber) attempts")
        }
        if WebhookRetryPolicy.shouldDisable(webhook, now: clock.now), try await store.disableWebhook(webhook.id, at: clock.now) {
            logger.warning("webhook \(webhook.id) disabled after failing for a day")
            try await events.record(
                SendingEvent(
                    kind: .webhookDisabled, accountID: webhook.accountID, sequenceID: nil, stepID: nil, prospectID: nil, emailAccountID: nil,
                    outboundID: nil, detail: payload.codec.encode(webhook.id), occurredAt: clock.now))
        }
    }

    func body(for event: RecordedEvent) async throws -> [UInt8] {
        var block: WebhookPayload.ProspectBlock?
        if let id = event.prospectID, let prospect = try await prospects.prospect(id, in: event.accountID) {
            let tags = try await prospects.tags(of: [id])[id]?.map(\.name) ?? []
            block = WebhookPayload.ProspectBlock(prospect: prospect, fields: try await fields.fields(in: event.accountID), tags: tags)
        }
        return payload.body(for: event, prospect: block, context: try await store.context(of: event))
    }

    /// Signs and posts one body; the attempt as the log keeps it.
    func post(
        _ body: [UInt8], kind: String, eventID: EventID?, webhookID: WebhookID, url: String, headers: [WebhookHeader], secret: String
    ) async -> WebhookAttempt {
        let started = clock.now
        var all = headers
        all.append(WebhookHeader(name: "Content-Type", value: "application/json"))
        all.append(WebhookHeader(name: "User-Agent", value: "Reach-Webhooks/1"))
        all.append(WebhookHeader(name: WebhookSignature.headerName, value: WebhookSignature.header(secret: secret, timestamp: started, body: body)))
        let response = await transport.post(to: url, headers: all, body: body, timeout: timeout)
        var error = response.error
        if error == nil, let code = response.statusCode, !(200..<300).contains(code) { error = "The receiver answered HTTP \(code)" }
        let milliseconds = Int(response.duration.components.seconds) * 1000 + Int(response.duration.components.attoseconds / 1_000_000_000_000_000)
        return WebhookAttempt(
            webhookID: webhookID, eventKind: kind, eventID: eventID, attemptedAt: started, statusCode: response.statusCode, error: error,
            durationMilliseconds: milliseconds, requestBody: String(decoding: body, as: UTF8.self), responseBody: response.body)
    }

    /// A made-up event of `kind`, marked `"test": true`, posted once.
    func sendTest(_ kind: WebhookEvent, to webhook: Webhook, secret: String) async -> WebhookAttempt {
        let now = clock.now
        let at = ISO8601Parsing.string(from: now)
        let eventKind = SendingEvent.Kind(rawValue: kind.rawValue).map(WebhookPayload.timestampKey) ?? "occurredAt"
        let sample: [String: JSONValue] = [
            "event": .string(kind.rawValue), "test": .bool(true), "occurredAt": .string(at), eventKind: .string(at),
            "prospect": .object([
                "firstName": .string("Jane"), "lastName": .string("Example"), "email": .string("jane@example.com"),
                "company": .string("Example Inc"), "tag": .array([]),
            ]),
            "sequence": .object(["sequenceName": .string("Test sequence"), "stepNumber": .string("1"), "variant": .string("A")]),
        ]
        let body = Array(JSONWriter.string(.object(sample)).utf8)
        let headers = webhook.headers + [WebhookHeader(name: "Reach-Event", value: kind.rawValue), WebhookHeader(name: "Reach-Delivery-Attempt", value: "1")]
        return await post(body, kind: kind.rawValue, eventID: nil, webhookID: webhook.id, url: webhook.url, headers: headers, secret: secret)
    }
}
