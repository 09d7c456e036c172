extension Migration {
    /// The sending engine's state: each enrolment's next due time and thread, each mailbox's next
    /// send slot, the outbound messages and the events they produce.
    ///
    /// `outbound_messages` holds one row per prospect and step, unique: the row is written before
    /// the SMTP transaction, which is what makes a second copy impossible whatever crashes.
    static let sending = Migration(version: 5, name: "sending") { ddl in
        [
            "ALTER TABLE sequence_prospects ADD COLUMN next_due_at \(ddl.timestamp)",
            "ALTER TABLE sequence_prospects ADD COLUMN thread_mailbox_id \(ddl.reference) REFERENCES email_accounts(id) ON DELETE SET NULL",
            "ALTER TABLE sequence_prospects ADD COLUMN thread_subject TEXT",
            "ALTER TABLE sequence_prospects ADD COLUMN thread_message_ids TEXT NOT NULL DEFAULT '[]'",
            "UPDATE sequence_prospects SET next_due_at = enrolled_at",
            "CREATE INDEX sequence_prospects_due ON sequence_prospects (next_due_at) WHERE status IN ('active', 'paused')",
            "ALTER TABLE email_accounts ADD COLUMN next_send_at \(ddl.timestamp)",
            """
            CREATE TABLE outbound_messages (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                sequence_id \(ddl.reference) NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,
                step_id \(ddl.reference) NOT NULL REFERENCES sequence_steps(id) ON DELETE CASCADE,
                variant_id \(ddl.reference) REFERENCES step_variants(id) ON DELETE SET NULL,
                prospect_id \(ddl.reference) NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
                email_account_id \(ddl.reference) NOT NULL REFERENCES email_accounts(id),
                message_id TEXT NOT NULL UNIQUE,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'unknown')),
                error TEXT,
                created_at \(ddl.timestamp) NOT NULL,
                sent_at \(ddl.timestamp),
                UNIQUE (sequence_id, prospect_id, step_id)
            )
            """,
            "CREATE INDEX outbound_messages_by_mailbox ON outbound_messages (email_account_id, created_at)",
            "CREATE INDEX outbound_messages_sending ON outbound_messages (created_at) WHERE status = 'sending'",
            """
            CREATE TABLE events (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                sequence_id \(ddl.reference) REFERENCES sequences(id) ON DELETE SET NULL,
                step_id \(ddl.reference) REFERENCES sequence_steps(id) ON DELETE SET NULL,
                prospect_id \(ddl.reference) REFERENCES prospects(id) ON DELETE SET NULL,
                email_account_id \(ddl.reference) REFERENCES email_accounts(id) ON DELETE SET NULL,
                outbound_id \(ddl.reference) REFERENCES outbound_messages(id) ON DELETE SET NULL,
                detail TEXT,
                occurred_at \(ddl.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX events_by_account ON events (account_id, id)",
        ]
    }
}
