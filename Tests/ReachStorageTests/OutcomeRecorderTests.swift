import Foundation
@testable import ReachCore
import ReachStorage
import ReachTestSupport
import SQLKit
import Testing

/// The sending engine's group commit: outcomes that arrive together share a transaction, all or
/// none, so one that cannot be written must be tried again alone and fail alone.
@Suite struct OutcomeRecorderTests {
    @Test(arguments: TestBackend.available)
    func anOutcomeThatCannotBeWrittenFailsAloneInItsGroup(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = TestClock()
            let account = try await AccountService(accounts: SQLAccountStore(database: database), clock: clock)
                .createAccount(name: "Acme", adminEmail: "ann@acme.io").account
            let recorder = OutcomeRecorder(store: SQLSendingStore(database: database))
            let unknownAccount = AccountID(999_999)
            let written = await withTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<12 {
                    group.addTask {
                        // The event of number 5 names an account that does not exist: its insert fails.
                        let event = SendingEvent(
                            kind: .sent, accountID: n == 5 ? unknownAccount : account.id, sequenceID: nil, stepID: nil, prospectID: nil,
                            emailAccountID: nil, outboundID: nil, detail: "email \(n)", occurredAt: clock.now)
                        let due = DueEnrolment(
                            accountID: account.id, sequenceID: SequenceID(1), prospectID: ProspectID(Int64(n)), stepID: StepID(1), dueAt: clock.now,
                            thread: .new)
                        do {
                            try await recorder.record(
                                OutboundOutcome(OutboundMessageID(Int64(n)), status: .failed, error: nil, events: [event], enrolment: .hold(due, .paused), at: clock.now))
                            return (n, true)
                        } catch {
                            return (n, false)
                        }
                    }
                }
                var written: [Int: Bool] = [:]
                for await (n, ok) in group { written[n] = ok }
                return written
            }
            #expect(written.filter { !$0.value }.keys.sorted() == [5])
            let details = try await database.read { db in
                try await db.raw("SELECT detail FROM events ORDER BY detail").all(decodingColumn: "detail", as: String.self)
            }
            #expect(Set(details) == Set((0..<12).filter { $0 != 5 }.map { "email \($0)" }))
        }
    }
}
