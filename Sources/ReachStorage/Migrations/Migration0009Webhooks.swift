extension Migration {
    /// The event feed's commit order, the indexes analytics count with, each mailbox's run of
    /// sending failures, and webhooks: each webhook's subscriptions (one row per
    /// event name, so fan-out is a join), one delivery per webhook and event (unique: fan-out
    /// may be repeated, a delivery never doubles), every attempt for the delivery log, and the
    /// dispatcher's position in the feed.
    static let webhooks = Migration(version: 9, name: "webhooks") { ddl in
        [
            "ALTER TABLE events ADD COLUMN txid \(ddl.writingTransaction)",
            "CREATE INDEX events_in_commit_order ON events (txid, id)",
            "CREATE INDEX events_feed ON events (account_id, txid, id)",
            // Analytics: a sequence's events per prospect, and a sent message's opens, clicks,
            // replies and bounces.
            "CREATE INDEX events_by_sequence ON events (sequence_id, prospect_id, kind)",
            "CREATE INDEX events_by_outbound ON events (outbound_id, kind)",
            // The run of server failures that pauses a mailbox (SendingEngine.failuresBeforePause).
            "ALTER TABLE email_accounts ADD COLUMN send_failures INTEGER NOT NULL DEFAULT 0",
            """
            CREATE TABLE webhooks (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                url TEXT NOT NULL,
                events TEXT NOT NULL,
                headers TEXT NOT NULL,
                signing_secret TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'disabled')),
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                failing_since \(ddl.timestamp),
                last_failure_at \(ddl.timestamp),
                last_failure_code INTEGER,
                last_failure_message TEXT,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX webhooks_by_account ON webhooks (account_id, id)",
            """
            CREATE TABLE webhook_subscriptions (
                webhook_id \(ddl.reference) NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                PRIMARY KEY (webhook_id, kind)
            )
            """,
            "CREATE INDEX webhook_subscriptions_by_kind ON webhook_subscriptions (account_id, kind)",
            """
            CREATE TABLE webhook_deliveries (
                id \(ddl.primaryKey),
                webhook_id \(ddl.reference) NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                event_id \(ddl.reference) NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at \(ddl.timestamp) NOT NULL,
                worker TEXT,
                lease_until \(ddl.timestamp),
                created_at \(ddl.timestamp) NOT NULL,
                completed_at \(ddl.timestamp),
                UNIQUE (webhook_id, event_id)
            )
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'",
            // PostgreSQL does not index foreign keys: deleting events finds their deliveries here.
            "CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id)",
            """
            CREATE TABLE webhook_attempts (
                id \(ddl.primaryKey),
                webhook_id \(ddl.reference) NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                delivery_id \(ddl.reference) REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
                event_kind TEXT NOT NULL,
                event_id \(ddl.reference),
                attempted_at \(ddl.timestamp) NOT NULL,
                status_code INTEGER,
                error TEXT,
                duration_ms INTEGER NOT NULL,
                request_body TEXT NOT NULL,
                response_body TEXT
            )
            """,
            "CREATE INDEX webhook_attempts_by_webhook ON webhook_attempts (webhook_id, id)",
            "CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id)",
            // One row: how far into the event feed the dispatcher has fanned events out. It
            // starts after the events that exist, which no webhook was created to receive.
            "CREATE TABLE webhook_dispatch (id INTEGER PRIMARY KEY, txid \(ddl.reference) NOT NULL, event_id \(ddl.reference) NOT NULL)",
            "INSERT INTO webhook_dispatch (id, txid, event_id) SELECT 1, COALESCE(MAX(txid), 0), COALESCE(MAX(id), 0) FROM events",
        ]
    }
}
