import Foundation

/// Moves a prospect from a sequence into one of its subsequences once all of the subsequence's
/// conditions hold. Conditions are looked at whenever something happens to the prospect in the
/// parent (an open, a click, a bounce, a reply, an outcome) and once more when they finish it, so
/// that a condition such as "Email Opened is false" is decided when nothing more can happen.
/// The first subsequence (oldest) whose conditions hold wins; a prospect enters each at most once.
public struct SubsequenceRouter: Sendable {
    let store: any SubsequenceStore
    let sequences: any SequenceStore
    let schedules: any ScheduleStore
    let clock: any WallClock

    public init(store: any SubsequenceStore, sequences: any SequenceStore, schedules: any ScheduleStore, clock: any WallClock) {
        self.store = store
        self.sequences = sequences
        self.schedules = schedules
        self.clock = clock
    }

    /// The subsequence the prospect entered, if any.
    @discardableResult
    public func evaluate(prospect: ProspectID, in parent: SequenceID, account: AccountID) async throws -> SequenceID? {
        // Most sequences have none; an open pixel must stay one cheap look-up away from its answer.
        guard try await store.hasSubsequences(parent) else { return nil }
        var query = SequenceListQuery(
            titleSearch: nil, clientIDs: nil, page: PageRequest(number: 1, size: 100, defaultSize: 100, maximumSize: 100), sortField: .createdAt,
            direction: .ascending)
        query.parentID = parent
        let candidates = try await sequences.sequences(in: account, matching: query).items.map(\.sequence)
            .filter { !($0.trigger?.conditions.isEmpty ?? true) }
        guard !candidates.isEmpty, let facts = try await store.engagement(of: prospect, in: parent) else { return nil }
        let now = clock.now
        for subsequence in candidates {
            guard let trigger = subsequence.trigger, trigger.conditions.allSatisfy({ $0.holds(for: facts) }),
                  let first = try await sequences.steps(of: subsequence.id).first,
                  let schedule = try await schedules.schedule(subsequence.scheduleID, in: account)
            else { continue }
            let dueAt = schedule.startOfDay(trigger.firstStepRelativeDays ?? 0, after: now)
            if try await store.move(
                prospect, from: parent, to: subsequence.id, at: first.id, dueAt: max(dueAt, now), thread: facts.thread, in: account, now: now)
            {
                return subsequence.id
            }
        }
        return nil
    }
}

/// What the conditions of a subsequence are judged on: the prospect's state in the parent and
/// what they did with its emails.
public struct ProspectEngagement: Sendable, Equatable {
    public var status: EnrolmentStatus
    public var outcome: String?
    public var opens: Int
    public var clicks: Int
    public var clickedURLs: Set<String>
    public var bounced: Bool
    /// The parent's conversation, which the subsequence continues.
    public var thread: ThreadState

    public init(status: EnrolmentStatus, outcome: String?, opens: Int, clicks: Int, clickedURLs: Set<String>, bounced: Bool, thread: ThreadState) {
        self.status = status
        self.outcome = outcome
        self.opens = opens
        self.clicks = clicks
        self.clickedURLs = clickedURLs
        self.bounced = bounced
        self.thread = thread
    }
}

extension TriggerCondition {
    public func holds(for facts: ProspectEngagement) -> Bool {
        func compare(_ count: Int) -> Bool {
            guard case .count(let wanted)? = value else { return false }
            switch operation {
            case .greaterThan: return count > wanted
            case .lessThan: return count < wanted
            default: return count == wanted
            }
        }
        let flag: Bool? = if case .flag(let flag)? = value { flag } else { nil }
        let text: String? = if case .text(let text)? = value { text.trimmingWhitespace() } else { nil }
        switch name {
        case .replied: return (facts.status == .replied) == flag
        case .emailOpened: return (facts.opens > 0) == flag
        case .bounced: return (facts.bounced || facts.status == .bounced) == flag
        case .emailOpenCount: return compare(facts.opens)
        case .linkClickCount: return compare(facts.clicks)
        case .linkClick: return operation == .isAny ? facts.clicks > 0 : text.map(facts.clickedURLs.contains) ?? false
        case .outcome:
            let same = facts.outcome?.caseInsensitiveCompare(text ?? "") == .orderedSame
            return operation == .isNot ? !same : same
        }
    }
}

public protocol SubsequenceStore: Sendable {
    func hasSubsequences(_ parent: SequenceID) async throws -> Bool
    /// The prospect's state in the sequence and their engagement with its emails; nil when they
    /// are not in it.
    func engagement(of prospect: ProspectID, in sequence: SequenceID) async throws -> ProspectEngagement?
    /// In one transaction: enrols the prospect in the subsequence at `step`, due at `dueAt`, with
    /// the parent's thread; finishes the parent enrolment if still running, skipping its open tasks.
    /// False when the prospect was in the subsequence already.
    func move(
        _ prospect: ProspectID, from parent: SequenceID, to subsequence: SequenceID, at step: StepID, dueAt: Date, thread: ThreadState,
        in account: AccountID, now: Date
    ) async throws -> Bool
}
