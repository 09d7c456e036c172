/// How a sequence shares its mailboxes' daily quota between prospects waiting for a follow-up and
/// prospects who have had nothing yet (Saleshandy's priority distribution), as the order in which
/// the engine takes due emails: the quota goes to what comes first.
extension PriorityDistribution {
    /// The share of sends that go to new prospects while both kinds wait.
    var newProspectShare: Double {
        switch self {
        case .prioritiseFollowUps: 0
        case .prioritiseNewProspects: 1
        case .balancedSending: 0.5
        case .aggressivelyPrioritiseNewProspects: 0.75
        }
    }

    /// Where the `rank`-th due email (0-based, oldest first) of one kind comes in the sequence's
    /// order: each kind's emails are spread by its share, so with a half share they alternate,
    /// with three quarters three new prospects go per follow-up, and with none that kind goes
    /// only when the other has nothing due.
    func position(rank: Int, isNewProspect: Bool) -> Double {
        let share = isNewProspect ? newProspectShare : 1 - newProspectShare
        guard share > 0 else { return 1e12 + Double(rank) }
        return (Double(rank) + 0.5) / share
    }

    /// Merges the due follow-ups and new prospects (each oldest first) into sending order, each
    /// sequence by its own distribution; sequences take turns. What a sequence sent lately
    /// counts first, so the shares hold over the day, not just within one pass.
    static func sendingOrder(
        followUps: [DueEnrolment], newProspects: [DueEnrolment], alreadySent: (SequenceID) -> SendMix = { _ in SendMix() },
        distribution: (SequenceID) -> PriorityDistribution
    ) -> [DueEnrolment] {
        var ranks: [SequenceID: SendMix] = [:]
        var placed: [(position: Double, enrolment: DueEnrolment)] = []
        for (enrolment, isNew) in followUps.map({ ($0, false) }) + newProspects.map({ ($0, true) }) {
            var rank = ranks[enrolment.sequenceID] ?? alreadySent(enrolment.sequenceID)
            let position = distribution(enrolment.sequenceID).position(rank: isNew ? rank.newProspects : rank.followUps, isNewProspect: isNew)
            if isNew { rank.newProspects += 1 } else { rank.followUps += 1 }
            ranks[enrolment.sequenceID] = rank
            placed.append((position, enrolment))
        }
        // Ties (equal positions in different sequences, or a follow-up and a new prospect with
        // equal spread) go to the one due first.
        return placed.sorted { ($0.position, $0.enrolment.dueAt) < ($1.position, $1.enrolment.dueAt) }.map(\.enrolment)
    }
}
