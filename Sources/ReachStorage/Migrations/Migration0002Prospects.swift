extension Migration {
    /// Fields, prospects and tags, imports, notes and attachments, Do Not Contact.
    ///
    /// Prospect field values live in one JSON text column keyed by field id (one row write per
    /// prospect, whatever the number of fields); the names and email parts that search and sort
    /// use are copied into lower-cased binary-collated columns with their own indexes.
    static let prospects = Migration(version: 2, name: "prospects") { ddl in
        [
            """
            CREATE TABLE fields (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                label TEXT NOT NULL,
                label_key TEXT NOT NULL,
                field_type TEXT NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'long-text', 'dropdown', 'currency')),
                system_key TEXT,
                fallback_text TEXT NOT NULL,
                options TEXT NOT NULL,
                currency_code TEXT,
                tags TEXT NOT NULL,
                position INTEGER NOT NULL,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL,
                UNIQUE (account_id, label_key)
            )
            """,
            """
            CREATE TABLE prospects (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                email_key \(ddl.binaryText) NOT NULL,
                email_domain \(ddl.binaryText) NOT NULL,
                first_name_key \(ddl.binaryText) NOT NULL,
                last_name_key \(ddl.binaryText) NOT NULL,
                full_name_key \(ddl.binaryText) NOT NULL,
                attributes TEXT NOT NULL,
                owner_id \(ddl.reference) REFERENCES users(id) ON DELETE SET NULL,
                verification_status TEXT NOT NULL,
                unsubscribed_at \(ddl.timestamp),
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL,
                UNIQUE (account_id, email_key)
            )
            """,
            "CREATE INDEX prospects_by_created ON prospects (account_id, created_at, id)",
            // Search indexes carry created_at and id, so a search can find and order its matches
            // from the index alone and read only the rows of the page it returns.
            "CREATE INDEX prospects_by_domain ON prospects (account_id, email_domain, created_at, id)",
            "CREATE INDEX prospects_by_first_name ON prospects (account_id, first_name_key, created_at, id)",
            "CREATE INDEX prospects_by_last_name ON prospects (account_id, last_name_key, created_at, id)",
            "CREATE INDEX prospects_by_full_name ON prospects (account_id, full_name_key, created_at, id)",
            """
            CREATE TABLE tags (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                created_at \(ddl.timestamp) NOT NULL,
                UNIQUE (account_id, name_key)
            )
            """,
            """
            CREATE TABLE prospect_tags (
                prospect_id \(ddl.reference) NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
                tag_id \(ddl.reference) NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
                created_at \(ddl.timestamp) NOT NULL,
                PRIMARY KEY (prospect_id, tag_id)
            )
            """,
            "CREATE INDEX prospect_tags_by_tag ON prospect_tags (tag_id)",
            """
            CREATE TABLE import_jobs (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                requested_by \(ddl.reference) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                conflict_action TEXT NOT NULL,
                verify_prospects BOOLEAN NOT NULL,
                tag_names TEXT NOT NULL,
                step_id \(ddl.reference),
                status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
                total_rows INTEGER NOT NULL,
                processed_rows INTEGER NOT NULL,
                created_count INTEGER NOT NULL,
                updated_count INTEGER NOT NULL,
                unchanged_count INTEGER NOT NULL,
                skipped_count INTEGER NOT NULL,
                error TEXT,
                lease_owner TEXT,
                lease_expires_at \(ddl.timestamp),
                attempts INTEGER NOT NULL,
                created_at \(ddl.timestamp) NOT NULL,
                finished_at \(ddl.timestamp)
            )
            """,
            "CREATE INDEX import_jobs_by_status ON import_jobs (status, id)",
            """
            CREATE TABLE import_payloads (
                job_id \(ddl.reference) PRIMARY KEY REFERENCES import_jobs(id) ON DELETE CASCADE,
                rows \(ddl.blob) NOT NULL
            )
            """,
            """
            CREATE TABLE import_issues (
                job_id \(ddl.reference) NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
                row_number INTEGER NOT NULL,
                email TEXT NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (job_id, row_number)
            )
            """,
            """
            CREATE TABLE attachments (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                purpose TEXT NOT NULL CHECK (purpose IN ('note', 'email')),
                file_name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                storage_key TEXT NOT NULL,
                created_at \(ddl.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE notes (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                content TEXT NOT NULL,
                visibility INTEGER NOT NULL CHECK (visibility IN (1, 2)),
                status INTEGER NOT NULL CHECK (status IN (0, 1)),
                author_id \(ddl.reference) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE note_prospects (
                note_id \(ddl.reference) NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                prospect_id \(ddl.reference) NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
                PRIMARY KEY (note_id, prospect_id)
            )
            """,
            "CREATE INDEX note_prospects_by_prospect ON note_prospects (prospect_id, note_id)",
            """
            CREATE TABLE note_attachments (
                note_id \(ddl.reference) NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
                attachment_id \(ddl.reference) NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
                PRIMARY KEY (note_id, attachment_id)
            )
            """,
            """
            CREATE TABLE dnc_lists (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                client_id \(ddl.reference) REFERENCES clients(id) ON DELETE SET NULL,
                created_by \(ddl.reference) REFERENCES users(id) ON DELETE SET NULL,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL,
                UNIQUE (account_id, name_key)
            )
            """,
            """
            CREATE TABLE dnc_items (
                id \(ddl.primaryKey),
                list_id \(ddl.reference) NOT NULL REFERENCES dnc_lists(id) ON DELETE CASCADE,
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                value TEXT NOT NULL,
                item_type TEXT NOT NULL CHECK (item_type IN ('email', 'domain')),
                added_by \(ddl.reference) REFERENCES users(id) ON DELETE SET NULL,
                created_at \(ddl.timestamp) NOT NULL,
                UNIQUE (list_id, value)
            )
            """,
            "CREATE INDEX dnc_items_by_value ON dnc_items (account_id, value)",
            """
            CREATE TABLE blocked_domains (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                domain TEXT NOT NULL,
                created_at \(ddl.timestamp) NOT NULL,
                UNIQUE (account_id, domain)
            )
            """,
        ]
    }
}
