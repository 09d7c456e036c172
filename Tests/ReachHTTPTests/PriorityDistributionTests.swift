import Foundation
import ReachJSON
import ReachTestSupport
import SQLKit
import Testing

/// A sequence's priority distribution decides who gets the day's quota when follow-ups and new
/// prospects wait together.
@Suite(.serialized, .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct PriorityDistributionTests {
    @Test(arguments: TestBackend.available, [("PrioritiseFollowUps", 2), ("PrioritiseNewProspects", 0), ("BalancedSending", 1)])
    func theDailyQuotaGoesWhereTheSequenceSays(backend: TestBackend, distribution: (name: String, followUps: Int)) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let campaign = try await OneMailboxCampaign.start(api, prospects: ["a-\(tag)@one.test", "b-\(tag)@two.test"], dailyQuota: 2)
            try await OneMailboxCampaign.sendAll(api, count: 2)
            // Two more join today: due at once, but today's quota is spent, so they wait with the follow-ups.
            var late: [JSONValue] = []
            for email in ["c-\(tag)@three.test", "d-\(tag)@four.test"] {
                let created = try await api.send(.post, "/v1/prospects", key: campaign.key, ["attributes": ["Email": .string(email)]])
                late.append(try #require(created.payload["id"]))
            }
            let enrolled = try await api.send(
                .post, "/v1/sequences/\(campaign.sequence)/contacts", key: campaign.key, ["contactIds": .array(late), "stepId": .string(campaign.steps[0])])
            #expect(enrolled.status == 201, "\(enrolled.text)")
            let chosen = try await api.send(
                .patch, "/v1/sequences/\(campaign.sequence)/priority-distribution", key: campaign.key, ["priorityDistributionId": .string(distribution.name)])
            #expect(chosen.status == 200, "\(chosen.text)")

            api.clock.advance(by: 2 * 86_400 + 60)
            var sent = 0
            for _ in 0..<6 {
                sent += try await api.services.sending.runPass(logger: OneMailboxCampaign.logger).sent
                api.clock.advance(by: 2)
            }
            #expect(sent == 2, "the day's quota")
            let followUps = try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM outbound_messages WHERE subject LIKE 'Re:%'").first(decodingColumn: "n", as: Int.self)
            }
            #expect(followUps == distribution.followUps)
        }
    }
}
