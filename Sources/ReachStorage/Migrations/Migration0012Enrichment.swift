extension Migration {
    /// Enrichment jobs (§15.6–15.9): a job row with its counters, and one row per record whose
    /// outcome is written as soon as it is known, so a restarted worker asks only about the
    /// records still without one. Jobs take turns (`last_worked_at`), so one big job does not
    /// hold up the others. The jobs' creation times are also the rate limit's count.
    static let enrichment = Migration(version: 12, name: "enrichment") { ddl in
        [
            """
            CREATE TABLE enrichment_jobs (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                user_id \(ddl.reference) NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL CHECK (kind IN ('contact', 'company')),
                options TEXT NOT NULL,
                total_records INTEGER NOT NULL,
                processed INTEGER NOT NULL DEFAULT 0,
                succeeded INTEGER NOT NULL DEFAULT 0,
                failed INTEGER NOT NULL DEFAULT 0,
                credits_charged \(ddl.double) NOT NULL DEFAULT 0,
                webhook_url TEXT,
                webhook_outcome TEXT,
                lease_owner TEXT,
                lease_expires_at \(ddl.timestamp),
                last_worked_at \(ddl.timestamp),
                created_at \(ddl.timestamp) NOT NULL,
                completed_at \(ddl.timestamp)
            )
            """,
            "CREATE INDEX enrichment_jobs_by_account ON enrichment_jobs (account_id, created_at)",
            "CREATE INDEX enrichment_jobs_pending ON enrichment_jobs (id) WHERE completed_at IS NULL",
            """
            CREATE TABLE enrichment_records (
                job_id \(ddl.reference) NOT NULL REFERENCES enrichment_jobs(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                input_field TEXT NOT NULL,
                input_value TEXT NOT NULL,
                prospect_id \(ddl.reference),
                status TEXT,
                outcome TEXT,
                credits \(ddl.double) NOT NULL DEFAULT 0,
                PRIMARY KEY (job_id, position)
            )
            """,
        ]
    }
}
