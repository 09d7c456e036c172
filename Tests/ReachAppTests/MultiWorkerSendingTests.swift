import Foundation
import ReachJSON
import ReachStorage
import ReachTestSupport
import SQLKit
import Testing

/// Several `reach serve --role worker` processes on one PostgreSQL database share the sending:
/// 5,100 prospects over 50 mailboxes of 100 messages a day each, so exactly 5,000 go, no
/// prospect gets a second copy, no mailbox goes past its limit or sends within its interval.
@Suite(
    .serialized, .enabled(if: TestBackend.postgresURL != nil, "needs PostgreSQL (REACH_TEST_POSTGRES_URL)"),
    .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct MultiWorkerSendingTests {
    static let mailboxes = 50
    static let dailyLimit = 100
    static let prospects = 5_100
    /// Daily limits count UTC days.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test func threeWorkersSendFiveThousandMessagesWithoutADuplicateOrAnExcess() async throws {
        let database = try await TestDatabase.makeConfiguration(for: .postgresql)
        let dataDirectory = TestScratch.path("reach-data")
        // No IDLE connections: 50 mailboxes in three processes would hold 150 of them.
        let mail = [
            "--mail-ca-file", try #require(TestMail.settings.caFile), "--dns-server", "127.0.0.1:\(try #require(TestMail.port("DNS")))", "--reply-idle", "0",
        ]
        let api = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory, extraArguments: ["--role", "api"] + mail)
        let key = String(try #require(api.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1))
        func call(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
            let answer = try await api.send(method, path, key: key, body: body.map(JSONWriter.string))
            try #require(answer.status < 300, "\(method) \(path): \(answer.body)")
            return try JSONParser.parse(answer.body)["payload"] ?? .null
        }

        let allDay: JSONValue = .array((0...6).map { ["day": .integer(Int64($0)), "slots": [["start": ["hour": 0, "minute": 0], "end": ["hour": 24, "minute": 0]]]] })
        _ = try await call("POST", "/v1/schedules", ["name": "Always", "timezone": "UTC", "isDefault": true, "timeSlots": allDay])
        var mailboxIDs: [JSONValue] = []
        for index in 0..<Self.mailboxes {
            let side: (Int?) -> JSONValue = { port in
                ["emailAddress": .string("worker\(index)@example.test"), "userName": "sender@example.test", "password": "senderpw", "host": "localhost",
                 "port": .integer(Int64(port ?? 0)), "encryption": "TLS"]
            }
            let mailbox = try await call(
                "POST", "/v1/email-accounts/smtp-imap/connect",
                ["emailServiceProvider": "other", "fromName": "Sam", "fromFirstName": "Sam", "fromLastName": "Sender",
                 "payload": ["smtp": side(TestMail.port("SMTP_STARTTLS")), "imap": side(TestMail.port("IMAP_STARTTLS"))]])
            try #require(mailbox["status"] == 1, "\(mailbox)")
            mailboxIDs.append(try #require(mailbox["id"]))
        }
        _ = try await call(
            "POST", "/v1/email-accounts/bulk-update",
            ["emailAccountIds": .array(mailboxIDs), "senderFirstName": "Sam", "dailyQuota": .integer(Int64(Self.dailyLimit)),
             "sendingIntervalMin": 1, "sendingIntervalMax": 1])
        let sequence = try #require(try await call("POST", "/v1/sequences", ["title": "Shared", "emailAccountIds": .array(mailboxIDs)])["id"]?.stringValue)
        let step = try #require(
            try await call(
                "POST", "/v1/sequences/\(sequence)/steps",
                ["type": "Email", "absoluteDays": 1, "variants": [["payload": ["subject": "Hello {{First Name}}", "content": "<p>Hi {{First Name}}</p>"]]]])["id"])
        var started: [RunningServer] = []
        for _ in 0..<3 {
            started.append(try await RunningServer.start(database: database.url, dataDirectory: dataDirectory, extraArguments: ["--role", "worker"] + mail))
        }
        let workers = started
        // Recipients at a domain of this run only: other suites use the same SMTP server.
        let domain = "workers-\(UUID().uuidString.prefix(8).lowercased()).test"
        let rows: [JSONValue] = (0..<Self.prospects).map { ["Email": .string("p\($0)@\(domain)"), "First Name": .string("P\($0)")] }
        let imported = try await call(
            "POST", "/v1/sequences/prospects/import-with-field-name", ["prospectList": .array(rows), "conflictAction": "upsert", "stepId": step])
        let request = try #require(imported["requestId"]?.stringValue)
        var status: JSONValue = .null
        for _ in 0..<600 where status["isCompleted"] != .bool(true) {
            try await Task.sleep(for: .milliseconds(200))
            status = try await call("GET", "/v1/prospects/import-status/\(request)")
        }
        try #require(status["isCompleted"] == .bool(true) && status["created"] == .integer(Int64(Self.prospects)), "\(status)")
        // Daily limits are per UTC day: a run that could cross midnight waits for the new day.
        let untilMidnight = Self.utc.startOfDay(for: Date().addingTimeInterval(86_400)).timeIntervalSinceNow
        if untilMidnight < 600 { try await Task.sleep(for: .seconds(untilMidnight + 2)) }
        _ = try await call("POST", "/v1/sequences/status", ["sequenceIds": [.string(sequence)], "status": "resume"])

        let expected = Self.mailboxes * Self.dailyLimit
        let messages = try await withDatabase(database.database, logger: TestDatabase.logger) { db in
            // Until every mailbox has used its day, then a few seconds more: nothing else may go.
            var sent = 0
            for _ in 0..<480 where sent < expected {
                try await Task.sleep(for: .seconds(1))
                sent = try await db.read { try await $0.raw("SELECT COUNT(*) AS n FROM outbound_messages").first(decodingColumn: "n", as: Int.self) ?? 0 }
            }
            try await Task.sleep(for: .seconds(4))
            for worker in workers { #expect(try await worker.terminate() == 0, "a worker did not shut down cleanly") }
            _ = try await api.terminate()
            return try await db.read { sql in
                try await sql.raw("SELECT email_account_id, prospect_id, message_id, status, created_at FROM outbound_messages ORDER BY email_account_id, created_at").all().map {
                    (mailbox: try $0.decode(column: "email_account_id", as: Int64.self), prospect: try $0.decode(column: "prospect_id", as: Int64.self),
                     messageID: try $0.decode(column: "message_id", as: String.self), status: try $0.decode(column: "status", as: String.self),
                     at: try $0.decode(column: "created_at", as: Date.self))
                }
            }
        }
        #expect(messages.count == expected, "\(messages.count) messages")
        #expect(Set(messages.map(\.prospect)).count == messages.count, "a prospect was sent the step twice")
        #expect(Set(messages.map(\.messageID)).count == messages.count)
        #expect(
            messages.allSatisfy { $0.status == "sent" },
            "\(Dictionary(grouping: messages, by: \.status).mapValues(\.count)); the workers' warnings and errors:\n\(workers.flatMap(\.problems).joined(separator: "\n"))")
        #expect(Set(messages.map { Self.utc.startOfDay(for: $0.at) }).count == 1)
        for (mailbox, sent) in Dictionary(grouping: messages, by: \.mailbox) {
            #expect(sent.count == Self.dailyLimit, "mailbox \(mailbox) sent \(sent.count)")
            let gaps = zip(sent, sent.dropFirst()).map { $1.at.timeIntervalSince($0.at) }
            #expect(gaps.allSatisfy { $0 >= 0.999 }, "mailbox \(mailbox) sent within its interval: \(gaps.filter { $0 < 0.999 }.prefix(5))")
        }

        // What the SMTP server received: each message once.
        let spool = URL(fileURLWithPath: try #require(TestMail.directory)).appendingPathComponent("spool-starttls")
        let envelopes = try String(contentsOf: spool.appendingPathComponent("envelopes.jsonl"), encoding: .utf8)
        let received = envelopes.split(separator: "\n").compactMap { line -> String? in
            let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (entry?["rcpt_tos"] as? [String])?.first.flatMap { $0.hasSuffix("@" + domain) ? $0 : nil }
        }
        #expect(received.count == messages.count)
        #expect(Set(received).count == received.count, "a prospect received a second copy")
    }
}
