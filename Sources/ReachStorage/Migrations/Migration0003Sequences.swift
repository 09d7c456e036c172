extension Migration {
    /// Schedules, sequences, their steps and variants, and the prospects enrolled in them.
    ///
    /// The authoring invariants that races could break are held by the database itself: one
    /// default schedule per account, one email step per sequence and day, 26 variant letters per
    /// step and a single variant on steps of other channels.
    static let sequences = Migration(version: 3, name: "sequences") { ddl in
        [
            """
            CREATE TABLE schedules (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                is_default BOOLEAN NOT NULL,
                week TEXT NOT NULL,
                created_at \(ddl.timestamp) NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX schedules_one_default ON schedules (account_id) WHERE is_default",
            "CREATE INDEX schedules_by_account ON schedules (account_id, id)",
            """
            CREATE TABLE sequences (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                owner_id \(ddl.reference) NOT NULL REFERENCES users(id),
                client_id \(ddl.reference) REFERENCES clients(id) ON DELETE SET NULL,
                title TEXT NOT NULL,
                title_key TEXT NOT NULL,
                is_active BOOLEAN NOT NULL,
                schedule_id \(ddl.reference) NOT NULL REFERENCES schedules(id),
                priority_distribution INTEGER NOT NULL,
                settings TEXT NOT NULL,
                parent_id \(ddl.reference) REFERENCES sequences(id) ON DELETE CASCADE,
                conditions TEXT,
                first_step_relative_days INTEGER,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX sequences_by_created ON sequences (account_id, created_at, id)",
            "CREATE INDEX sequences_by_parent ON sequences (parent_id)",
            """
            CREATE TABLE sequence_steps (
                id \(ddl.primaryKey),
                sequence_id \(ddl.reference) NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,
                channel INTEGER NOT NULL,
                absolute_days INTEGER NOT NULL CHECK (absolute_days BETWEEN 1 AND 999),
                priority INTEGER NOT NULL,
                assignee_id \(ddl.reference) REFERENCES users(id) ON DELETE SET NULL,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX sequence_steps_by_sequence ON sequence_steps (sequence_id, absolute_days, id)",
            "CREATE UNIQUE INDEX sequence_steps_one_email_a_day ON sequence_steps (sequence_id, absolute_days) WHERE channel = 1",
            """
            CREATE TABLE step_variants (
                id \(ddl.primaryKey),
                step_id \(ddl.reference) NOT NULL REFERENCES sequence_steps(id) ON DELETE CASCADE,
                channel INTEGER NOT NULL,
                letter_index INTEGER NOT NULL CHECK (letter_index BETWEEN 0 AND 25 AND (channel = 1 OR letter_index = 0)),
                is_active BOOLEAN NOT NULL,
                payload TEXT NOT NULL,
                task_note TEXT,
                attachment_ids TEXT NOT NULL,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL,
                UNIQUE (step_id, letter_index)
            )
            """,
            """
            CREATE TABLE sequence_prospects (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                sequence_id \(ddl.reference) NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,
                prospect_id \(ddl.reference) NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
                step_id \(ddl.reference) REFERENCES sequence_steps(id) ON DELETE SET NULL,
                status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'replied', 'finished', 'bounced', 'unsubscribed')),
                paused_until \(ddl.timestamp),
                outcome TEXT,
                deal_value \(ddl.double),
                enrolled_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL,
                UNIQUE (sequence_id, prospect_id)
            )
            """,
            "CREATE INDEX sequence_prospects_by_prospect ON sequence_prospects (prospect_id)",
            "CREATE INDEX sequence_prospects_by_step ON sequence_prospects (step_id)",
        ]
    }
}
