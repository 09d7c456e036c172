import Foundation
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct EnrolmentAPITests {
    /// An account with a sequence of two steps (email on day 1, call on day 3) and prospects.
    struct Fixture {
        let key: String
        let sequence: String
        let steps: [String]
        let prospects: [String: String]
    }

    func fixture(_ api: TestAPI, emails: [String]) async throws -> Fixture {
        let account = try await api.createAccount()
        let sequence = try #require(try await api.send(.post, "/v1/sequences", key: account.key, ["title": "Q1"]).payload["id"]?.stringValue)
        var steps: [String] = []
        for step: JSONValue in [
            ["type": "Email", "absoluteDays": 1, "variants": [["payload": ["subject": "Hi", "content": "<p>Hi</p>"]]]],
            ["type": "CallIntroduction", "absoluteDays": 3, "variants": [["payload": [:]]]],
        ] {
            steps.append(try #require(try await api.send(.post, "/v1/sequences/\(sequence)/steps", key: account.key, step).payload["id"]?.stringValue))
        }
        var prospects: [String: String] = [:]
        for email in emails {
            let created = try await api.send(.post, "/v1/prospects", key: account.key, ["attributes": ["Email": .string(email)]])
            prospects[email] = try #require(created.payload["id"]?.stringValue)
        }
        return Fixture(key: account.key, sequence: sequence, steps: steps, prospects: prospects)
    }

    func add(_ api: TestAPI, _ f: Fixture, _ emails: [String], step: Int) async throws -> TestHTTPResponse {
        try await api.send(
            .post, "/v1/sequences/\(f.sequence)/contacts", key: f.key,
            ["contactIds": .array(emails.map { .string(f.prospects[$0]!) }), "stepId": .string(f.steps[step])])
    }

    @Test(arguments: TestBackend.available)
    func enrolsProspectsAndRefusesUnsubscribedDoNotContactAndOtherSteps(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let f = try await fixture(api, emails: ["ann@acme.io", "bob@acme.io", "cy@rival.com"])
            _ = try await api.send(.post, "/v1/prospects/unsubscribe", key: f.key, ["prospectIds": [.string(f.prospects["bob@acme.io"]!)]])
            let list = try await api.send(.post, "/v1/dnc/lists", key: f.key, ["name": "Competitors"]).payload
            _ = try await api.send(.post, "/v1/dnc", key: f.key, ["dncListId": list["id"]!, "items": ["rival.com"]])

            let added = try await add(api, f, ["ann@acme.io", "bob@acme.io", "cy@rival.com"], step: 0)
            #expect(added.status == 201, "\(added.text)")
            #expect(added.payload["added"] == 1)
            let reasons = Dictionary(uniqueKeysWithValues: (added.payload["refused"]?.arrayValue ?? []).map {
                ($0["prospectId"]!.stringValue!, $0["reason"]!.stringValue!)
            })
            #expect(reasons[f.prospects["bob@acme.io"]!] == "Prospect has unsubscribed")
            #expect(reasons[f.prospects["cy@rival.com"]!]?.contains("Competitors") == true)

            let again = try await add(api, f, ["ann@acme.io"], step: 0)
            #expect(again.payload["alreadyInStep"] == 1)
            #expect(again.payload["added"] == 0)
            let otherStep = try await add(api, f, ["ann@acme.io"], step: 1)
            #expect(otherStep.payload["refused"]?.arrayValue?.first?["reason"] == "Prospect already present in another step of same sequence")

            let memberships = try await api.request(.get, "/v1/prospects/\(f.prospects["ann@acme.io"]!)/minimal/sequences", key: f.key).payload
            #expect(memberships.arrayValue?.count == 1)
            #expect(memberships.arrayValue?.first?["id"] == .string(f.sequence))
            #expect(memberships.arrayValue?.first?["stepNumber"] == 1)
            #expect(memberships.arrayValue?.first?["status"] == "active")
            #expect(memberships.arrayValue?.first?["outcome"] == .null)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesUnknownProspectsOrStepsAndEnrolsNobody(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let f = try await fixture(api, emails: ["ann@acme.io"])
            let unknownProspect = try await api.send(
                .post, "/v1/sequences/\(f.sequence)/contacts", key: f.key,
                ["contactIds": [.string(f.prospects["ann@acme.io"]!), "AAAAAAAAAAA"], "stepId": .string(f.steps[0])])
            #expect(unknownProspect.status == 400)
            #expect(unknownProspect.json["code"] == 4000)
            let other = try await fixture(api, emails: [])
            let foreignStep = try await api.send(
                .post, "/v1/sequences/\(f.sequence)/contacts", key: f.key,
                ["contactIds": [.string(f.prospects["ann@acme.io"]!)], "stepId": .string(other.steps[0])])
            #expect(foreignStep.status == 400)
            #expect(foreignStep.json["message"]?.stringValue?.contains("stepId") == true)
            let memberships = try await api.request(.get, "/v1/prospects/\(f.prospects["ann@acme.io"]!)/minimal/sequences", key: f.key)
            #expect(memberships.payload.arrayValue?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func changesStatusesAndRecordsOutcomes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let f = try await fixture(api, emails: ["ann@acme.io", "bob@acme.io"])
            _ = try await add(api, f, ["ann@acme.io", "bob@acme.io"], step: 0)
            let ann = f.prospects["ann@acme.io"]!
            let paused = try await api.send(
                .patch, "/v1/prospects/status", key: f.key,
                ["prospectAndSequenceIds": [["prospectId": .string(ann), "sequenceId": .string(f.sequence)],
                                            ["prospectId": "AAAAAAAAAAA", "sequenceId": .string(f.sequence)]],
                 "status": "paused", "pauseDelayInDays": 3])
            #expect(paused.status == 200, "\(paused.text)")
            #expect(paused.payload == ["success": 1, "failed": 1])
            let membership = try await api.request(.get, "/v1/prospects/\(ann)/minimal/sequences", key: f.key).payload.arrayValue?.first
            #expect(membership?["status"] == "paused")

            let badStatus = try await api.send(
                .patch, "/v1/prospects/status", key: f.key,
                ["prospectAndSequenceIds": [["prospectId": .string(ann), "sequenceId": .string(f.sequence)]], "status": "sleeping"])
            #expect(badStatus.status == 400)
            let delayWithoutPause = try await api.send(
                .patch, "/v1/prospects/status", key: f.key,
                ["prospectAndSequenceIds": [["prospectId": .string(ann), "sequenceId": .string(f.sequence)]], "status": "finished", "pauseDelayInDays": 2])
            #expect(delayWithoutPause.status == 400)

            let outcome = try await api.send(
                .patch, "/v1/sequences/update-prospect-outcome", key: f.key,
                ["outcomeName": "Meeting Booked", "prospectEmails": ["ANN@acme.io"], "sequenceId": .string(f.sequence), "dealValue": 1200.5])
            #expect(outcome.status == 200, "\(outcome.text)")
            #expect(outcome.payload["updated"] == 1)
            let withOutcome = try await api.request(.get, "/v1/prospects/\(ann)/minimal/sequences", key: f.key).payload.arrayValue?.first
            #expect(withOutcome?["outcome"] == "Meeting Booked")

            let stranger = try await api.send(
                .patch, "/v1/sequences/update-prospect-outcome", key: f.key, ["outcomeName": "Interested", "prospectEmails": ["nobody@acme.io"]])
            #expect(stranger.status == 400)
            #expect(stranger.json["code"] == 1001)
        }
    }

    @Test(arguments: TestBackend.available)
    func importsIntoAStepAndReportsWhoCouldNotBeEnrolled(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let f = try await fixture(api, emails: ["ann@acme.io"])
            _ = try await add(api, f, ["ann@acme.io"], step: 0)
            let started = try await api.send(
                .post, "/v1/sequences/prospects/import-with-field-name", key: f.key,
                ["prospectList": [["Email": "ann@acme.io", "First Name": "Ann"], ["Email": "new@acme.io", "First Name": "Neil"]],
                 "conflictAction": "upsert", "stepId": .string(f.steps[1])])
            #expect(started.status == 201, "\(started.text)")
            let status = try await api.waitForImport(try #require(started.payload["requestId"]?.stringValue), key: f.key)
            #expect(status["created"] == 1)
            #expect(status["updated"] == 1)
            let report = try await api.request(.get, String(try #require(status["reportURL"]?.stringValue).dropFirst(TestAPI.publicURL.count)))
            #expect(report.text == "row,email,reason\r\n1,ann@acme.io,Prospect already present in another step of same sequence\r\n")

            let listed = try await api.request(.get, "/v1/prospects?search=new", key: f.key).payload.arrayValue ?? []
            let neil = try #require(listed.first?["id"]?.stringValue)
            let membership = try await api.request(.get, "/v1/prospects/\(neil)/minimal/sequences", key: f.key).payload.arrayValue?.first
            #expect(membership?["stepNumber"] == 2)

            let missingStep = try await api.send(
                .post, "/v1/sequences/prospects/import-with-field-name", key: f.key,
                ["prospectList": [["Email": "x@acme.io"]], "conflictAction": "upsert"])
            #expect(missingStep.status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func deletingASequenceOrProspectEndsTheirEnrolments(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let f = try await fixture(api, emails: ["ann@acme.io"])
            _ = try await add(api, f, ["ann@acme.io"], step: 0)
            let ann = f.prospects["ann@acme.io"]!
            #expect(try await api.request(.delete, "/v1/sequences/\(f.sequence)/steps/\(f.steps[0])", key: f.key).status == 200)
            let afterStep = try await api.request(.get, "/v1/prospects/\(ann)/minimal/sequences", key: f.key).payload.arrayValue?.first
            #expect(afterStep?["stepId"] == .null)
            #expect(try await api.request(.delete, "/v1/sequences/\(f.sequence)", key: f.key).status == 200)
            #expect(try await api.request(.get, "/v1/prospects/\(ann)/minimal/sequences", key: f.key).payload.arrayValue?.isEmpty == true)
        }
    }
}
