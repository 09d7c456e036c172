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

/// The real router over a real database, driven without a socket.
public struct TestAPI: Sendable {
    public let client: any TestClientProtocol
    public let services: APIServices
    public let database: any DatabaseBackend
    public let clock: TestClock
    public let operations: [APIOperation]

    /// Runs `body` against a fresh database on `backend`.
    public static func with(
        _ backend: TestBackend, rateLimit: RateLimitPolicy = RateLimitPolicy(requestsPerWindow: 100_000),
        _ body: @escaping @Sendable (TestAPI) async throws -> Void
    ) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = TestClock()
            let services = try await ReachServices.api(database: database, clock: clock, rateLimit: rateLimit)
            let (router, operations) = APIServer.makeRouter(services: services)
            let app = Application(router: router, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await body(TestAPI(client: client, services: services, database: database, clock: clock, operations: operations))
            }
        }
    }

    /// A new account with its admin; returns the admin's key.
    public func createAccount(name: String = "Acme", email: String = "owner-\(UUID().uuidString.prefix(8))@acme.test") async throws -> TestAccount {
        let created = try await services.accounts.createAccount(name: name, adminEmail: email)
        return TestAccount(id: created.account.id, key: created.key.secret, admin: created.admin)
    }

    @discardableResult
    public func request(
        _ method: HTTPRequest.Method, _ path: String, key: String? = nil, json: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestHTTPResponse {
        var headers = headers
        if let key { headers[HTTPField.Name("x-api-key")!] = key }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            TestHTTPResponse(status: response.status.code, headers: response.headers, text: String(buffer: response.body))
        }
    }
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
