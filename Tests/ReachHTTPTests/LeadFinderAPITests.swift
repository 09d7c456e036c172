import Foundation
import HTTPTypes
import Hummingbird
import ReachJSON
import ReachTestSupport
import Testing

/// Lead Finder, its AI chat and leads-to-email need Saleshandy's database of people: a
/// self-hosted server answers 501 with its own code, never an empty success.
@Suite struct LeadFinderAPITests {
    @Test func answersNotAvailableSelfHostedAfterCheckingTheCall() async throws {
        try await TestAPI.with(.sqlite) { api in
            let key = try await api.createAccount().key
            let calls: [(String, JSONValue)] = [
                ("/v1/leads/ai-chat", ["query": "Find fintech companies with 51-200 employees"]),
                ("/v1/leads/bulk-actions/add-to-sequence", ["leadIds": [12345], "sequenceId": "AAAAAAAAAAA", "stepId": "AAAAAAAAAAA"]),
                ("/v1/leads-to-email/domains", ["domains": ["saleshandy.com", ["domain": "acme.io", "jobTitle": "CEO"]], "webhookUrl": "https://hooks.acme.io/x"]),
            ]
            for (path, body) in calls {
                let answer = try await api.send(.post, path, key: key, body)
                #expect(answer.status == 501, "\(path): \(answer.text)")
                #expect(answer.json["error"] == true)
                #expect(answer.json["code"] == 50100)
                #expect(answer.json["message"]?.stringValue?.hasPrefix("Not available on a self-hosted server") == true)
                #expect(try await api.send(.post, path, key: nil, body).status == 401)
            }
            #expect(try await api.send(.post, "/v1/leads/ai-chat", key: key, ["query": ""]).status == 400)

            let boundary = "reach-test-boundary"
            let csv = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\nContent-Type: text/csv\r\n\r\nFirst Name,Company Domain\r\nAnn,acme.io\r\n\r\n--\(boundary)--\r\n"
            let upload = try await api.request(
                .post, "/v1/leads-to-email", key: key, body: ByteBuffer(string: csv), headers: [.contentType: "multipart/form-data; boundary=\(boundary)"])
            #expect(upload.status == 501, "\(upload.text)")
            #expect(upload.json["code"] == 50100)
        }
    }
}
