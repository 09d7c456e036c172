extension Migration {
    /// The sending engine reads due emails sequence by sequence, and only for sequences that can
    /// send now, so a pass costs what can go, not what waits: a million due prospects behind busy
    /// mailboxes are never scanned. First emails and follow-ups each have their own index, so
    /// neither kind is found by scanning past the other.
    static let dueBySequence = Migration(version: 13, name: "due-by-sequence") { _ in
        [
            """
            CREATE INDEX sequence_prospects_new_due ON sequence_prospects (sequence_id, next_due_at)
            WHERE status IN ('active', 'paused') AND thread_message_ids = '[]'
            """,
            """
            CREATE INDEX sequence_prospects_follow_up_due ON sequence_prospects (sequence_id, next_due_at)
            WHERE status IN ('active', 'paused') AND thread_message_ids <> '[]'
            """,
            "DROP INDEX sequence_prospects_due",
        ]
    }
}
