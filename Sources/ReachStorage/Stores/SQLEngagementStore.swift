import Foundation
import ReachCore
import SQLKit

/// Opens, clicks and unsubscribes, written to the event store. An open or a click is one
/// statement that copies the message's context, since the pixel is the busiest public endpoint.
public struct SQLEngagementStore: EngagementStore {
    let database: any DatabaseBackend
    let events: SQLSendingStore

    public init(database: any DatabaseBackend) {
        self.database = database
        self.events = SQLSendingStore(database: database)
    }

    public func recordEngagement(_ kind: SendingEvent.Kind, message: OutboundMessageID, detail: String?, at date: Date) async throws -> SentTo? {
        try await database.write { db in
            guard let row = try await db.raw(
                """
                INSERT INTO events (account_id, kind, sequence_id, step_id, prospect_id, email_account_id, outbound_id, detail, occurred_at)
                SELECT account_id, \(bind: kind.rawValue), sequence_id, step_id, prospect_id, email_account_id, id, \(bind: detail), \(bind: date)
                FROM outbound_messages WHERE id = \(bind: message.rawValue)
                RETURNING account_id, sequence_id, prospect_id
                """
            ).first()
            else { return nil }
            return SentTo(
                accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
                sequenceID: SequenceID(try row.decode(column: "sequence_id", as: Int64.self)),
                prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self)))
        }
    }

    public func record(_ events: [SendingEvent]) async throws {
        try await self.events.record(events)
    }
}
