import Foundation
import ReachJSON
import ReachStorage
import ReachTestSupport
import Testing

/// A server stopped while a message is in the SMTP transaction. Killed (SIGKILL, the SMTP server
/// stalls after DATA): after a restart the step is never sent again; its outcome is recorded as
/// unknown and the prospect moves on. Shut down (SIGTERM): the email is finished first.
@Suite(.serialized, .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct SendRestartTests {
    /// A server on the test mail servers and DNS, its clock a day a second: the 10-minute lease
    /// on a message being sent runs out at once after a restart. Returns it and, on its first
    /// start, the API key it printed.
    static func start(_ database: String, _ dataDirectory: String) async throws -> (RunningServer, String?) {
        let arguments = [
            "--mail-ca-file", try #require(TestMail.settings.caFile), "--dns-server", "127.0.0.1:\(try #require(TestMail.port("DNS")))",
            "--time-scale", "86400", "--reply-idle", "0",
        ]
        let server = try await RunningServer.start(database: database, dataDirectory: dataDirectory, extraArguments: arguments)
        return (server, server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/).map { String($0.1) })
    }

    @Test(arguments: TestBackend.available)
    func aServerKilledMidSendNeverSendsThatStepAgain(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let dataDirectory = TestScratch.path("reach-data")
        let (server, printedKey) = try await Self.start(database.url, dataDirectory)
        let key = try #require(printedKey)
        try await ServerCampaign.start(on: server, key: key, smtp: "SMTP_STALL", stepDays: [1, 2])
        // The first email is handed over and the server stalls after its DATA: kill then.
        let sending = try await ServerCampaign.waitForOutbound(in: database.database) { !$0.isEmpty }
        try #require(sending.count == 1 && sending[0].status == "sending", "\(sending)")
        kill(server.process.processIdentifier, SIGKILL)
        try await server.process.exited()

        // After the restart the first step is not tried again: its outcome becomes unknown and
        // the prospect goes on to the second step (which the stalling server holds in turn).
        let (restarted, _) = try await Self.start(database.url, dataDirectory)
        let after = try await ServerCampaign.waitForOutbound(in: database.database) { $0.count >= 2 }
        #expect(after.count == 2, "\(after)")
        #expect(after.first?.step == sending[0].step)
        #expect(after.first?.status == "unknown")
        #expect(Set(after.map(\.step)).count == after.count, "a step was sent twice: \(after)")
        kill(restarted.process.processIdentifier, SIGKILL)
        try await restarted.process.exited()
    }

    @Test(arguments: TestBackend.available)
    func aServerShutDownMidSendFinishesTheEmailFirst(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let dataDirectory = TestScratch.path("reach-data")
        let (server, printedKey) = try await Self.start(database.url, dataDirectory)
        let key = try #require(printedKey)
        // The SMTP server answers the end of each message 10 seconds after it has it: long enough
        // for this test to see the message in flight even when a loaded machine (the whole suite
        // in parallel on two cores) keeps it from looking for seconds, as once happened at 3 s.
        let email = try await ServerCampaign.start(on: server, key: key, smtp: "SMTP_SLOW", stepDays: [1])
        let sending = try await ServerCampaign.waitForOutbound(in: database.database) { !$0.isEmpty }
        try #require(sending.count == 1 && sending[0].status == "sending", "\(sending)")
        #expect(try await server.terminate() == 0)
        let after = try await ServerCampaign.outbound(in: database.database)
        #expect(after.map(\.status) == ["sent"], "\(after)")
        let envelopes = try String(contentsOfFile: "\(try #require(TestMail.directory))/spool-slow/envelopes.jsonl", encoding: .utf8)
        #expect(envelopes.components(separatedBy: email).count == 2, "delivered once")
    }
}
