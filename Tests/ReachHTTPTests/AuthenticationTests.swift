import HTTPTypes
import ReachAPI
import ReachTestSupport
import Testing

@Suite struct AuthenticationTests {
    static let invalidToken = #"{"error":true,"type":"auth","code":1001,"message":"Invalid access token","payload":null}"#

    @Test(arguments: TestBackend.available)
    func refusesARequestWithoutAKey(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let response = try await api.request(.get, "/v1/clients")
            #expect(response.status == 401)
            #expect(response.text == Self.invalidToken)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAWrongOrMalformedKey(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            _ = try await api.createAccount()
            for key in ["rk_" + String(repeating: "a", count: 40), "nonsense", " "] {
                let response = try await api.request(.get, "/v1/clients", key: key)
                #expect(response.status == 401)
                #expect(response.text == Self.invalidToken)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func acceptsTheKeyAsABearerTokenToo(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await api.request(.get, "/v1/clients", headers: [.authorization: "Bearer \(account.key)"])
            #expect(response.status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func aRevokedKeyStopsWorkingAtOnce(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            #expect(try await api.request(.get, "/v1/clients", key: account.key).status == 200)
            let keyID = try await api.services.apiKeys.authenticate(secret: account.key).apiKeyID
            try await api.services.apiKeys.revokeKey(keyID)
            #expect(try await api.request(.get, "/v1/clients", key: account.key).status == 401)
        }
    }

    @Test(arguments: TestBackend.available)
    func openEndpointsNeedNoKey(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            for path in ["/healthz", "/metrics", "/api-doc-json"] {
                let response = try await api.request(.get, path)
                #expect(response.status == 200, "\(path)")
            }
        }
    }
}
