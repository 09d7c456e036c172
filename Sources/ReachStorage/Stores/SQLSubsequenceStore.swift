import Foundation
import ReachCore
import SQLKit

public struct SQLSubsequenceStore: SubsequenceStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func hasSubsequences(_ parent: SequenceID) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT 1 AS found FROM sequences WHERE parent_id = \(bind: parent.rawValue) LIMIT 1").first() != nil
        }
    }

    public func engagement(of prospect: ProspectID, in sequence: SequenceID) async throws -> ProspectEngagement? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT status, outcome, thread_mailbox_id, thread_subject, thread_message_ids FROM sequence_prospects
                    WHERE sequence_id = \(bind: sequence.rawValue) AND prospect_id = \(bind: prospect.rawValue)
                    """
                ).first(),
                let status = EnrolmentStatus(rawValue: try row.decode(column: "status", as: String.self))
            else { return nil }
            let events = try await db.raw(
                """
                SELECT kind, detail FROM events
                WHERE sequence_id = \(bind: sequence.rawValue) AND prospect_id = \(bind: prospect.rawValue)
                  AND kind IN ('email-opened', 'email-link-clicked', 'email-bounced')
                """
            ).all()
            var facts = ProspectEngagement(
                status: status, outcome: try row.decode(column: "outcome", as: String?.self), opens: 0, clicks: 0, clickedURLs: [], bounced: false,
                thread: ThreadState(
                    mailbox: try row.decode(column: "thread_mailbox_id", as: Int64?.self).map(EmailAccountID.init),
                    subject: try row.decode(column: "thread_subject", as: String?.self),
                    messageIDs: SQLBatch.stringArray(fromJSON: try row.decode(column: "thread_message_ids", as: String.self))))
            for event in events {
                switch try event.decode(column: "kind", as: String.self) {
                case SendingEvent.Kind.opened.rawValue: facts.opens += 1
                case SendingEvent.Kind.clicked.rawValue:
                    facts.clicks += 1
                    if let url = try event.decode(column: "detail", as: String?.self) { facts.clickedURLs.insert(url) }
                default: facts.bounced = true
                }
            }
            return facts
        }
    }

    public func move(
        _ prospect: ProspectID, from parent: SequenceID, to subsequence: SequenceID, at step: StepID, dueAt: Date, thread: ThreadState,
        in account: AccountID, now: Date
    ) async throws -> Bool {
        try await database.write { db in
            let entered = try await db.raw(
                """
                INSERT INTO sequence_prospects
                  (account_id, sequence_id, prospect_id, step_id, status, next_due_at, thread_mailbox_id, thread_subject, thread_message_ids,
                   enrolled_at, updated_at)
                VALUES (\(bind: account.rawValue), \(bind: subsequence.rawValue), \(bind: prospect.rawValue), \(bind: step.rawValue), 'active',
                        \(bind: dueAt), \(bind: thread.mailbox?.rawValue), \(bind: thread.subject), \(bind: SQLBatch.jsonArray(thread.messageIDs)),
                        \(bind: now), \(bind: now))
                ON CONFLICT (sequence_id, prospect_id) DO NOTHING
                RETURNING id
                """
            ).first() != nil
            guard entered else { return false }
            try await db.raw(
                """
                UPDATE sequence_prospects SET status = 'finished', next_due_at = NULL, updated_at = \(bind: now)
                WHERE sequence_id = \(bind: parent.rawValue) AND prospect_id = \(bind: prospect.rawValue) AND status IN ('active', 'paused')
                """
            ).run()
            try await db.raw(
                """
                UPDATE tasks SET status = 'skipped', skip_reason = 'The prospect moved to a subsequence', skipped_at = \(bind: now), updated_at = \(bind: now)
                WHERE sequence_id = \(bind: parent.rawValue) AND prospect_id = \(bind: prospect.rawValue) AND status = 'pending'
                """
            ).run()
            return true
        }
    }
}
