import Foundation

/// What prospects do with the emails they were sent: open them, click their links, unsubscribe.
/// Each becomes an event with the message's sequence, step, prospect and mailbox, for analytics,
/// webhooks and the feed. Opens and clicks are recorded every time (analytics count unique ones).
public struct EngagementService: Sendable {
    let store: any EngagementStore
    let prospects: any ProspectStore
    let clock: any WallClock

    public init(store: any EngagementStore, prospects: any ProspectStore, clock: any WallClock) {
        self.store = store
        self.prospects = prospects
        self.clock = clock
    }

    /// False when the message no longer exists (its sequence or prospect was deleted).
    public func opened(_ message: OutboundMessageID) async throws -> Bool {
        try await store.recordEngagement(.opened, message: message, detail: nil, at: clock.now)
    }

    public func clicked(_ message: OutboundMessageID, target: String) async throws -> Bool {
        try await store.recordEngagement(.clicked, message: message, detail: target, at: clock.now)
    }

    /// Unsubscribes the prospect an email's signed unsubscribe link names, recording the sequence
    /// whose email they left from. Unsubscribing twice is not an error: the reader may click again.
    /// False when the prospect no longer exists.
    public func unsubscribe(_ prospectID: ProspectID, from sequence: SequenceID) async throws -> Bool {
        guard let prospect = try await prospects.prospectAnywhere(prospectID) else { return false }
        guard prospect.unsubscribedAt == nil else { return true }
        let now = clock.now
        if try await prospects.markUnsubscribed([prospectID], in: prospect.accountID, at: now) > 0 {
            try await store.record(
                SendingEvent(
                    kind: .unsubscribed, accountID: prospect.accountID, sequenceID: sequence, stepID: nil, prospectID: prospectID,
                    emailAccountID: nil, outboundID: nil, detail: nil, occurredAt: now))
        }
        return true
    }
}

public protocol EngagementStore: EventStore {
    /// Records `kind` for a sent message with the message's account, sequence, step, prospect and
    /// mailbox; false when no such message exists.
    func recordEngagement(_ kind: SendingEvent.Kind, message: OutboundMessageID, detail: String?, at date: Date) async throws -> Bool
}
