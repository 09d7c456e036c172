import Foundation
import ReachJSON
import ReachStorage
import ReachTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A server killed with SIGKILL in the middle of snoozing 10,000 tasks: after a restart the
/// bulk action carries on and every task is snoozed exactly once.
@Suite struct TaskBulkRestartTests {
    static let prospectCount = 1_000
    static let tasksPerProspect = 10

    @Test(arguments: TestBackend.available)
    func aBulkSnoozeOfTenThousandTasksSurvivesAKill(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let dataDirectory = TestScratch.path("reach-data")
        let server = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        let key = String(try #require(server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1))

        let rows = (0..<Self.prospectCount).map { index -> JSONValue in ["Email": .string("t\(index)@acme.io"), "First Name": "Ann"] }
        let started = try await server.send(
            "POST", "/v1/prospects/import-with-field-name", key: key, body: JSONWriter.string(["prospectList": .array(rows), "conflictAction": "upsert"]))
        let requestID = try #require(try JSONParser.parse(started.body)["payload"]?["requestId"]?.stringValue)
        for _ in 0..<1_200 {
            let status = try JSONParser.parse(try await server.get("/v1/prospects/import-status/\(requestID)", key: key).body)["payload"]
            if status?["isCompleted"] == true { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        var prospects: [JSONValue] = []
        for page in 1...(Self.prospectCount / 100) {
            let listed = try JSONParser.parse(try await server.get("/v1/prospects?pageSize=100&page=\(page)", key: key).body)
            prospects += (listed["payload"]?.arrayValue ?? []).compactMap { $0["id"] }
        }
        try #require(prospects.count == Self.prospectCount)
        var tasks: [JSONValue] = []
        for _ in 0..<Self.tasksPerProspect {
            let created = try await server.send(
                "POST", "/v1/tasks/create", key: key, body: JSONWriter.string(["prospectIds": .array(prospects), "taskType": "9"]))
            tasks += (try JSONParser.parse(created.body)["payload"]?.arrayValue ?? []).compactMap { $0["id"] }
        }
        let total = Self.prospectCount * Self.tasksPerProspect
        try #require(tasks.count == total)

        let until = "2099-01-01T09:00:00.000Z"
        let bulk = try await server.send(
            "POST", "/v1/tasks/bulk-snooze", key: key, body: JSONWriter.string(["taskIds": .array(tasks), "snoozeUntil": .string(until)]))
        let actionID = try #require(try JSONParser.parse(bulk.body)["bulkActionId"]?.stringValue, "\(bulk.body)")

        // Kill it once some chunks are committed and before the last.
        var killedAt = 0
        for _ in 0..<6_000 {
            let status = try JSONParser.parse(try await server.get("/v1/tasks/bulk-status/\(actionID)", key: key).body)
            let done = Int(status["completed"]?.integerValue ?? 0)
            if done > 0 {
                killedAt = done
                break
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(killedAt > 0 && killedAt < total, "the bulk action was not caught in the middle: \(killedAt)")
        kill(server.process.processIdentifier, SIGKILL)
        try await server.process.exited()

        let restarted = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        var final: JSONValue = .null
        for _ in 0..<1_200 {
            final = try JSONParser.parse(try await restarted.get("/v1/tasks/bulk-status/\(actionID)", key: key).body)
            if final["status"] == "completed" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(final["status"] == "completed")
        #expect(final["completed"] == .integer(Int64(total)))
        #expect(final["failed"] == 0)

        let (snoozed, events) = try await withDatabase(database.database, logger: TestDatabase.logger) { db in
            try await db.read { sql in
                (
                    try await sql.raw("SELECT COUNT(*) AS n FROM tasks WHERE snoozed_at IS NOT NULL AND due_at > \(bind: Date(timeIntervalSinceNow: 365 * 86_400))")
                        .first(decodingColumn: "n", as: Int.self) ?? 0,
                    try await sql.raw("SELECT COUNT(*) AS n FROM events WHERE kind = 'custom-task-updated'").first(decodingColumn: "n", as: Int.self) ?? 0
                )
            }
        }
        #expect(snoozed == total)
        #expect(events == total, "each task was snoozed once")
        #expect(try await restarted.terminate() == 0)
    }
}
