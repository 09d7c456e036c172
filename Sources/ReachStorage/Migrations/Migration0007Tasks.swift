extension Migration {
    /// Tasks: what a person must do for a prospect (call, LinkedIn, WhatsApp, custom), made by a
    /// sequence's manual step when it comes due or through the API. A step makes at most one task
    /// per prospect (unique), so two engines or a restart never make a second. Events gain the
    /// task they are about.
    static let tasks = Migration(version: 7, name: "tasks") { ddl in
        [
            """
            CREATE TABLE tasks (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                prospect_id \(ddl.reference) NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
                sequence_id \(ddl.reference) REFERENCES sequences(id) ON DELETE CASCADE,
                step_id \(ddl.reference) REFERENCES sequence_steps(id) ON DELETE CASCADE,
                type INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'skipped')),
                priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
                assignee_id \(ddl.reference) REFERENCES users(id) ON DELETE SET NULL,
                due_at \(ddl.timestamp) NOT NULL,
                snoozed_at \(ddl.timestamp),
                note TEXT,
                call_outcome TEXT,
                skip_reason TEXT,
                created_at \(ddl.timestamp) NOT NULL,
                updated_at \(ddl.timestamp) NOT NULL,
                completed_at \(ddl.timestamp),
                skipped_at \(ddl.timestamp)
            )
            """,
            "CREATE UNIQUE INDEX tasks_one_per_step ON tasks (sequence_id, prospect_id, step_id) WHERE step_id IS NOT NULL",
            "CREATE INDEX tasks_by_due_date ON tasks (account_id, status, due_at)",
            "CREATE INDEX tasks_by_prospect ON tasks (prospect_id)",
            // Bulk skip, snooze and complete: an item per task, with its outcome once done, so a
            // restarted job carries on where it stopped and the report lists every task.
            """
            CREATE TABLE task_bulk_actions (
                id \(ddl.primaryKey),
                account_id \(ddl.reference) NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                user_id \(ddl.reference) REFERENCES users(id) ON DELETE SET NULL,
                kind TEXT NOT NULL CHECK (kind IN ('skip', 'snooze', 'complete')),
                snooze_until \(ddl.timestamp),
                status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed')),
                total_tasks INTEGER NOT NULL,
                worker TEXT,
                lease_until \(ddl.timestamp),
                created_at \(ddl.timestamp) NOT NULL,
                completed_at \(ddl.timestamp)
            )
            """,
            "CREATE INDEX task_bulk_actions_queue ON task_bulk_actions (status, id)",
            """
            CREATE TABLE task_bulk_items (
                action_id \(ddl.reference) NOT NULL REFERENCES task_bulk_actions(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                given_id TEXT NOT NULL,
                task_id \(ddl.reference),
                done BOOLEAN NOT NULL,
                failure TEXT,
                PRIMARY KEY (action_id, position)
            )
            """,
            "ALTER TABLE events ADD COLUMN task_id \(ddl.reference) REFERENCES tasks(id) ON DELETE SET NULL",
        ]
    }
}
