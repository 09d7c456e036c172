import Foundation

/// An event as the feed and the webhooks read it back: what was recorded, with the id and the
/// place in commit order the store gave it. Its fields read through (`event.kind`).
@dynamicMemberLookup
public struct RecordedEvent: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "event")

    public let id: EventID
    public let position: EventPosition
    public let recorded: SendingEvent

    public init(id: EventID, position: EventPosition, recorded: SendingEvent) {
        self.id = id
        self.position = position
        self.recorded = recorded
    }

    public subscript<Value>(dynamicMember field: KeyPath<SendingEvent, Value>) -> Value {
        recorded[keyPath: field]
    }
}

public typealias EventID = EntityID<RecordedEvent>

/// Where an event stands in the feed: its writing transaction, then its id. Ids alone are not
/// commit order when several processes write at once (a lower id can commit later), so a
/// reader that remembered only the highest id would skip it; the store hands out only events
/// whose transaction, and every earlier one, has finished.
public struct EventPosition: Sendable, Hashable, Comparable {
    public let transaction: Int64
    public let event: Int64

    public init(transaction: Int64, event: Int64) {
        self.transaction = transaction
        self.event = event
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.transaction, lhs.event) < (rhs.transaction, rhs.event)
    }

    /// The cursor clients pass back: opaque to them, `transaction.event` to Reach.
    public var cursor: String { "\(transaction).\(event)" }

    public init?(cursor: String) {
        let parts = cursor.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let transaction = Int64(parts[0]), let event = Int64(parts[1]), transaction >= 0, event >= 0 else { return nil }
        self.init(transaction: transaction, event: event)
    }
}
