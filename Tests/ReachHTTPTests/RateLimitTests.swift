import ReachHTTP
import ReachTestSupport
import Testing

@Suite struct RateLimitTests {
    @Test(arguments: TestBackend.available)
    func answers429WithRetryAfterOnceAKeyIsOverItsLimit(backend: TestBackend) async throws {
        // A window of an hour: one request's allowance comes back only after 20 minutes, so a
        // loaded machine taking many seconds between requests cannot refill it mid-test.
        try await TestAPI.with(backend, rateLimit: RateLimitPolicy(requestsPerWindow: 3, window: .seconds(3600))) { api in
            let account = try await api.createAccount()
            let other = try await api.createAccount(name: "Other")
            var remaining: [String?] = []
            for _ in 0..<3 {
                let response = try await api.request(.get, "/v1/clients", key: account.key)
                #expect(response.status == 200)
                #expect(response.header("RateLimit-Limit") == "3")
                remaining.append(response.header("RateLimit-Remaining"))
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try await api.request(.get, "/v1/clients", key: account.key)
            #expect(limited.status == 429)
            #expect(limited.json["code"] == 4029)
            #expect(limited.json["type"] == "rate_limit")
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
            #expect(limited.header("RateLimit-Remaining") == "0")
            // Limits are per key.
            #expect(try await api.request(.get, "/v1/clients", key: other.key).status == 200)
        }
    }
}
