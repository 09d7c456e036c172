import Foundation
import ReachCore
import ReachJSON
import ReachStorage
import ReachTestSupport
import Testing

/// Enrichment jobs survive their worker: an outcome is saved with the job's counters in one
/// transaction, and only by the worker that holds the job's lease.
@Suite struct EnrichmentStoreTests {
    @Test(arguments: TestBackend.available)
    func aJobWhoseWorkerStoppedIsTakenOverAndTheOldWorkerCanNoLongerWrite(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let created = try await AccountService(accounts: SQLAccountStore(database: database), clock: TestClock())
                .createAccount(name: "Acme", adminEmail: "ann@acme.io")
            let store = SQLEnrichmentStore(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let inputs = ["a.test", "b.test", "c.test"].map { EnrichmentInput(field: "company_domain", value: .string($0)) }
            let job = try await store.createJob(
                NewEnrichmentJob(kind: .company, options: ContactOptions(), requestedBy: created.admin.id, records: inputs.map { ($0, nil) }, webhookURL: nil),
                in: created.account.id, at: now, admitting: { _ in })
            #expect(job.status == "in-progress")
            #expect(job.totalRecords == 3)

            let first = try #require(try await store.claimNextJob(worker: "first", now: now, leaseUntil: now.addingTimeInterval(300)))
            #expect(first.id == job.id)
            // Held: nobody else gets it until the lease runs out.
            #expect(try await store.claimNextJob(worker: "second", now: now.addingTimeInterval(10), leaseUntil: now.addingTimeInterval(310)) == nil)
            let found = EnrichmentOutcome.enriched(findings: [EnrichmentFinding(field: "mailProvider", value: "Google Workspace", source: "MX")], notes: [], credits: 0.5)
            #expect(try await store.saveOutcome(found, position: 0, of: job.id, by: "first", leaseUntil: now.addingTimeInterval(300)))

            // The first worker stops; after its lease the second takes the job over and does only what is left.
            let second = try #require(try await store.claimNextJob(worker: "second", now: now.addingTimeInterval(301), leaseUntil: now.addingTimeInterval(601)))
            #expect(second.processed == 1)
            #expect(try await store.pendingRecords(of: job.id, limit: 10).map(\.position) == [1, 2])
            #expect(try await store.saveOutcome(.notFound("The domain b.test does not exist"), position: 1, of: job.id, by: "first", leaseUntil: now) == false)
            #expect(try await store.saveOutcome(.notFound("The domain b.test does not exist"), position: 1, of: job.id, by: "second", leaseUntil: now.addingTimeInterval(601)))
            // A record already answered is not counted twice.
            #expect(try await store.saveOutcome(.failed("again"), position: 1, of: job.id, by: "second", leaseUntil: now.addingTimeInterval(601)))
            #expect(try await store.saveOutcome(.failed("timeout"), position: 2, of: job.id, by: "second", leaseUntil: now.addingTimeInterval(601)))
            #expect(try await store.complete(job.id, by: "first", at: now.addingTimeInterval(400)) == false)
            #expect(try await store.complete(job.id, by: "second", at: now.addingTimeInterval(400)))

            let done = try #require(try await store.job(job.id, in: created.account.id))
            #expect(done.status == "completed")
            #expect([done.processed, done.succeeded, done.failed] as [Int] == [3, 1, 2])
            #expect(done.creditsCharged == 0.5)
            let records = try await store.records(of: job.id)
            #expect(records.compactMap(\.outcome) == [found, .notFound("The domain b.test does not exist"), .failed("timeout")])
            // A job that is not done is released between slices, so other jobs take turns.
            let next = try await store.createJob(
                NewEnrichmentJob(kind: .company, options: ContactOptions(), requestedBy: created.admin.id, records: [(inputs[0], nil)], webhookURL: nil),
                in: created.account.id, at: now, admitting: { requestsSince in
                    let before = try await requestsSince(now.addingTimeInterval(-60)).count
                    #expect(before == 1)
                })
            let later = try await store.createJob(
                NewEnrichmentJob(kind: .company, options: ContactOptions(), requestedBy: created.admin.id, records: [(inputs[1], nil)], webhookURL: nil),
                in: created.account.id, at: now, admitting: { _ in })
            #expect(try await store.claimNextJob(worker: "w", now: now.addingTimeInterval(500), leaseUntil: now.addingTimeInterval(800))?.id == next.id)
            try await store.release(next.id, by: "w")
            #expect(try await store.claimNextJob(worker: "w", now: now.addingTimeInterval(501), leaseUntil: now.addingTimeInterval(801))?.id == later.id)
            try await store.release(later.id, by: "w")
            #expect(try await store.claimNextJob(worker: "w", now: now.addingTimeInterval(502), leaseUntil: now.addingTimeInterval(802))?.id == next.id)
            // A request the limit refuses creates nothing.
            await #expect(throws: ReachError.self) {
                _ = try await store.createJob(
                    NewEnrichmentJob(kind: .company, options: ContactOptions(), requestedBy: created.admin.id, records: [(inputs[2], nil)], webhookURL: nil),
                    in: created.account.id, at: now, admitting: { _ in throw ReachError(.rateLimited, code: 4029, message: "full") })
            }
            // The rate limit counts requests by their time; credits add up per account.
            #expect(try await store.requests(in: created.account.id, since: now.addingTimeInterval(-60)).count == 3)
            #expect(try await store.requests(in: created.account.id, since: now).count == 0)
            #expect(try await store.creditsCharged(in: created.account.id, since: now.addingTimeInterval(-1)) == 0.5)
        }
    }
}
