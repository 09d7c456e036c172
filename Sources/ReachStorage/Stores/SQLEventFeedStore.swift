import ReachCore
import SQLKit

/// The event feed over the `events` table, in (writing transaction, id) order.
public struct SQLEventFeedStore: EventFeedStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func events(in account: AccountID, after position: EventPosition?, matching filter: EventFilter, limit: Int) async throws -> [RecordedEvent] {
        try await database.read { db in
            var conditions: [SQLQueryString] = []
            if !filter.kinds.isEmpty { conditions.append("AND e.kind IN (\(binds: filter.kinds.map(\.rawValue)))") }
            if let sequence = filter.sequenceID { conditions.append("AND e.sequence_id = \(bind: sequence.rawValue)") }
            if let prospect = filter.prospectID { conditions.append("AND e.prospect_id = \(bind: prospect.rawValue)") }
            if let mailbox = filter.emailAccountID { conditions.append("AND e.email_account_id = \(bind: mailbox.rawValue)") }
            // events_feed (account_id, txid, id) serves both the order and the cursor.
            return try await db.raw(
                """
                SELECT \(EventRows.columns) FROM events e
                WHERE e.account_id = \(bind: account.rawValue) \(EventRows.after(position)) \(EventRows.settled(db))
                \(SQLList(conditions, separator: SQLRaw(" ")))
                ORDER BY e.txid, e.id LIMIT \(bind: limit)
                """
            ).all().compactMap(EventRows.decode)
        }
    }
}
