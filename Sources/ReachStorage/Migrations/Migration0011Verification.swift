extension Migration {
    /// Email verification: each prospect's verdict keeps its reasons and when it was reached, and
    /// the prospects waiting for verification are the queue itself (`verification_due_at`), so a
    /// request is a flag set in the transaction that makes it and survives any restart. A verdict
    /// that may change (greylisting, a timeout) is asked again later up to a few attempts.
    static let verification = Migration(version: 11, name: "verification") { ddl in
        [
            "ALTER TABLE prospects ADD COLUMN verification_reasons TEXT",
            "ALTER TABLE prospects ADD COLUMN verified_at \(ddl.timestamp)",
            "ALTER TABLE prospects ADD COLUMN verification_due_at \(ddl.timestamp)",
            "ALTER TABLE prospects ADD COLUMN verification_attempts INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE prospects ADD COLUMN verification_lease_until \(ddl.timestamp)",
            "ALTER TABLE prospects ADD COLUMN verification_lease_owner TEXT",
            "CREATE INDEX prospects_verification_queue ON prospects (verification_due_at) WHERE verification_due_at IS NOT NULL",
        ]
    }
}
