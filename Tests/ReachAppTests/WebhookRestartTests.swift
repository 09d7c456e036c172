import Foundation
import ReachJSON
import ReachTestSupport
import Testing

/// A server killed with SIGKILL while a receiver has a delivery in hand and has not answered:
/// after a restart the event is delivered again, with the same event id, and recorded once.
@Suite(.serialized)
struct WebhookRestartTests {
    @Test(arguments: TestBackend.available)
    func aDeliveryInterruptedByAKillIsMadeAgainWithTheSameEventID(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let dataDirectory = TestScratch.path("reach-data")
        // A day a second: the lease on the interrupted delivery runs out at once after the restart.
        let arguments = ["--time-scale", "86400", "--reply-idle", "0"]
        try await WebhookReceiver.with(answers: [.slow(.seconds(15), status: 200)]) { receiver in
            let started = ContinuousClock.now
            let server = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory, extraArguments: arguments)
            let key = String(try #require(server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1))
            func call(_ server: RunningServer, _ method: String, _ path: String, _ body: JSONValue?) async throws -> JSONValue {
                let answer = try await server.send(method, path, key: key, body: body.map(JSONWriter.string))
                try #require(answer.status < 300, "\(method) \(path): \(answer.body)")
                return try JSONParser.parse(answer.body)["payload"] ?? .null
            }
            let webhook = try await call(
                server, "POST", "/v1/webhook/create", ["name": "CRM", "webhookUrl": .string(receiver.url), "webhookEvent": ["task-created"], "headers": [:]])
            let webhookID = try #require(webhook["id"]?.stringValue)
            let prospect = try #require(try await call(server, "POST", "/v1/prospects", ["attributes": ["Email": "kill@acme.test"]])["id"])
            _ = try await call(server, "POST", "/v1/tasks/create", ["prospectIds": [prospect], "taskType": "11"])

            // The receiver holds the first delivery without answering: kill the server then.
            // Generous: on PostgreSQL the event waits for every transaction older than it on the
            // server, and a full test run migrates many fresh databases at once.
            let first = try await receiver.waitFor(1, timeout: .seconds(180))
            kill(server.process.processIdentifier, SIGKILL)
            try await server.process.exited()

            // Each process's sandbox clock starts at the real time and runs a day a second, so the
            // first one's lease lies as many days ahead as it ran seconds: the restarted one
            // reaches it after as long again, however long a busy machine made that.
            let firstRan = ContinuousClock.now - started
            let restarted = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory, extraArguments: arguments)
            let both = try await receiver.waitFor(2, timeout: firstRan + .seconds(180))
            #expect(both.count == 2, "one interrupted delivery, one repeat")
            #expect(both[1].headers["reach-event-id"] == first[0].headers["reach-event-id"])
            #expect(both[1].body == first[0].body)
            // The repeat is logged once its answer is in, just after the receiver saw it.
            var log = try await call(restarted, "GET", "/v1/webhook/\(webhookID)/deliveries", nil)
            for _ in 0..<300 where log["payload"]?.arrayValue?.isEmpty != false {
                try await Task.sleep(for: .milliseconds(100))
                log = try await call(restarted, "GET", "/v1/webhook/\(webhookID)/deliveries", nil)
            }
            #expect(log["payload"]?.arrayValue?.map { $0["succeeded"] } == [true], "the killed attempt left no record; the repeat did: \(log)")
            let feed = try await call(restarted, "GET", "/v1/events?type=task-created", nil)
            #expect(feed["events"]?.arrayValue?.map { $0["id"]?.stringValue } == [first[0].headers["reach-event-id"]], "one event, not lost, not doubled")
            kill(restarted.process.processIdentifier, SIGKILL)
            try await restarted.process.exited()
        }
    }
}
