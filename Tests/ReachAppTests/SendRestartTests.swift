import Foundation
import ReachJSON
import ReachStorage
import ReachTestSupport
import Testing

/// A server killed with SIGKILL while a message is in the SMTP transaction (the server under
/// test stalls after DATA): after a restart the step is never sent again; its outcome is
/// recorded as unknown and the prospect moves on.
@Suite(.serialized, .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct SendRestartTests {
    @Test(arguments: TestBackend.available)
    func aServerKilledMidSendNeverSendsThatStepAgain(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("reach-data-\(UUID().uuidString)").path
        // A day a second: the 10-minute lease on a message being sent runs out at once after the restart.
        let arguments = [
            "--mail-ca-file", try #require(TestMail.settings.caFile), "--dns-server", "127.0.0.1:\(try #require(TestMail.port("DNS")))",
            "--time-scale", "86400", "--reply-idle", "0",
        ]
        let server = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory, extraArguments: arguments)
        let key = String(try #require(server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1))
        func call(_ server: RunningServer, _ method: String, _ path: String, _ body: JSONValue) async throws -> JSONValue {
            let answer = try await server.send(method, path, key: key, body: JSONWriter.string(body))
            try #require(answer.status < 300, "\(method) \(path): \(answer.body)")
            return try JSONParser.parse(answer.body)["payload"] ?? .null
        }
        let allDay: JSONValue = .array((0...6).map { ["day": .integer(Int64($0)), "slots": [["start": ["hour": 0, "minute": 0], "end": ["hour": 24, "minute": 0]]]] })
        _ = try await call(server, "POST", "/v1/schedules", ["name": "Always", "timezone": "UTC", "isDefault": true, "timeSlots": allDay])
        let side: (Int?) -> JSONValue = { port in
            ["emailAddress": "sender@example.test", "userName": "sender@example.test", "password": "senderpw", "host": "localhost",
             "port": .integer(Int64(port ?? 0)), "encryption": "TLS"]
        }
        let mailbox = try await call(
            server, "POST", "/v1/email-accounts/smtp-imap/connect",
            ["emailServiceProvider": "other", "fromName": "Sam", "fromFirstName": "Sam", "fromLastName": "Sender",
             "payload": ["smtp": side(TestMail.port("SMTP_STALL")), "imap": side(TestMail.port("IMAP_STARTTLS"))]])
        let mailboxID = try #require(mailbox["id"]?.stringValue, "\(mailbox)")
        let sequence = try #require(try await call(server, "POST", "/v1/sequences", ["title": "Restart", "emailAccountIds": [.string(mailboxID)]])["id"]?.stringValue)
        var steps: [String] = []
        for day in [1, 2] {
            let step = try await call(
                server, "POST", "/v1/sequences/\(sequence)/steps",
                ["type": "Email", "absoluteDays": .integer(Int64(day)), "variants": [["payload": ["subject": "Hello", "content": "<p>Hello</p>"]]]])
            steps.append(try #require(step["id"]?.stringValue))
        }
        let prospect = try #require(try await call(server, "POST", "/v1/prospects", ["attributes": ["Email": .string("kill-\(UUID().uuidString.prefix(6))@acme.test")]])["id"])
        _ = try await call(server, "POST", "/v1/sequences/\(sequence)/contacts", ["contactIds": [prospect], "stepId": .string(steps[0])])
        _ = try await call(server, "POST", "/v1/sequences/status", ["sequenceIds": [.string(sequence)], "status": "resume"])

        func outbound() async throws -> [(step: Int64, status: String)] {
            try await withDatabase(database.database, logger: TestDatabase.logger) { db in
                try await db.read { sql in
                    try await sql.raw("SELECT step_id, status FROM outbound_messages ORDER BY id").all().map {
                        (try $0.decode(column: "step_id", as: Int64.self), try $0.decode(column: "status", as: String.self))
                    }
                }
            }
        }
        // The first email is handed over and the server stalls after its DATA: kill then.
        var sending: [(step: Int64, status: String)] = []
        for _ in 0..<600 where sending.isEmpty {
            sending = try await outbound()
            if sending.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(sending.count == 1 && sending[0].status == "sending", "\(sending)")
        kill(server.process.processIdentifier, SIGKILL)
        try await server.process.exited()

        // After the restart the first step is not tried again: its outcome becomes unknown and
        // the prospect goes on to the second step (which the stalling server holds in turn).
        let restarted = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory, extraArguments: arguments)
        var after: [(step: Int64, status: String)] = []
        for _ in 0..<600 {
            after = try await outbound()
            if after.count >= 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(after.count == 2, "\(after)")
        #expect(after.first?.step == sending[0].step)
        #expect(after.first?.status == "unknown")
        #expect(Set(after.map(\.step)).count == after.count, "a step was sent twice: \(after)")
        kill(restarted.process.processIdentifier, SIGKILL)
        try await restarted.process.exited()
    }
}
