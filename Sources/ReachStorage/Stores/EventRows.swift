import Foundation
import ReachCore
import SQLKit

/// Reading the `events` table back, shared by the feed and the webhook deliveries.
enum EventRows {
    /// The columns `decode` reads, from `events` aliased `e`.
    static let columns: SQLQueryString = """
        e.id AS event_id, e.txid AS event_txid, e.kind AS event_kind, e.account_id AS event_account_id, e.sequence_id AS event_sequence_id,
        e.step_id AS event_step_id, e.prospect_id AS event_prospect_id, e.email_account_id AS event_email_account_id,
        e.outbound_id AS event_outbound_id, e.task_id AS event_task_id, e.inbox_message_id AS event_inbox_message_id,
        e.detail AS event_detail, e.occurred_at AS event_occurred_at
        """

    /// Events every earlier transaction has finished with, so none can commit before them
    /// later. PostgreSQL: below the oldest transaction still running. SQLite writes one
    /// transaction at a time, so whatever a reader sees is settled.
    static func settled(_ db: any SQLDatabase) -> SQLQueryString {
        db.isPostgreSQL ? "AND e.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint" : ""
    }

    /// After `position` in feed order (everything when nil).
    static func after(_ position: EventPosition?) -> SQLQueryString {
        guard let position else { return "" }
        return "AND (e.txid > \(bind: position.transaction) OR (e.txid = \(bind: position.transaction) AND e.id > \(bind: position.event)))"
    }

    /// The event of a row selected with `columns`; nil for a kind this build does not know.
    static func decode(_ row: any SQLRow) throws -> RecordedEvent? {
        guard let kind = SendingEvent.Kind(rawValue: try row.decode(column: "event_kind", as: String.self)) else { return nil }
        let id = try row.decode(column: "event_id", as: Int64.self)
        let event = SendingEvent(
            kind: kind, accountID: AccountID(try row.decode(column: "event_account_id", as: Int64.self)),
            sequenceID: try row.decode(column: "event_sequence_id", as: Int64?.self).map(SequenceID.init),
            stepID: try row.decode(column: "event_step_id", as: Int64?.self).map(StepID.init),
            prospectID: try row.decode(column: "event_prospect_id", as: Int64?.self).map(ProspectID.init),
            emailAccountID: try row.decode(column: "event_email_account_id", as: Int64?.self).map(EmailAccountID.init),
            outboundID: try row.decode(column: "event_outbound_id", as: Int64?.self).map(OutboundMessageID.init),
            taskID: try row.decode(column: "event_task_id", as: Int64?.self).map(TaskID.init),
            inboxMessageID: try row.decode(column: "event_inbox_message_id", as: Int64?.self).map(InboxMessageID.init),
            detail: try row.decode(column: "event_detail", as: String?.self),
            occurredAt: try row.decode(column: "event_occurred_at", as: Date.self))
        return RecordedEvent(
            id: EventID(id), position: EventPosition(transaction: try row.decode(column: "event_txid", as: Int64.self), event: id), recorded: event)
    }
}
