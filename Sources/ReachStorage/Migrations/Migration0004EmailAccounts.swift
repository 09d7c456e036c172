extension Migration {
    /// Mailboxes, the sequences they send for, and bulk connect jobs.
    ///
    /// An address is connected once per account among mailboxes that are not deleted (a
    /// deleted mailbox keeps its row for the history of what it sent). Passwords are stored
    /// sealed by the application, never in the clear.
    static let emailAccounts = Migration(version: 4, name: "email accounts") { ddl in
        [
            """
            CREATE TABLE email_accounts (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                user_id \(ddl.reference) NOT NULL REFERENCES users(id),
                client_id \(ddl.reference) REFERENCES clients(id) ON DELETE SET NULL,
                provider TEXT NOT NULL,
                from_email TEXT NOT NULL,
                from_email_key TEXT NOT NULL,
                from_name TEXT NOT NULL,
                first_name TEXT NOT NULL,
                last_name TEXT NOT NULL,
                smtp_host TEXT NOT NULL,
                smtp_port INTEGER NOT NULL,
                smtp_encryption TEXT NOT NULL,
                smtp_user TEXT NOT NULL,
                smtp_password TEXT NOT NULL,
                imap_host TEXT NOT NULL,
                imap_port INTEGER NOT NULL,
                imap_encryption TEXT NOT NULL,
                imap_user TEXT NOT NULL,
                imap_password TEXT NOT NULL,
                status INTEGER NOT NULL CHECK (status IN (0, 1, 2)),
                daily_quota INTEGER NOT NULL,
                interval_min INTEGER NOT NULL,
                interval_max INTEGER NOT NULL,
                ramp_up_initial INTEGER,
                ramp_up_percent INTEGER,
                ramp_up_started_at \(ddl.timestamp),
                signature_html TEXT NOT NULL,
                bcc TEXT NOT NULL,
                health_score INTEGER NOT NULL,
                smtp_error TEXT,
                imap_error TEXT,
                last_connected_at \(ddl.timestamp),
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL,
                deleted_at \(ddl.timestamp)
            )
            """,
            "CREATE UNIQUE INDEX email_accounts_one_per_address ON email_accounts (account_id, from_email_key) WHERE deleted_at IS NULL",
            "CREATE INDEX email_accounts_by_created ON email_accounts (account_id, created_at, id)",
            """
            CREATE TABLE sequence_email_accounts (
                sequence_id \(ddl.reference) NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,
                email_account_id \(ddl.reference) NOT NULL REFERENCES email_accounts(id) ON DELETE CASCADE,
                created_at \(ddl.timestamp) NOT NULL,
                PRIMARY KEY (sequence_id, email_account_id)
            )
            """,
            "CREATE INDEX sequence_email_accounts_by_mailbox ON sequence_email_accounts (email_account_id)",
            """
            CREATE TABLE email_account_jobs (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                user_id \(ddl.reference) NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL CHECK (kind IN ('connect', 'reconnect')),
                payload TEXT NOT NULL,
                total_items INTEGER NOT NULL,
                results TEXT NOT NULL,
                is_completed BOOLEAN NOT NULL,
                lease_owner TEXT,
                lease_expires_at \(ddl.timestamp),
                created_at \(ddl.timestamp) NOT NULL,
                completed_at \(ddl.timestamp)
            )
            """,
            "CREATE INDEX email_account_jobs_pending ON email_account_jobs (is_completed, id)",
        ]
    }
}
