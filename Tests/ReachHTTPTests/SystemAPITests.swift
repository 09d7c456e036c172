import ReachAPI
import ReachTestSupport
import Testing

@Suite struct SystemAPITests {
    @Test(arguments: TestBackend.available)
    func healthReportsTheDatabase(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let response = try await api.request(.get, "/healthz")
            #expect(response.json == ["status": "ok", "database": .string(backend.rawValue)])
        }
    }

    @Test(arguments: TestBackend.available)
    func metricsCountRequestsByRouteAndStatus(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await api.request(.get, "/v1/clients", key: account.key)
            _ = try await api.request(.get, "/v1/clients")
            _ = try await api.request(.get, "/v1/missing")
            let metrics = try await api.request(.get, "/metrics").text
            #expect(metrics.contains(#"reach_http_requests_total{method="GET",route="/v1/clients",status="200"} 1"#))
            #expect(metrics.contains(#"reach_http_requests_total{method="GET",route="/v1/clients",status="401"} 1"#))
            #expect(metrics.contains(#"reach_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
            #expect(metrics.contains(#"reach_http_request_duration_seconds_bucket{method="GET",route="/v1/clients""#))
        }
    }

    @Test(arguments: TestBackend.available)
    func teamListShowsTheAccountsPeopleOnly(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount(email: "ann@acme.io")
            _ = try await api.createAccount(name: "Other", email: "bob@bee.io")
            _ = try await api.services.accounts.addUser(to: account.id, email: "sam@acme.io", role: .member, firstName: "Sam")
            let response = try await api.request(.get, "/v1/user/team-member-list", key: account.key)
            let members = response.payload.arrayValue ?? []
            #expect(members.map { $0["email"] } == ["ann@acme.io", "sam@acme.io"])
            #expect(members.map { $0["role"] } == ["admin", "member"])
            #expect(members.allSatisfy { $0["id"]?.stringValue?.count == 11 })
        }
    }
}
