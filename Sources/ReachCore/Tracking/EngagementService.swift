import Foundation

/// What prospects do with the emails they were sent: open them, click their links, unsubscribe.
/// Each becomes an event with the message's sequence, step, prospect and mailbox, for analytics,
/// webhooks and the feed. Opens and clicks are recorded every time (analytics count unique ones).
///
/// Opens and clicks are the busiest public requests (a mail client may load a pixel many times),
/// so they are answered at once and written in batches (`flush`, every fraction of a second and
/// at shutdown) rather than one transaction each: a crash loses at most the last batch of opens
/// and clicks, never an unsubscribe, which is written before its answer.
public struct EngagementService: Sendable {
    let store: any EngagementStore
    let prospects: any ProspectStore
    let subsequences: SubsequenceRouter
    let clock: any WallClock
    let pending = PendingEngagements()

    public init(store: any EngagementStore, prospects: any ProspectStore, subsequences: SubsequenceRouter, clock: any WallClock) {
        self.store = store
        self.prospects = prospects
        self.subsequences = subsequences
        self.clock = clock
    }

    /// Pending opens or clicks beyond which a request waits for a write: memory stays bounded
    /// when the database falls behind.
    static let backlogLimit = 10_000

    public func opened(_ message: OutboundMessageID) async throws {
        try await queue(Engagement(kind: .opened, message: message, detail: nil, at: clock.now))
    }

    public func clicked(_ message: OutboundMessageID, target: String) async throws {
        try await queue(Engagement(kind: .clicked, message: message, detail: target, at: clock.now))
    }

    func queue(_ engagement: Engagement) async throws {
        if await pending.add(engagement) >= Self.backlogLimit { try await flush() }
    }

    /// Writes what is pending in one transaction, then lets the subsequences of the sequences
    /// concerned see it; returns how many were written (those of deleted messages are dropped).
    @discardableResult
    public func flush() async throws -> Int {
        let batch = await pending.takeAll()
        guard !batch.isEmpty else { return 0 }
        let recorded: [SentTo]
        do {
            recorded = try await store.recordEngagements(batch)
        } catch {
            await pending.putBack(batch)
            throw error
        }
        var seen: Set<SentTo> = []
        for sent in recorded where seen.insert(sent).inserted {
            try await subsequences.evaluate(prospect: sent.prospectID, in: sent.sequenceID, account: sent.accountID)
        }
        return recorded.count
    }

    /// Unsubscribes the prospect an email's signed unsubscribe link names, recording the sequence
    /// whose email they left from. Unsubscribing twice is not an error: the reader may click again.
    /// False when the prospect no longer exists.
    public func unsubscribe(_ prospectID: ProspectID, from sequence: SequenceID) async throws -> Bool {
        guard let prospect = try await prospects.prospectAnywhere(prospectID) else { return false }
        guard prospect.unsubscribedAt == nil else { return true }
        _ = try await prospects.markUnsubscribed([prospectID], in: prospect.accountID, at: clock.now, from: sequence)
        return true
    }
}

public protocol EngagementStore: EventStore {
    /// Records each open or click, in one transaction, with its message's account, sequence,
    /// step, prospect and mailbox; returns whom each recorded one was about (messages that no
    /// longer exist record nothing).
    func recordEngagements(_ engagements: [Engagement]) async throws -> [SentTo]
}

/// An open or a click, waiting to be written.
public struct Engagement: Sendable, Equatable {
    public let kind: SendingEvent.Kind
    public let message: OutboundMessageID
    public let detail: String?
    public let at: Date
}

/// The opens and clicks not yet written.
actor PendingEngagements {
    var items: [Engagement] = []

    /// Returns how many are pending now.
    func add(_ engagement: Engagement) -> Int {
        items.append(engagement)
        return items.count
    }

    /// A batch whose write failed goes back first in line.
    func putBack(_ batch: [Engagement]) {
        items = batch + items
    }

    func takeAll() -> [Engagement] {
        defer { items = [] }
        return items
    }
}

/// Whom a sent message went to, in which sequence.
public struct SentTo: Sendable, Hashable {
    public let accountID: AccountID
    public let sequenceID: SequenceID
    public let prospectID: ProspectID

    public init(accountID: AccountID, sequenceID: SequenceID, prospectID: ProspectID) {
        self.accountID = accountID
        self.sequenceID = sequenceID
        self.prospectID = prospectID
    }
}
