import Foundation

/// Putting prospects into sequences and changing how a sequence treats them. A prospect who
/// unsubscribed, or whom a Do Not Contact list or the domain blocklist covers, is never enrolled.
public struct EnrolmentService: Sendable {
    let enrolments: any EnrolmentStore
    let sequences: any SequenceStore
    let prospects: any ProspectStore
    let doNotContact: any DoNotContactStore
    let tasks: any TaskStore
    let events: any EventStore
    let subsequences: SubsequenceRouter
    let clock: any WallClock

    public init(
        enrolments: any EnrolmentStore, sequences: any SequenceStore, prospects: any ProspectStore, doNotContact: any DoNotContactStore,
        tasks: any TaskStore, events: any EventStore, subsequences: SubsequenceRouter, clock: any WallClock
    ) {
        self.enrolments = enrolments
        self.sequences = sequences
        self.prospects = prospects
        self.doNotContact = doNotContact
        self.tasks = tasks
        self.events = events
        self.subsequences = subsequences
        self.clock = clock
    }

    public static let unsubscribedReason = "Prospect has unsubscribed"

    /// What adding prospects to a sequence did.
    public struct AddResult: Sendable, Equatable {
        public let enrolment: EnrolmentResult
        /// Prospects refused before enrolment, with the reason.
        public let refused: [(ProspectID, String)]

        public static func == (lhs: AddResult, rhs: AddResult) -> Bool {
            lhs.enrolment == rhs.enrolment && lhs.refused.map(\.0) == rhs.refused.map(\.0) && lhs.refused.map(\.1) == rhs.refused.map(\.1)
        }
    }

    /// The step a request names, checked to be the account's (and the sequence's, when given).
    public func step(_ id: StepID?, undecodable: Bool, in account: AccountID, sequence: SequenceID? = nil) async throws -> StepLocation {
        guard !undecodable, let id, let location = try await enrolments.stepLocation(id, in: account),
              sequence == nil || location.sequenceID == sequence
        else { throw ReachError.invalidInput("Invalid stepId: no such step in this sequence", field: "stepId", code: 4000) }
        return location
    }

    public func add(
        _ ids: [ProspectID], undecodable: Int, to sequence: SequenceID, at stepID: StepID?, undecodableStep: Bool, in account: AccountID
    ) async throws -> AddResult {
        guard try await sequences.sequence(sequence, in: account) != nil else { throw SequenceService.notFound }
        let step = try await step(stepID, undecodable: undecodableStep, in: account, sequence: sequence)
        let found = try await prospects.prospects(ids, in: account)
        let unknown = undecodable + Set(ids).subtracting(found.map(\.id)).count
        guard unknown == 0 else {
            throw ReachError.invalidInput(
                "Failed to add contacts to sequence: \(unknown) of the contactIds \(unknown == 1 ? "is not a prospect" : "are not prospects") of this account",
                field: "contactIds", code: 4000)
        }
        let (allowed, refused) = try await screen(found, in: account)
        let result = try await enrolments.enrol(allowed.map(\.id), at: step, at: clock.now)
        return AddResult(enrolment: result, refused: refused)
    }

    /// Splits prospects into those that may be written to and those that may not, with why.
    public func screen(_ candidates: [Prospect], in account: AccountID) async throws -> (allowed: [Prospect], refused: [(ProspectID, String)]) {
        var refused: [(ProspectID, String)] = []
        var allowed: [Prospect] = []
        var addresses: [ProspectID: EmailAddress] = [:]
        for prospect in candidates {
            if prospect.unsubscribedAt != nil {
                refused.append((prospect.id, Self.unsubscribedReason))
            } else if let address = EmailAddress(prospect.email) {
                addresses[prospect.id] = address
                allowed.append(prospect)
            } else {
                allowed.append(prospect)
            }
        }
        let candidatesByValue = Array(Set(addresses.values.flatMap(DoNotContactEntry.candidates)))
        let reasons = candidatesByValue.isEmpty ? [:] : try await doNotContact.reasons(for: candidatesByValue, in: account)
        guard !reasons.isEmpty else { return (allowed, refused) }
        var kept: [Prospect] = []
        for prospect in allowed {
            if let address = addresses[prospect.id], let reason = DoNotContactEntry.candidates(for: address).lazy.compactMap({ reasons[$0] }).first {
                refused.append((prospect.id, reason))
            } else {
                kept.append(prospect)
            }
        }
        return (kept, refused)
    }

    public func memberships(of prospect: ProspectID, in account: AccountID) async throws -> [SequenceMembership] {
        guard try await prospects.prospect(prospect, in: account) != nil else { throw ProspectService.notFound }
        return try await enrolments.memberships(of: prospect)
    }

    /// Changes the status of prospects in sequences (§2.10). A pause may end by itself after
    /// `pauseDelayInDays`. Pairs that name no enrolment of the account count as failed.
    public func changeStatus(
        of pairs: [(ProspectID?, SequenceID?)], to text: String, pauseDelayInDays: Int?, in account: AccountID
    ) async throws -> (success: Int, failed: Int) {
        guard let status = EnrolmentStatus(requested: text) else {
            throw ReachError.invalidInput("status must be one of active, paused, replied, finished", field: "status", code: 4000)
        }
        var pausedUntil: Date?
        if let days = pauseDelayInDays {
            guard status == .paused else { throw ReachError.invalidInput("pauseDelayInDays is only allowed with status paused", field: "pauseDelayInDays", code: 4000) }
            guard (1...365).contains(days) else { throw ReachError.invalidInput("pauseDelayInDays must be between 1 and 365", field: "pauseDelayInDays", code: 4000) }
            pausedUntil = clock.now.addingTimeInterval(TimeInterval(days) * 86_400)
        }
        let valid = pairs.compactMap { pair -> (ProspectID, SequenceID)? in
            guard let prospect = pair.0, let sequence = pair.1 else { return nil }
            return (prospect, sequence)
        }
        let changed = try await apply(status, pausedUntil: pausedUntil, to: valid, in: account)
        return (changed, pairs.count - changed)
    }

    /// Sets the status of the enrolments and does what it means: someone who replied or
    /// finished has nothing left to do (their open tasks are skipped, with the reason) and may
    /// move into a subsequence. Returns how many enrolments changed.
    public func apply(_ status: EnrolmentStatus, pausedUntil: Date?, to pairs: [(ProspectID, SequenceID)], in account: AccountID) async throws -> Int {
        let now = clock.now
        let changed = try await enrolments.setStatus(status, pausedUntil: pausedUntil, of: pairs, in: account, at: now)
        let reason: String? =
            switch status {
            case .replied: "The prospect replied"
            case .finished: "The prospect finished the sequence"
            default: nil
            }
        if let reason {
            let skipped = try await tasks.skipOpenTasks(of: pairs, in: account, reason: reason, at: now)
            try await events.record(skipped.flatMap { TaskService.events(.taskUpdated, $0, at: now) })
            for (prospect, sequence) in pairs { try await subsequences.evaluate(prospect: prospect, in: sequence, account: account) }
        }
        return changed
    }

    /// Records an outcome (§5.10) for prospects named by email, in one sequence or all of theirs.
    public func setOutcome(
        _ name: String, emails: [String], sequence: SequenceID?, undecodableSequence: Bool, dealValue: Double?, in account: AccountID
    ) async throws -> Int {
        let outcome = name.trimmingWhitespace()
        guard !outcome.isEmpty, outcome.count <= 100 else {
            throw ReachError.invalidInput("outcomeName must be 1 to 100 characters", field: "outcomeName", code: 1001)
        }
        if let dealValue, dealValue < 0 || !dealValue.isFinite {
            throw ReachError.invalidInput("dealValue must be a positive number", field: "dealValue", code: 1001)
        }
        if undecodableSequence { throw ReachError.invalidInput("Sequence not found", field: "sequenceId", code: 1001) }
        if let sequence, try await sequences.sequence(sequence, in: account) == nil {
            throw ReachError.invalidInput("Sequence not found", field: "sequenceId", code: 1001)
        }
        let addresses = emails.compactMap(EmailAddress.init)
        let found = try await prospects.prospects(emails: addresses, in: account)
        guard addresses.count == emails.count, Set(found.map { $0.email.lowercased() }) == Set(addresses.map(\.normalized)) else {
            throw ReachError.invalidInput("Some prospectEmails are not prospects of this account", field: "prospectEmails", code: 1001)
        }
        let changed = try await enrolments.setOutcome(outcome, dealValue: dealValue, of: found.map(\.id), sequence: sequence, in: account, at: clock.now)
        guard changed > 0 else {
            throw ReachError.invalidInput("None of these prospects is in \(sequence == nil ? "a sequence" : "this sequence")", field: "prospectEmails", code: 1001)
        }
        let now = clock.now
        try await events.record(found.map {
            SendingEvent(
                kind: .outcomeUpdated, accountID: account, sequenceID: sequence, stepID: nil, prospectID: $0.id, emailAccountID: nil, outboundID: nil,
                detail: outcome, occurredAt: now)
        })
        for prospect in found {
            var inSequences = sequence.map { [$0] } ?? []
            if sequence == nil { inSequences = try await enrolments.memberships(of: prospect.id).map(\.enrolment.sequenceID) }
            for parent in inSequences { try await subsequences.evaluate(prospect: prospect.id, in: parent, account: account) }
        }
        return changed
    }
}
