import Foundation
import ReachJSON
import ReachTestSupport
import Testing

/// The analytics endpoints refuse what they cannot answer, with a 400, and never fall over.
@Suite struct AnalyticsInputTests {
    @Test(arguments: TestBackend.available)
    func refusesBadInputAndSurvivesAbsurdPages(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let huge = try await api.send(
                .post, "/v1/analytics/team/stats", key: account.key,
                ["userIds": [], "startDate": "2026-01-01", "endDate": "2026-01-31", "countBy": "absolute", "type": "prospect",
                 "limit": 2, "page": .integer(Int64.max), "orderBy": "emailSent"])
            #expect(huge.status == 200, "\(huge.text)")
            #expect(huge.payload["payload"]?.arrayValue?.isEmpty == true)
            // Instants with and without fractions of a second are both ISO 8601.
            for start in ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000Z", "2026-01-01T02:00:00+02:00"] {
                let answer = try await api.send(
                    .post, "/v1/analytics/team/stats", key: account.key,
                    ["userIds": [], "startDate": .string(start), "endDate": "2026-01-31T23:59:59Z", "countBy": "absolute", "type": "prospect",
                     "limit": 2, "page": 1, "orderBy": "emailSent"])
                #expect(answer.status == 200, "\(start): \(answer.text)")
            }
            let refused: [(String, JSONValue)] = [
                ("/v1/analytics/stats", ["sequenceId": "nope"]),
                ("/v1/analytics/emailaccount/stats", ["emailId": "nope"]),
                ("/v1/analytics/consolidated-stats", ["sequenceIds": ["nope"], "startDate": "2026-01-01", "endDate": "2026-01-02", "pageNum": 1, "pageLimit": 10]),
                ("/v1/analytics/consolidated-stats", ["sequenceIds": [], "startDate": "2026-01-05", "endDate": "2026-01-02", "pageNum": 1, "pageLimit": 10]),
                ("/v1/analytics/consolidated-stats", ["sequenceIds": [], "startDate": "yesterday", "endDate": "2026-01-02", "pageNum": 1, "pageLimit": 10]),
                ("/v1/analytics/email-sent-details", ["startDate": "2026-01-01", "endDate": "2028-01-01"]),
                ("/v1/analytics/team/stats", ["userIds": ["nope"], "startDate": "2026-01-01", "endDate": "2026-01-31", "countBy": "absolute", "type": "prospect", "limit": 2, "page": 1, "orderBy": "emailSent"]),
                ("/v1/analytics/team/stats", ["userIds": [], "startDate": "soon", "endDate": "2026-01-31", "countBy": "absolute", "type": "prospect", "limit": 2, "page": 1, "orderBy": "emailSent"]),
            ]
            for (path, body) in refused {
                let answer = try await api.send(.post, path, key: account.key, body)
                #expect(answer.status == 400, "\(path) \(body): \(answer.text)")
                #expect(answer.json["error"] == true)
            }
        }
    }
}
