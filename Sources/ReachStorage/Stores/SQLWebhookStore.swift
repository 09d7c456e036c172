import Foundation
import ReachCore
import ReachJSON
import SQLKit

/// Webhooks, their subscriptions, deliveries and delivery log.
public struct SQLWebhookStore: WebhookStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    // MARK: Managing webhooks

    public func createWebhook(_ draft: WebhookDraft, sealedSecret: String, in account: AccountID, at date: Date) async throws -> Webhook {
        try await database.write { db in
            let id = try await db.raw(
                """
                INSERT INTO webhooks (account_id, name, url, events, headers, signing_secret, status, created_at, updated_at)
                VALUES (\(bind: account.rawValue), \(bind: draft.name), \(bind: draft.url), \(bind: Self.eventsJSON(draft.events)),
                        \(bind: Self.headersJSON(draft.headers)), \(bind: sealedSecret), \(bind: draft.status.rawValue), \(bind: date), \(bind: date))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self) ?? 0
            try await Self.subscribe(WebhookID(id), to: draft.events, in: account, db)
            guard let webhook = try await Self.webhook(WebhookID(id), in: account, db) else { throw ReachError.internalFailure }
            return webhook
        }
    }

    public func webhook(_ id: WebhookID, in account: AccountID) async throws -> Webhook? {
        try await database.read { db in try await Self.webhook(id, in: account, db) }
    }

    public func webhooks(in account: AccountID, page: PageRequest) async throws -> Page<Webhook> {
        try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS n FROM webhooks WHERE account_id = \(bind: account.rawValue)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                """
                SELECT * FROM webhooks WHERE account_id = \(bind: account.rawValue) ORDER BY id DESC
                LIMIT \(bind: page.size) OFFSET \(bind: (page.number - 1) * page.size)
                """
            ).all()
            return Page(items: try rows.map(Self.decodeWebhook), totalItems: total, request: page)
        }
    }

    public func activeWebhookCount(in account: AccountID) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM webhooks WHERE account_id = \(bind: account.rawValue) AND status = 'active'")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    public func updateWebhook(_ id: WebhookID, in account: AccountID, to draft: WebhookDraft, at date: Date) async throws -> Webhook? {
        try await database.write { db in
            guard let current = try await Self.webhook(id, in: account, db) else { return nil }
            // Turned on again by its user: its past failures no longer count towards disabling it.
            let reactivated = draft.status == .active && current.status != .active
            let reset: SQLQueryString = reactivated ? "consecutive_failures = 0, failing_since = NULL," : ""
            try await db.raw(
                """
                UPDATE webhooks SET \(reset) name = \(bind: draft.name), url = \(bind: draft.url), events = \(bind: Self.eventsJSON(draft.events)),
                    headers = \(bind: Self.headersJSON(draft.headers)), status = \(bind: draft.status.rawValue), updated_at = \(bind: date)
                WHERE id = \(bind: id.rawValue)
                """
            ).run()
            try await db.raw("DELETE FROM webhook_subscriptions WHERE webhook_id = \(bind: id.rawValue)").run()
            try await Self.subscribe(id, to: draft.events, in: account, db)
            return try await Self.webhook(id, in: account, db)
        }
    }

    public func deleteWebhook(_ id: WebhookID, in account: AccountID) async throws -> Bool {
        try await database.write { db in
            try await db.raw("DELETE FROM webhooks WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue) RETURNING id").first() != nil
        }
    }

    public func sealedSecret(of id: WebhookID) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT signing_secret FROM webhooks WHERE id = \(bind: id.rawValue)").first(decodingColumn: "signing_secret", as: String.self)
        }
    }

    public func disableWebhook(_ id: WebhookID, at date: Date) async throws -> Bool {
        try await database.write { db in
            try await db.raw(
                "UPDATE webhooks SET status = 'disabled', updated_at = \(bind: date) WHERE id = \(bind: id.rawValue) AND status = 'active' RETURNING id"
            ).first() != nil
        }
    }

    // MARK: Delivering

    public func dispatchEvents(limit: Int, at date: Date) async throws -> Int {
        // Most passes find nothing new: a read says so without taking the write lock.
        let waiting = try await database.read { db in
            guard let cursor = try await db.raw("SELECT txid, event_id FROM webhook_dispatch WHERE id = 1").first() else { return false }
            let position = EventPosition(
                transaction: try cursor.decode(column: "txid", as: Int64.self), event: try cursor.decode(column: "event_id", as: Int64.self))
            return try await db.raw("SELECT 1 AS found FROM events e WHERE 1 = 1 \(EventRows.after(position)) \(EventRows.settled(db)) LIMIT 1").first() != nil
        }
        guard waiting else { return 0 }
        return try await database.write { db in
            // The single position row, locked: another process dispatching skips this round.
            guard
                let cursor = try await db.raw(
                    "SELECT txid, event_id FROM webhook_dispatch WHERE id = 1 \(db.isPostgreSQL ? "FOR UPDATE SKIP LOCKED" : "" as SQLQueryString)"
                ).first()
            else { return 0 }
            let position = EventPosition(
                transaction: try cursor.decode(column: "txid", as: Int64.self), event: try cursor.decode(column: "event_id", as: Int64.self))
            let events = try await db.raw(
                """
                SELECT e.id, e.txid FROM events e WHERE 1 = 1 \(EventRows.after(position)) \(EventRows.settled(db))
                ORDER BY e.txid, e.id LIMIT \(bind: limit)
                """
            ).all()
            guard let last = events.last else { return 0 }
            let ids = try events.map { try $0.decode(column: "id", as: Int64.self) }
            // A delivery per active webhook subscribed to the event's kind that existed when it
            // happened; the unique (webhook, event) pair makes a repeated dispatch harmless.
            try await db.raw(
                """
                INSERT INTO webhook_deliveries (webhook_id, event_id, status, attempts, next_attempt_at, created_at)
                SELECT s.webhook_id, e.id, 'pending', 0, \(bind: date), \(bind: date)
                FROM events e
                JOIN webhook_subscriptions s ON s.account_id = e.account_id AND s.kind = e.kind
                JOIN webhooks w ON w.id = s.webhook_id AND w.status = 'active' AND w.created_at <= e.occurred_at
                WHERE e.id IN (\(binds: ids))
                ON CONFLICT (webhook_id, event_id) DO NOTHING
                """
            ).run()
            try await db.raw(
                """
                UPDATE webhook_dispatch SET txid = \(bind: try last.decode(column: "txid", as: Int64.self)),
                    event_id = \(bind: try last.decode(column: "id", as: Int64.self)) WHERE id = 1
                """
            ).run()
            return events.count
        }
    }

    public func claimDeliveries(worker: String, limit: Int, at date: Date, leaseFor lease: TimeInterval) async throws -> [DueDelivery] {
        // As above: only a pass with something due takes the write lock.
        let anyDue = try await database.read { db in
            try await db.raw(
                """
                SELECT 1 AS found FROM webhook_deliveries d
                WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: date) AND (d.lease_until IS NULL OR d.lease_until < \(bind: date)) LIMIT 1
                """
            ).first() != nil
        }
        guard anyDue else { return [] }
        return try await database.write { db in
            let due = try await db.raw(
                """
                SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: date) AND (d.lease_until IS NULL OR d.lease_until < \(bind: date))
                  AND w.status = 'active'
                ORDER BY d.next_attempt_at LIMIT \(bind: limit) \(db.isPostgreSQL ? "FOR UPDATE OF d SKIP LOCKED" : "" as SQLQueryString)
                """
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !due.isEmpty else { return [] }
            try await db.raw(
                "UPDATE webhook_deliveries SET worker = \(bind: worker), lease_until = \(bind: date.addingTimeInterval(lease)) WHERE id IN (\(binds: due))"
            ).run()
            return try await db.raw(
                """
                SELECT d.id AS delivery_id, d.attempts, d.created_at AS delivery_created_at, w.id AS webhook_id, w.url, w.headers, w.signing_secret,
                       \(EventRows.columns)
                FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN events e ON e.id = d.event_id
                WHERE d.id IN (\(binds: due)) ORDER BY d.next_attempt_at
                """
            ).all().compactMap { row -> DueDelivery? in
                guard let event = try EventRows.decode(row) else { return nil }
                return DueDelivery(
                    id: try row.decode(column: "delivery_id", as: Int64.self), attemptsSoFar: try row.decode(column: "attempts", as: Int.self),
                    createdAt: try row.decode(column: "delivery_created_at", as: Date.self),
                    webhookID: WebhookID(try row.decode(column: "webhook_id", as: Int64.self)), url: try row.decode(column: "url", as: String.self),
                    headers: Self.headers(fromJSON: try row.decode(column: "headers", as: String.self)),
                    sealedSecret: try row.decode(column: "signing_secret", as: String.self), event: event)
            }
        }
    }

    public func finishAttempt(_ attempt: WebhookAttempt, of delivery: DueDelivery, worker: String, outcome: DeliveryOutcome) async throws -> Webhook? {
        try await database.write { db in
            let status: String
            var next = attempt.attemptedAt
            var completed: Date?
            switch outcome {
            case .delivered: (status, completed) = ("delivered", attempt.attemptedAt)
            case .retry(let at): (status, next) = ("pending", at)
            case .failed: (status, completed) = ("failed", attempt.attemptedAt)
            }
            // Only while this worker still holds the delivery: one that lost its lease leaves it to the new holder.
            guard
                try await db.raw(
                    """
                    UPDATE webhook_deliveries SET status = \(bind: status), attempts = attempts + 1, next_attempt_at = \(bind: next),
                        completed_at = \(bind: completed), worker = NULL, lease_until = NULL
                    WHERE id = \(bind: delivery.id) AND worker = \(bind: worker) AND status = 'pending'
                    RETURNING id
                    """
                ).first() != nil
            else { return nil }
            try await Self.insert(attempt, delivery: delivery.id, db)
            if attempt.succeeded {
                try await db.raw("UPDATE webhooks SET consecutive_failures = 0, failing_since = NULL WHERE id = \(bind: delivery.webhookID.rawValue)").run()
            } else {
                try await db.raw(
                    """
                    UPDATE webhooks SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, \(bind: attempt.attemptedAt)),
                        last_failure_at = \(bind: attempt.attemptedAt), last_failure_code = \(bind: attempt.statusCode),
                        last_failure_message = \(bind: attempt.error ?? "Delivery failed")
                    WHERE id = \(bind: delivery.webhookID.rawValue)
                    """
                ).run()
            }
            guard let row = try await db.raw("SELECT * FROM webhooks WHERE id = \(bind: delivery.webhookID.rawValue)").first() else { return nil }
            return try Self.decodeWebhook(row)
        }
    }

    public func logAttempt(_ attempt: WebhookAttempt) async throws {
        try await database.write { db in try await Self.insert(attempt, delivery: nil, db) }
    }

    public func attempts(of id: WebhookID, in account: AccountID, page: PageRequest) async throws -> Page<WebhookAttempt> {
        try await database.read { db in
            let total = try await db.raw("SELECT COUNT(*) AS n FROM webhook_attempts WHERE webhook_id = \(bind: id.rawValue)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                """
                SELECT a.* FROM webhook_attempts a JOIN webhooks w ON w.id = a.webhook_id
                WHERE a.webhook_id = \(bind: id.rawValue) AND w.account_id = \(bind: account.rawValue)
                ORDER BY a.id DESC LIMIT \(bind: page.size) OFFSET \(bind: (page.number - 1) * page.size)
                """
            ).all()
            let attempts = try rows.map { row in
                WebhookAttempt(
                    webhookID: id, eventKind: try row.decode(column: "event_kind", as: String.self),
                    eventID: try row.decode(column: "event_id", as: Int64?.self).map(EventID.init),
                    attemptedAt: try row.decode(column: "attempted_at", as: Date.self), statusCode: try row.decode(column: "status_code", as: Int?.self),
                    error: try row.decode(column: "error", as: String?.self), durationMilliseconds: try row.decode(column: "duration_ms", as: Int.self),
                    requestBody: try row.decode(column: "request_body", as: String.self), responseBody: try row.decode(column: "response_body", as: String?.self))
            }
            return Page(items: attempts, totalItems: total, request: page)
        }
    }

    public func context(of event: RecordedEvent) async throws -> WebhookEventContext {
        try await database.read { db in
            // One row of whatever the event points at; a missing (or deleted) piece reads as NULLs.
            guard
                let row = try await db.raw(
                    """
                    SELECT s.title, v.letter_index, o.subject, o.is_follow_up, sender.from_email AS sender_email,
                           sp.status AS enrolment_status, sp.outcome, sp.deal_value, sp.enrolled_at, mailbox.from_email AS mailbox_email,
                           t.type AS task_type, t.status AS task_status, u.first_name, u.last_name, u.email AS user_email,
                           CASE WHEN st.id IS NULL THEN NULL ELSE (
                               SELECT COUNT(*) FROM sequence_steps o2 WHERE o2.sequence_id = st.sequence_id
                                 AND (o2.absolute_days < st.absolute_days OR (o2.absolute_days = st.absolute_days AND o2.id <= st.id))) END AS step_number
                    FROM (SELECT 1 AS one) x
                    LEFT JOIN sequences s ON s.id = \(bind: event.sequenceID?.rawValue)
                    LEFT JOIN sequence_steps st ON st.id = \(bind: event.stepID?.rawValue)
                    LEFT JOIN outbound_messages o ON o.id = \(bind: event.outboundID?.rawValue)
                    LEFT JOIN step_variants v ON v.id = o.variant_id
                    LEFT JOIN email_accounts sender ON sender.id = o.email_account_id
                    LEFT JOIN sequence_prospects sp ON sp.sequence_id = \(bind: event.sequenceID?.rawValue) AND sp.prospect_id = \(bind: event.prospectID?.rawValue)
                    LEFT JOIN email_accounts mailbox ON mailbox.id = \(bind: event.emailAccountID?.rawValue)
                    LEFT JOIN tasks t ON t.id = \(bind: event.taskID?.rawValue)
                    LEFT JOIN users u ON u.id = COALESCE(s.owner_id,
                        (SELECT MIN(a.id) FROM users a WHERE a.account_id = \(bind: event.accountID.rawValue) AND a.role = 'admin'))
                    """
                ).first()
            else { return WebhookEventContext() }
            var context = WebhookEventContext()
            context.sequenceTitle = try row.decode(column: "title", as: String?.self)
            context.stepNumber = try row.decode(column: "step_number", as: Int?.self)
            context.variantIndex = try row.decode(column: "letter_index", as: Int?.self)
            context.subject = try row.decode(column: "subject", as: String?.self)
            context.isFollowUp = try row.decode(column: "is_follow_up", as: Bool?.self)
            context.senderEmail = try row.decode(column: "sender_email", as: String?.self)
            context.enrolmentStatus = try row.decode(column: "enrolment_status", as: String?.self)
            context.outcome = try row.decode(column: "outcome", as: String?.self)
            context.dealValue = try row.decode(column: "deal_value", as: Double?.self)
            context.enrolledAt = try row.decode(column: "enrolled_at", as: Date?.self)
            context.mailboxEmail = try row.decode(column: "mailbox_email", as: String?.self)
            context.taskType = try row.decode(column: "task_type", as: Int?.self)
            context.taskStatus = try row.decode(column: "task_status", as: String?.self)
            if let email = try row.decode(column: "user_email", as: String?.self) {
                context.user = WebhookEventContext.Person(
                    firstName: try row.decode(column: "first_name", as: String?.self) ?? "", lastName: try row.decode(column: "last_name", as: String?.self) ?? "",
                    email: email)
            }
            return context
        }
    }

    // MARK: Rows

    static func webhook(_ id: WebhookID, in account: AccountID, _ db: any SQLDatabase) async throws -> Webhook? {
        try await db.raw("SELECT * FROM webhooks WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)").first().map(decodeWebhook)
    }

    static func subscribe(_ id: WebhookID, to events: [WebhookEvent], in account: AccountID, _ db: any SQLDatabase) async throws {
        var insert = db.insert(into: "webhook_subscriptions").columns("webhook_id", "account_id", "kind")
        for event in events { insert = insert.values(SQLBind(id.rawValue), SQLBind(account.rawValue), SQLBind(event.rawValue)) }
        try await insert.run()
    }

    static func insert(_ attempt: WebhookAttempt, delivery: Int64?, _ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO webhook_attempts (webhook_id, delivery_id, event_kind, event_id, attempted_at, status_code, error, duration_ms, request_body, response_body)
            VALUES (\(bind: attempt.webhookID.rawValue), \(bind: delivery), \(bind: attempt.eventKind), \(bind: attempt.eventID?.rawValue),
                    \(bind: attempt.attemptedAt), \(bind: attempt.statusCode), \(bind: attempt.error), \(bind: attempt.durationMilliseconds),
                    \(bind: attempt.requestBody), \(bind: attempt.responseBody))
            """
        ).run()
    }

    static func decodeWebhook(_ row: any SQLRow) throws -> Webhook {
        guard let status = WebhookStatus(rawValue: try row.decode(column: "status", as: String.self)) else { throw ReachError.internalFailure }
        var failure: WebhookFailure?
        if let at = try row.decode(column: "last_failure_at", as: Date?.self) {
            failure = WebhookFailure(
                at: at, statusCode: try row.decode(column: "last_failure_code", as: Int?.self),
                message: try row.decode(column: "last_failure_message", as: String?.self) ?? "Delivery failed")
        }
        return Webhook(
            id: WebhookID(try row.decode(column: "id", as: Int64.self)), accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            name: try row.decode(column: "name", as: String.self), url: try row.decode(column: "url", as: String.self),
            events: SQLBatch.stringArray(fromJSON: try row.decode(column: "events", as: String.self)).compactMap(WebhookEvent.init),
            headers: headers(fromJSON: try row.decode(column: "headers", as: String.self)), status: status,
            consecutiveFailures: try row.decode(column: "consecutive_failures", as: Int.self),
            failingSince: try row.decode(column: "failing_since", as: Date?.self), lastFailure: failure,
            createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func eventsJSON(_ events: [WebhookEvent]) -> String {
        SQLBatch.jsonArray(events.map(\.rawValue))
    }

    /// Pairs in order, `[["X-Token", "abc"], ...]`: an object would lose the order.
    static func headersJSON(_ headers: [WebhookHeader]) -> String {
        JSONWriter.string(.array(headers.map { .array([.string($0.name), .string($0.value)]) }))
    }

    static func headers(fromJSON text: String) -> [WebhookHeader] {
        guard let pairs = (try? JSONParser.parse(text))?.arrayValue else { return [] }
        return pairs.compactMap { pair in
            guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue, let value = items[1].stringValue else { return nil }
            return WebhookHeader(name: name, value: value)
        }
    }
}
