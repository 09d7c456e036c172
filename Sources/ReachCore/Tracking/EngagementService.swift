import Foundation

/// What prospects do with the emails they were sent: open them, click their links, unsubscribe.
/// Each becomes an event with the message's sequence, step, prospect and mailbox, for analytics,
/// webhooks and the feed. Opens and clicks are recorded every time (analytics count unique ones).
public struct EngagementService: Sendable {
    let store: any EngagementStore
    let prospects: any ProspectStore
    let subsequences: SubsequenceRouter
    let clock: any WallClock

    public init(store: any EngagementStore, prospects: any ProspectStore, subsequences: SubsequenceRouter, clock: any WallClock) {
        self.store = store
        self.prospects = prospects
        self.subsequences = subsequences
        self.clock = clock
    }

    /// False when the message no longer exists (its sequence or prospect was deleted).
    public func opened(_ message: OutboundMessageID) async throws -> Bool {
        try await record(.opened, message: message, detail: nil)
    }

    public func clicked(_ message: OutboundMessageID, target: String) async throws -> Bool {
        try await record(.clicked, message: message, detail: target)
    }

    /// Records the event, then lets the sequence's subsequences see it.
    func record(_ kind: SendingEvent.Kind, message: OutboundMessageID, detail: String?) async throws -> Bool {
        guard let sent = try await store.recordEngagement(kind, message: message, detail: detail, at: clock.now) else { return false }
        try await subsequences.evaluate(prospect: sent.prospectID, in: sent.sequenceID, account: sent.accountID)
        return true
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
    /// mailbox; nil when no such message exists.
    func recordEngagement(_ kind: SendingEvent.Kind, message: OutboundMessageID, detail: String?, at date: Date) async throws -> SentTo?
}

/// Whom a sent message went to, in which sequence.
public struct SentTo: Sendable, Equatable {
    public let accountID: AccountID
    public let sequenceID: SequenceID
    public let prospectID: ProspectID

    public init(accountID: AccountID, sequenceID: SequenceID, prospectID: ProspectID) {
        self.accountID = accountID
        self.sequenceID = sequenceID
        self.prospectID = prospectID
    }
}
