/// The replayable event feed: a reader keeps the cursor of the last page and asks for what came
/// after it; the same events, with the same ids, as the webhooks deliver.
public struct EventFeedService: Sendable {
    let store: any EventFeedStore

    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public init(store: any EventFeedStore) {
        self.store = store
    }

    public struct Page: Sendable {
        public let events: [RecordedEvent]
        /// Where the next read starts: after the last event returned, or where this one started
        /// when there was nothing new.
        public let next: EventPosition?
    }

    public func events(in account: AccountID, after cursor: String?, filter: EventFilter, limit: Int?) async throws -> Page {
        var position: EventPosition?
        if let cursor, !cursor.isEmpty {
            guard let parsed = EventPosition(cursor: cursor) else {
                throw ReachError.invalidInput("after must be a cursor returned by this feed", field: "after")
            }
            position = parsed
        }
        let limit = min(max(1, limit ?? Self.defaultLimit), Self.maximumLimit)
        let events = try await store.events(in: account, after: position, matching: filter, limit: limit)
        return Page(events: events, next: events.last?.position ?? position)
    }
}
