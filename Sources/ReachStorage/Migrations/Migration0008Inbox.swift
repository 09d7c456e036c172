extension Migration {
    /// The unified inbox: what the reply poller read from each mailbox folder (a UIDVALIDITY and
    /// UID checkpoint, the per-mailbox backoff and a lease so two processes never read one
    /// mailbox at once, and which process holds an IDLE connection on it), the conversations with prospects and their messages, each received one
    /// with the classification and the rule that decided it. Sent messages learn whether they
    /// were follow-ups.
    static let inbox = Migration(version: 8, name: "inbox") { ddl in
        [
            """
            CREATE TABLE mailbox_sync (
                email_account_id \(ddl.reference) NOT NULL REFERENCES email_accounts(id) ON DELETE CASCADE,
                folder TEXT NOT NULL,
                uid_validity \(ddl.reference),
                last_uid \(ddl.reference) NOT NULL DEFAULT 0,
                synced_at \(ddl.timestamp),
                failures INTEGER NOT NULL DEFAULT 0,
                retry_at \(ddl.timestamp),
                error TEXT,
                worker TEXT,
                lease_until \(ddl.timestamp),
                watcher TEXT,
                watch_until \(ddl.timestamp),
                PRIMARY KEY (email_account_id, folder)
            )
            """,
            """
            CREATE TABLE inbox_threads (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                email_account_id \(ddl.reference) NOT NULL REFERENCES email_accounts(id) ON DELETE CASCADE,
                prospect_id \(ddl.reference) REFERENCES prospects(id) ON DELETE CASCADE,
                sequence_id \(ddl.reference) REFERENCES sequences(id) ON DELETE SET NULL,
                subject TEXT NOT NULL,
                category TEXT NOT NULL DEFAULT 'uncategorized',
                is_read BOOLEAN NOT NULL,
                is_archived BOOLEAN NOT NULL,
                review_reason TEXT,
                last_message_at \(ddl.timestamp) NOT NULL,
                created_at \(ddl.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX inbox_threads_by_recency ON inbox_threads (account_id, last_message_at)",
            // One thread per mailbox, prospect and sequence (or none), even when two folders of a
            // mailbox are read at once.
            "CREATE UNIQUE INDEX inbox_threads_one_per_conversation ON inbox_threads (email_account_id, COALESCE(prospect_id, 0), COALESCE(sequence_id, 0))",
            // PostgreSQL does not index foreign keys: deleting a prospect or a sequence finds its threads here.
            "CREATE INDEX inbox_threads_by_prospect ON inbox_threads (prospect_id)",
            "CREATE INDEX inbox_threads_by_sequence ON inbox_threads (sequence_id)",
            """
            CREATE TABLE inbox_messages (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                thread_id \(ddl.reference) NOT NULL REFERENCES inbox_threads(id) ON DELETE CASCADE,
                email_account_id \(ddl.reference) NOT NULL REFERENCES email_accounts(id) ON DELETE CASCADE,
                direction TEXT NOT NULL CHECK (direction IN ('received', 'sent')),
                message_id TEXT NOT NULL,
                in_reply_to TEXT,
                reference_ids TEXT NOT NULL,
                from_address TEXT NOT NULL,
                from_name TEXT,
                to_addresses TEXT NOT NULL,
                cc_addresses TEXT NOT NULL,
                subject TEXT NOT NULL,
                text_body TEXT NOT NULL,
                html_body TEXT,
                new_text TEXT NOT NULL,
                kind TEXT CHECK (kind IN ('reply', 'auto_reply', 'bounce', 'unsubscribe_request')),
                rule TEXT,
                classified_by TEXT CHECK (classified_by IN ('rules', 'user')),
                return_date \(ddl.timestamp),
                bounce_severity TEXT,
                bounce_status TEXT,
                bounced_address TEXT,
                outbound_id \(ddl.reference) REFERENCES outbound_messages(id) ON DELETE SET NULL,
                folder TEXT,
                uid \(ddl.reference),
                occurred_at \(ddl.timestamp) NOT NULL,
                created_at \(ddl.timestamp) NOT NULL,
                UNIQUE (email_account_id, message_id)
            )
            """,
            "CREATE INDEX inbox_messages_by_thread ON inbox_messages (thread_id, occurred_at)",
            "CREATE INDEX inbox_messages_by_outbound ON inbox_messages (outbound_id)",
            "CREATE INDEX outbound_messages_by_prospect ON outbound_messages (prospect_id, created_at)",
            // The priority distribution shares a sequence's sends between first emails and
            // follow-ups by what it sent in the last day.
            "ALTER TABLE outbound_messages ADD COLUMN is_follow_up BOOLEAN NOT NULL DEFAULT FALSE",
            "CREATE INDEX outbound_messages_by_sequence ON outbound_messages (sequence_id, created_at)",
            "ALTER TABLE events ADD COLUMN inbox_message_id \(ddl.reference) REFERENCES inbox_messages(id) ON DELETE SET NULL",
        ]
    }
}
