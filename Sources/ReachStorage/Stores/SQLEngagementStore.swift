import Foundation
import ReachCore
import SQLKit

/// Opens, clicks and unsubscribes, written to the event store. Opens and clicks come in batches,
/// one statement each that copies the message's context, all in one transaction.
public struct SQLEngagementStore: EngagementStore {
    let database: any DatabaseBackend
    let events: SQLSendingStore

    public init(database: any DatabaseBackend) {
        self.database = database
        self.events = SQLSendingStore(database: database)
    }

    public func recordEngagements(_ engagements: [Engagement]) async throws -> [SentTo] {
        try await database.write { db in
            var recorded: [SentTo] = []
            for engagement in engagements {
                guard
                    let row = try await db.raw(
                        """
                        INSERT INTO events (account_id, kind, sequence_id, step_id, prospect_id, email_account_id, outbound_id, detail, occurred_at)
                        SELECT account_id, \(bind: engagement.kind.rawValue), sequence_id, step_id, prospect_id, email_account_id, id,
                               \(bind: engagement.detail), \(bind: engagement.at)
                        FROM outbound_messages WHERE id = \(bind: engagement.message.rawValue)
                        RETURNING account_id, sequence_id, prospect_id
                        """
                    ).first()
                else { continue }
                recorded.append(
                    SentTo(
                        accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
                        sequenceID: SequenceID(try row.decode(column: "sequence_id", as: Int64.self)),
                        prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self))))
            }
            return recorded
        }
    }

    public func record(_ events: [SendingEvent]) async throws {
        try await self.events.record(events)
    }
}
