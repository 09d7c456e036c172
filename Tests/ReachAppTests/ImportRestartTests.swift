import Foundation
import ReachJSON
import ReachStorage
import ReachTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A server killed with SIGKILL in the middle of an import: after a restart the import
/// resumes from its last committed chunk and ends with every row imported exactly once.
@Suite struct ImportRestartTests {
    static let rowCount = 30_000

    @Test(arguments: TestBackend.available)
    func anImportSurvivesAKillDuringItsWork(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let dataDirectory = TestScratch.path("reach-data")
        let server = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        let key = String(try #require(server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1))

        let rows = (0..<Self.rowCount).map { index -> JSONValue in
            ["Email": .string("p\(index)@acme.io"), "First Name": "Ann", "Company": "Acme", "City": "Paris"]
        }
        let body = JSONWriter.string(["prospectList": .array(rows), "conflictAction": "upsert", "tags": ["restart"]])
        let started = try await server.send("POST", "/v1/prospects/import-with-field-name", key: key, body: body)
        let requestID = try #require(try JSONParser.parse(started.body)["payload"]?["requestId"]?.stringValue)

        // Kill it once some chunks are committed and before the last.
        var killedAt = 0
        for _ in 0..<6_000 {
            let status = try JSONParser.parse(try await server.get("/v1/prospects/import-status/\(requestID)", key: key).body)["payload"]
            let processed = Int(status?["processedRows"]?.integerValue ?? 0)
            if processed >= 1_000 {
                killedAt = processed
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(killedAt > 0 && killedAt < Self.rowCount, "the import was not caught in the middle: \(killedAt)")
        kill(server.process.processIdentifier, SIGKILL)
        try await server.process.exited()

        let restarted = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        var final: JSONValue = .null
        for _ in 0..<1_200 {
            final = try JSONParser.parse(try await restarted.get("/v1/prospects/import-status/\(requestID)", key: key).body)["payload"] ?? .null
            if final["isCompleted"] == true { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(final["status"] == "completed")
        #expect(final["processedRows"] == .integer(Int64(Self.rowCount)))
        let counted = ["created", "updated", "unchanged", "skipped"].compactMap { final[$0]?.integerValue }.reduce(0, +)
        #expect(counted == Int64(Self.rowCount))
        #expect(final["created"] == .integer(Int64(Self.rowCount)))

        let stored = try await withDatabase(database.database, logger: TestDatabase.logger) { db in
            try await db.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM prospects").first(decodingColumn: "n", as: Int.self) ?? 0
            }
        }
        #expect(stored == Self.rowCount)
        let tagged = try await withDatabase(database.database, logger: TestDatabase.logger) { db in
            try await db.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM prospect_tags").first(decodingColumn: "n", as: Int.self) ?? 0
            }
        }
        #expect(tagged == Self.rowCount)
        #expect(try await restarted.terminate() == 0)
    }
}
