import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import ReachAPI
import ReachApp
import ReachCore
import ReachHTTP
import ReachStorage
import ReachJSON
import SQLKit

/// The real router over a real database, driven without a socket.
public struct TestAPI: Sendable {
    public let client: any TestClientProtocol
    public let services: APIServices
    public let database: any DatabaseBackend
    public let clock: TestClock
    public let operations: [APIOperation]

    public static let publicURL = "http://reach.test"

    /// Runs `body` against a fresh database on `backend`, with the import worker running.
    public static func with(
        _ backend: TestBackend, rateLimit: RateLimitPolicy = RateLimitPolicy(requestsPerWindow: 100_000),
        enrichment: EnrichmentSettings = EnrichmentSettings(),
        _ body: @escaping @Sendable (TestAPI) async throws -> Void
    ) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = TestClock()
            let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("reach-data-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dataDirectory) }
            let settings = ReachServices.Settings(
                dataDirectory: dataDirectory, secret: Array(repeating: 7, count: 32), publicURL: publicURL, rateLimit: rateLimit,
                mail: TestMail.settings, enrichment: enrichment)
            let services = try await ReachServices.build(database: database, settings: settings, clock: clock, logger: TestDatabase.logger)
            let (router, operations) = APIServer.makeRouter(services: services.api)
            let app = Application(router: router, logger: TestDatabase.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in services.workers { group.addTask { try await worker.run() } }
                defer { group.cancelAll() }
                try await app.test(.router) { client in
                    try await body(TestAPI(client: client, services: services.api, database: database, clock: clock, operations: operations))
                }
            }
        }
    }

    /// A new account with its admin; returns the admin's key.
    public func createAccount(name: String = "Acme", email: String = "owner-\(UUID().uuidString.prefix(8))@acme.test") async throws -> TestAccount {
        let created = try await services.accounts.createAccount(name: name, adminEmail: email)
        return TestAccount(id: created.account.id, key: created.key.secret, admin: created.admin)
    }

    /// Waits until every committed event is past the feed's horizon. On PostgreSQL the feed and
    /// the webhooks hold an event back while any transaction that started before it runs, and
    /// transaction ids belong to the whole server, so a test in another database can hold this
    /// one's back for a moment. SQLite has no horizon.
    /// Under a full test run, fresh test databases migrate in transactions of many seconds.
    public func eventsSettled(timeout: Duration = .seconds(120)) async throws {
        guard database.kind == .postgresql else { return }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let waiting = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM events WHERE txid >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                    .first(decodingColumn: "n", as: Int.self) ?? 0
            }
            if waiting == 0 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestTimeout(what: "events to settle")
    }

    /// Polls an import until it is completed (or failed), then returns its status payload.
    /// The timeout is generous: a full test run keeps both cores busy for minutes.
    public func waitForImport(_ requestID: String, key: String, timeout: Duration = .seconds(300)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        var status = JSONValue.null
        while ContinuousClock.now < deadline {
            status = try await request(.get, "/v1/prospects/import-status/\(requestID)", key: key).payload
            if status["isCompleted"] == true { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestTimeout(what: "import \(requestID), last seen \(status)")
    }

    /// Sends `body` as JSON.
    @discardableResult
    public func send(_ method: HTTPRequest.Method, _ path: String, key: String?, _ body: JSONValue) async throws -> TestHTTPResponse {
        try await request(method, path, key: key, json: JSONWriter.string(body))
    }

    /// Starts an import and waits for it; returns the final status payload.
    public func importProspects(_ rows: [JSONValue], conflictAction: String = "upsert", tags: [String] = [], key: String) async throws -> JSONValue {
        let started = try await send(
            .post, "/v1/prospects/import-with-field-name", key: key,
            ["prospectList": .array(rows), "conflictAction": .string(conflictAction), "tags": .array(tags.map(JSONValue.string))])
        guard started.status == 201, let id = started.payload["requestId"]?.stringValue else {
            throw TestFailure(description: "import refused: \(started.text)")
        }
        return try await waitForImport(id, key: key)
    }

    @discardableResult
    public func request(
        _ method: HTTPRequest.Method, _ path: String, key: String? = nil, json: String? = nil, body: ByteBuffer? = nil, headers: HTTPFields = [:]
    ) async throws -> TestHTTPResponse {
        var headers = headers
        if let key { headers[HTTPField.Name("x-api-key")!] = key }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) } ?? body) { response in
            TestHTTPResponse(status: response.status.code, headers: response.headers, text: String(buffer: response.body))
        }
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

public struct TestTimeout: Error, CustomStringConvertible {
    public let what: String

    public init(what: String) { self.what = what }
    public var description: String { "timed out waiting for \(what)" }
}

public struct TestAccount: Sendable {
    public let id: AccountID
    public let key: String
    public let admin: User
}

public struct TestHTTPResponse: Sendable {
    public let status: Int
    public let headers: HTTPFields
    public let text: String

    /// The body as JSON; `.null` when it is not JSON.
    public var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }

    /// `payload` of the usual envelope.
    public var payload: JSONValue { json["payload"] ?? .null }

    public func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}
