import Foundation
import Testing

@testable import ReachCore

/// The order in which due emails take the quota, by each sequence's priority distribution.
struct SendingOrderTests {
    func due(_ sequence: Int64, _ prospect: Int64) -> DueEnrolment {
        DueEnrolment(
            accountID: AccountID(1), sequenceID: SequenceID(sequence), prospectID: ProspectID(prospect), stepID: StepID(1),
            dueAt: Date(timeIntervalSince1970: TimeInterval(prospect)), thread: .new)
    }

    /// Four follow-ups (prospects 1–4) and four new prospects (11–14) of one sequence.
    func order(_ distribution: PriorityDistribution) -> [Int64] {
        PriorityDistribution.sendingOrder(followUps: (1...4).map { due(1, $0) }, newProspects: (11...14).map { due(1, $0) }) { _ in distribution }
            .map(\.prospectID.rawValue)
    }

    @Test func followUpsFirstLeavesNewProspectsTheRest() {
        #expect(order(.prioritiseFollowUps) == [1, 2, 3, 4, 11, 12, 13, 14])
    }

    @Test func newProspectsFirstLeavesFollowUpsTheRest() {
        #expect(order(.prioritiseNewProspects) == [11, 12, 13, 14, 1, 2, 3, 4])
    }

    @Test func balancedAlternates() {
        #expect(order(.balancedSending) == [1, 11, 2, 12, 3, 13, 4, 14])
    }

    @Test func aggressiveSendsThreeNewProspectsPerFollowUp() {
        let ordered = PriorityDistribution.sendingOrder(followUps: (1...4).map { due(1, $0) }, newProspects: (11...18).map { due(1, $0) }) { _ in
            .aggressivelyPrioritiseNewProspects
        }
        #expect(ordered.prefix(8).map(\.prospectID.rawValue) == [11, 1, 12, 13, 14, 2, 15, 16])
    }

    @Test func sequencesTakeTurnsEachByItsOwnDistribution() {
        let ordered = PriorityDistribution.sendingOrder(
            followUps: [due(1, 1), due(1, 2), due(2, 3)], newProspects: [due(1, 11), due(2, 12), due(2, 13)]
        ) { $0 == SequenceID(1) ? .prioritiseFollowUps : .prioritiseNewProspects }
        #expect(ordered.map(\.prospectID.rawValue) == [1, 12, 2, 13, 3, 11])
    }
}
