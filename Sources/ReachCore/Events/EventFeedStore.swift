/// Reads the event store in commit order.
public protocol EventFeedStore: Sendable {
    /// Up to `limit` events of the account after `position` (from the start when nil) that match
    /// `filter`, in feed order, only from transactions that have finished along with every
    /// earlier one, so nothing can later appear before the last event returned.
    func events(in account: AccountID, after position: EventPosition?, matching filter: EventFilter, limit: Int) async throws -> [RecordedEvent]
}

/// Which events a feed reader wants; empty or nil means any.
public struct EventFilter: Sendable, Equatable {
    public var kinds: [SendingEvent.Kind]
    public var sequenceID: SequenceID?
    public var prospectID: ProspectID?
    public var emailAccountID: EmailAccountID?

    public init(kinds: [SendingEvent.Kind] = [], sequenceID: SequenceID? = nil, prospectID: ProspectID? = nil, emailAccountID: EmailAccountID? = nil) {
        self.kinds = kinds
        self.sequenceID = sequenceID
        self.prospectID = prospectID
        self.emailAccountID = emailAccountID
    }
}
