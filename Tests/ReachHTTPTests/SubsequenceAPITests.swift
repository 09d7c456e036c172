import Foundation
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct SubsequenceAPITests {
    @Test(arguments: TestBackend.available)
    func createsListsReadsAndUpdatesSubsequences(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let parent = try #require(try await api.send(.post, "/v1/sequences", key: account.key, ["title": "Main"]).payload["id"]?.stringValue)
            let created = try await api.send(
                .post, "/v1/sequences/\(parent)/subsequence", key: account.key,
                ["title": "Openers without reply",
                 "conditions": [["name": "Replied", "operation": "is", "value": false], ["name": "email open count", "operation": "Greater Than", "value": 3]],
                 "firstStepRelativeDays": 2])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.payload["parentSequenceId"] == .string(parent))
            #expect(created.payload["conditions"]?.arrayValue?[1] == ["name": "Email Open Count", "operation": "greater than", "value": 3])
            let sub = try #require(created.payload["id"]?.stringValue)

            // A subsequence's steps are managed under its own id; it is not a top-level sequence.
            let step = try await api.send(
                .post, "/v1/sequences/\(sub)/steps", key: account.key,
                ["type": "Email", "absoluteDays": 1, "variants": [["payload": ["subject": "Still there?", "content": "<p>Hi</p>"]]]])
            #expect(step.status == 201)
            let top = try await api.request(.get, "/v1/sequences", key: account.key).payload.arrayValue ?? []
            #expect(top.map { $0["id"] } == [.string(parent)])

            let listed = try await api.request(.get, "/v1/sequences/\(parent)/subsequences?search=openers&progress=2", key: account.key)
            #expect(listed.payload.arrayValue?.map { $0["id"] } == [.string(sub)])
            #expect(listed.payload.arrayValue?.first?["steps"]?.arrayValue?.count == 1)
            #expect(try await api.request(.get, "/v1/sequences/\(parent)/subsequences?progress=1", key: account.key).payload.arrayValue?.isEmpty == true)

            let settings = try await api.request(.get, "/v1/sequences/subsequence/\(sub)/settings", key: account.key)
            #expect(settings.payload["firstStepRelativeDays"] == 2)
            #expect(settings.payload["schedule"]?["isDefault"] == true)

            let updated = try await api.send(
                .patch, "/v1/sequences/\(parent)/subsequence/\(sub)", key: account.key,
                ["conditions": [["name": "Link Click", "operation": "is any"]], "firstStepRelativeDays": 5])
            #expect(updated.status == 200, "\(updated.text)")
            #expect(updated.json["message"] == "Subsequence updated successfully")
            let ignoredEmpty = try await api.send(.patch, "/v1/sequences/\(parent)/subsequence/\(sub)", key: account.key, ["conditions": []])
            #expect(ignoredEmpty.status == 200)
            let after = try await api.request(.get, "/v1/sequences/subsequence/\(sub)/settings", key: account.key).payload
            #expect(after["conditions"] == [["name": "Link Click", "operation": "is any"]])
            #expect(after["firstStepRelativeDays"] == 5)

            #expect(try await api.request(.delete, "/v1/sequences/\(parent)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/sequences/\(sub)", key: account.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func validatesConditionsAndIds(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let parent = try #require(try await api.send(.post, "/v1/sequences", key: account.key, ["title": "Main"]).payload["id"]?.stringValue)
            for (conditions, message) in [
                ([["name": "Replied", "operation": "greater than", "value": 1]] as JSONValue, "Replied takes the operation is"),
                ([["name": "Replied", "operation": "is", "value": 3]], "true or false"),
                ([["name": "Email Open Count", "operation": "equal to", "value": 5000]], "0 to 1000"),
                ([["name": "Link Click", "operation": "is any", "value": "x"]], "takes no value"),
                ([["name": "Mood", "operation": "is", "value": "happy"]], "condition name must be one of"),
                ([], "should not be empty"),
            ] {
                let refused = try await api.send(.post, "/v1/sequences/\(parent)/subsequence", key: account.key, ["title": "x", "conditions": conditions])
                #expect(refused.status == 400)
                #expect(refused.json["message"]?.stringValue?.contains(message) == true, "\(refused.text)")
            }
            let unknownParent = try await api.send(
                .post, "/v1/sequences/AAAAAAAAAAA/subsequence", key: account.key,
                ["title": "x", "conditions": [["name": "Replied", "operation": "is", "value": true]]])
            #expect(unknownParent.status == 400)
            #expect(unknownParent.json["code"] == 1001)
            #expect(try await api.request(.get, "/v1/sequences/subsequence/\(parent)/settings", key: account.key).json["code"] == 1001)
        }
    }
}
