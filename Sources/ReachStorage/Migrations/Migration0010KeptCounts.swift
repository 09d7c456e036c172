extension Migration {
    /// Engagement counts kept on each enrolment and each sent message, so that a sequence's
    /// stats read its enrolments and messages instead of grouping every one of its events.
    ///
    /// Triggers on `events` keep them, in the transaction that records the event: every path
    /// that writes events (sending, tracking, replies and bounces, bulk actions, imports to come)
    /// counts alike, and a count is never ahead of or behind the events it sums. The message is
    /// counted before the enrolment (PostgreSQL fires a table's triggers in name order, hence
    /// the numbers), the order the sending engine locks them in. On PostgreSQL the events table
    /// is locked against writers first, so that no event written by a process still running the
    /// previous version falls between the backfill and the triggers.
    static let keptCounts = Migration(version: 10, name: "kept counts") { ddl in
        let enrolmentCounts = EngagementCount.perEnrolment
        let messageCounts = EngagementCount.perMessage
        let addColumns =
            enrolmentCounts.map { "ALTER TABLE sequence_prospects ADD COLUMN \($0.column) INTEGER NOT NULL DEFAULT 0" }
            + messageCounts.map { "ALTER TABLE outbound_messages ADD COLUMN \($0.column) INTEGER NOT NULL DEFAULT 0" }
        let backfill = [
            """
            UPDATE sequence_prospects SET \(enrolmentCounts.map { "\($0.column) = (SELECT COUNT(*) FROM events e WHERE e.sequence_id = sequence_prospects.sequence_id AND e.prospect_id = sequence_prospects.prospect_id AND e.kind = '\($0.kind)')" }.joined(separator: ", "))
            WHERE EXISTS (SELECT 1 FROM events e WHERE e.sequence_id = sequence_prospects.sequence_id AND e.prospect_id = sequence_prospects.prospect_id)
            """,
            """
            UPDATE outbound_messages SET \(messageCounts.map { "\($0.column) = (SELECT COUNT(*) FROM events e WHERE e.outbound_id = outbound_messages.id AND e.kind = '\($0.kind)')" }.joined(separator: ", "))
            WHERE EXISTS (SELECT 1 FROM events e WHERE e.outbound_id = outbound_messages.id)
            """,
        ]
        let countMessage = AfterInsertTrigger(
            name: "events_count_1_message", table: "events",
            condition: "NEW.outbound_id IS NOT NULL AND NEW.kind IN (\(messageCounts.kindList))",
            body: "UPDATE outbound_messages SET \(messageCounts.increments) WHERE id = NEW.outbound_id")
        let countEnrolment = AfterInsertTrigger(
            name: "events_count_2_enrolment", table: "events",
            condition: "NEW.sequence_id IS NOT NULL AND NEW.prospect_id IS NOT NULL AND NEW.kind IN (\(enrolmentCounts.kindList))",
            body: "UPDATE sequence_prospects SET \(enrolmentCounts.increments) WHERE sequence_id = NEW.sequence_id AND prospect_id = NEW.prospect_id")
        // A sequence's stats read these indexes alone, never the wide rows: its enrolments'
        // counts and outcomes, and its messages' counts by step and variant.
        let coveringIndexes = [
            """
            CREATE INDEX sequence_prospects_counts ON sequence_prospects
              (sequence_id, status, step_id, prospect_id, \(enrolmentCounts.map(\.column).joined(separator: ", ")), outcome, deal_value)
            """,
            """
            CREATE INDEX outbound_messages_counts ON outbound_messages
              (sequence_id, step_id, variant_id, status, \(messageCounts.map(\.column).joined(separator: ", ")))
            """,
        ]
        let lock = ddl.kind == .postgresql ? ["LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE"] : []
        return lock + addColumns + backfill + coveringIndexes + ddl.create(countMessage) + ddl.create(countEnrolment)
    }
}

/// One kept count: the column and the event kind it counts.
struct EngagementCount {
    let column: String
    let kind: String

    static let perEnrolment = [
        EngagementCount(column: "sent_count", kind: "email-sent"),
        EngagementCount(column: "opened_count", kind: "email-opened"),
        EngagementCount(column: "clicked_count", kind: "email-link-clicked"),
        EngagementCount(column: "replied_count", kind: "reply-received"),
        EngagementCount(column: "bounced_count", kind: "email-bounced"),
        EngagementCount(column: "unsubscribed_count", kind: "prospect-unsubscribed"),
    ]

    static let perMessage = [
        EngagementCount(column: "opened_count", kind: "email-opened"),
        EngagementCount(column: "clicked_count", kind: "email-link-clicked"),
        EngagementCount(column: "replied_count", kind: "reply-received"),
        EngagementCount(column: "bounced_count", kind: "email-bounced"),
    ]
}

extension [EngagementCount] {
    var kindList: String { map { "'\($0.kind)'" }.joined(separator: ", ") }

    /// Adds one to the column the new event's kind counts.
    var increments: String {
        map { "\($0.column) = \($0.column) + CASE WHEN NEW.kind = '\($0.kind)' THEN 1 ELSE 0 END" }.joined(separator: ", ")
    }
}
