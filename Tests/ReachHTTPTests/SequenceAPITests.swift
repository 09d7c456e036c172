import Foundation
import HTTPTypes
import Hummingbird
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct SequenceAPITests {
    static let weekdays: JSONValue = .array((0...6).map { day in
        ["day": .integer(Int64(day)), "slots": (1...5).contains(day) ? [["start": ["hour": 9, "minute": 0], "end": ["hour": 17, "minute": 30]]] : []]
    })

    func createSequence(_ api: TestAPI, _ key: String, title: String = "Outbound Q1") async throws -> String {
        let created = try await api.send(.post, "/v1/sequences", key: key, ["title": .string(title)])
        try #require(created.status == 201, "\(created.text)")
        return try #require(created.payload["id"]?.stringValue)
    }

    func emailStep(day: Int, variants: [JSONValue] = [["payload": ["subject": "Hi {{First Name}}", "content": "<p>Hello</p>"]]]) -> JSONValue {
        ["type": "Email", "absoluteDays": .integer(Int64(day)), "variants": .array(variants)]
    }

    @Test(arguments: TestBackend.available)
    func schedulesHaveADefaultAndValidateTheirWeek(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let listed = try await api.request(.get, "/v1/schedules", key: account.key)
            #expect(listed.status == 200)
            #expect(listed.payload.arrayValue?.count == 1)
            #expect(listed.payload.arrayValue?.first?["isDefault"] == true)
            #expect(listed.payload.arrayValue?.first?["timezone"] == "UTC")

            let created = try await api.send(
                .post, "/v1/schedules", key: account.key,
                ["name": "Berlin office", "timezone": "Europe/Berlin", "isDefault": true, "timeSlots": Self.weekdays])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.payload["timeSlots"]?.arrayValue?[1]["slots"]?.arrayValue?.first?["end"] == ["hour": 17, "minute": 30])
            let all = try await api.request(.get, "/v1/schedules", key: account.key).payload.arrayValue ?? []
            #expect(all.filter { $0["isDefault"] == true }.map { $0["name"] } == ["Berlin office"])

            let sixDays = JSONValue.array(Array(Self.weekdays.arrayValue!.prefix(6)))
            for (body, message) in [
                (["name": "x", "timezone": "Mars/Olympus", "timeSlots": Self.weekdays] as JSONValue, "IANA time zone"),
                (["name": "x", "timezone": "UTC", "timeSlots": sixDays], "at least 7"),
                (["name": "x", "timezone": "UTC", "timeSlots": .array(Self.weekdays.arrayValue!.map { _ in ["day": 1, "slots": []] })], "more than once"),
                (["name": "x", "timezone": "UTC", "timeSlots": .array((0...6).map { day in
                    ["day": .integer(Int64(day)), "slots": [["start": ["hour": 10, "minute": 0], "end": ["hour": 9, "minute": 0]]]]
                })], "ends before it starts"),
            ] {
                let refused = try await api.send(.post, "/v1/schedules", key: account.key, body)
                #expect(refused.status == 400)
                #expect(refused.json["message"]?.stringValue?.contains(message) == true, "\(refused.text)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func createsPausedSequencesListsAndSearchesThem(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let first = try await createSequence(api, account.key, title: "Founders outreach")
            _ = try await createSequence(api, account.key, title: "Agency follow-up")
            let one = try await api.request(.get, "/v1/sequences/\(first)", key: account.key)
            #expect(one.payload["active"] == false)
            #expect(one.payload["client"] == .null)
            #expect(one.payload["user"]?["email"] == .string(account.admin.email))

            let listed = try await api.request(.get, "/v1/sequences?sort=ASC&sortBy=sequence.title", key: account.key)
            #expect(listed.json["message"] == "Successfully fetched all sequences and their associated steps")
            #expect(listed.payload.arrayValue?.map { $0["title"] } == ["Agency follow-up", "Founders outreach"])
            let searched = try await api.request(.get, "/v1/sequences?sequenceName=FOUNDER", key: account.key)
            #expect(searched.payload.arrayValue?.map { $0["id"] } == [.string(first)])
            let paged = try await api.request(.get, "/v1/sequences?pageSize=1&page=2&sort=ASC&sortBy=sequence.createdAt", key: account.key)
            #expect(paged.payload.arrayValue?.map { $0["title"] } == ["Agency follow-up"])

            let other = try await api.createAccount(name: "Other")
            #expect(try await api.request(.get, "/v1/sequences/\(first)", key: other.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesCreationWithUnknownEmailAccountsOrScheduleAndCreatesNothing(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let withAccount = try await api.send(.post, "/v1/sequences", key: account.key, ["title": "x", "emailAccountIds": ["AbCdEfGhIjK"]])
            #expect(withAccount.status == 400)
            #expect(withAccount.json["code"] == 40200)
            let withSchedule = try await api.send(.post, "/v1/sequences", key: account.key, ["title": "x", "scheduleId": "nope"])
            #expect(withSchedule.status == 400)
            #expect(withSchedule.json["message"] == "Schedule not found")
            let blank = try await api.send(.post, "/v1/sequences", key: account.key, ["title": "   "])
            #expect(blank.status == 400)
            #expect(try await api.request(.get, "/v1/sequences", key: account.key).payload.arrayValue?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func readsAndUpdatesSettingsAllOrNothing(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key)
            let settings = try await api.request(.get, "/v1/sequences/\(id)/settings", key: account.key).payload
            #expect(settings["settings"]?.arrayValue?.count == 15)
            #expect(settings["settings"]?.arrayValue?.first == ["code": 1, "value": "<a href=\"{{link}}\">Unsubscribe</a>"])
            #expect(settings["priorityDistribution"]?.arrayValue?.filter { $0["active"] == true }.map { $0["name"] } == ["BalancedSending"])
            #expect(settings["schedule"]?["isDefault"] == true)

            let updated = try await api.send(
                .patch, "/v1/sequences/\(id)/settings", key: account.key,
                ["settings": [["code": 4, "value": "0"], ["code": "8", "value": "[\"ops@acme.io\"]"], ["code": 5, "value": false]]])
            #expect(updated.status == 200, "\(updated.text)")
            let one = try await api.request(.get, "/v1/sequences/\(id)/settings?code=8", key: account.key).payload
            #expect(one["settings"] == [["code": 8, "value": "[\"ops@acme.io\"]"]])

            let refused = try await api.send(
                .patch, "/v1/sequences/\(id)/settings", key: account.key,
                ["settings": [["code": 4, "value": "1"], ["code": 1, "value": "<a>no link</a>"]]])
            #expect(refused.status == 400)
            #expect(refused.json["code"] == 1001)
            let unchanged = try await api.request(.get, "/v1/sequences/\(id)/settings?code=4", key: account.key).payload
            #expect(unchanged["settings"] == [["code": 4, "value": "0"]])
            let badCode = try await api.send(.patch, "/v1/sequences/\(id)/settings", key: account.key, ["settings": [["code": 16, "value": "1"]]])
            #expect(badCode.status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func changesScheduleAndPriorityDistribution(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key)
            let schedule = try await api.send(
                .post, "/v1/schedules", key: account.key, ["name": "Tokyo", "timezone": "Asia/Tokyo", "timeSlots": Self.weekdays]).payload
            let changed = try await api.send(.patch, "/v1/sequences/\(id)/schedule", key: account.key, ["scheduleId": schedule["id"]!])
            #expect(changed.status == 200)
            #expect(changed.payload["timezone"] == "Asia/Tokyo")
            #expect(try await api.send(.patch, "/v1/sequences/\(id)/schedule", key: account.key, ["scheduleId": "zzzzzzzzzzz"]).status == 400)

            for (value, name) in [(JSONValue.string("PrioritiseFollowUps"), "PrioritiseFollowUps"), (4, "AggressivelyPrioritiseNewProspects")] {
                let set = try await api.send(.patch, "/v1/sequences/\(id)/priority-distribution", key: account.key, ["priorityDistributionId": value])
                #expect(set.status == 200, "\(set.text)")
                let settings = try await api.request(.get, "/v1/sequences/\(id)/settings", key: account.key).payload
                #expect(settings["priorityDistribution"]?.arrayValue?.filter { $0["active"] == true }.map { $0["name"] } == [.string(name)])
            }
            let bad = try await api.send(.patch, "/v1/sequences/\(id)/priority-distribution", key: account.key, ["priorityDistributionId": "Fastest"])
            #expect(bad.status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func pauseAndResumeAnswerSaleshandysCodes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key)
            func status(_ ids: [String], _ status: String) async throws -> TestHTTPResponse {
                try await api.send(.post, "/v1/sequences/status", key: account.key, ["sequenceIds": .array(ids.map(JSONValue.string)), "status": .string(status)])
            }
            #expect(try await status(["AAAAAAAAAAA"], "pause").json["code"] == 40100)
            #expect(try await status([id], "pause").json["code"] == 40101)
            let resume = try await status([id], "resume")
            #expect(resume.status == 400)
            #expect(resume.json["code"] == 40103)
        }
    }

    @Test(arguments: TestBackend.available)
    func stepsTakeChannelsByNameOrNumberAndKeepOneEmailADay(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key)
            let email = try await api.send(.post, "/v1/sequences/\(id)/steps", key: account.key, emailStep(day: 3))
            #expect(email.status == 201, "\(email.text)")
            #expect(email.payload["type"] == 1)
            #expect(email.payload["variants"]?.arrayValue?.first?["name"] == "A")
            let call = try await api.send(
                .post, "/v1/sequences/\(id)/steps", key: account.key,
                ["type": 11, "absoluteDays": 1, "priority": "Urgent", "variants": [["payload": [:], "taskNote": "Ask about {{Company}}"]]])
            #expect(call.status == 201, "\(call.text)")
            #expect(call.payload["type"] == 11)
            #expect(call.payload["priority"] == 1)

            let steps = try await api.request(.get, "/v1/sequences/\(id)/steps", key: account.key).payload.arrayValue ?? []
            #expect(steps.map { $0["number"] } == [1, 2])
            #expect(steps.map { $0["type"] } == [11, 1])
            let listed = try await api.request(.get, "/v1/sequences/\(id)", key: account.key).payload
            #expect(listed["steps"]?.arrayValue?.map { $0["name"] } == ["Step 1: Call: introduction", "Step 2: Email"])

            let sameDay = try await api.send(.post, "/v1/sequences/\(id)/steps", key: account.key, emailStep(day: 3))
            #expect(sameDay.status == 400)
            #expect(sameDay.json["message"]?.stringValue?.contains("at most one email a day") == true)
            #expect(try await api.send(.post, "/v1/sequences/\(id)/steps", key: account.key, emailStep(day: 1000)).status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesTemplatesThatCannotRenderWhenSaved(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key)
            for (payload, message) in [
                (["subject": "Hi {{Favourite Colour}}", "content": "x"] as JSONValue, "Unknown merge tag {{Favourite Colour}}"),
                (["subject": "Hi", "content": "{Hi|Hello"], "is not closed with '}'"),
                (["subject": "Hi"], "payload.content should not be empty"),
                (["subject": "Hi", "content": "x", "message": "y"], "payload.message should not exist"),
            ] {
                let refused = try await api.send(.post, "/v1/sequences/\(id)/steps", key: account.key, emailStep(day: 1, variants: [["payload": payload]]))
                #expect(refused.status == 400)
                #expect(refused.json["message"]?.stringValue?.contains(message) == true, "\(refused.text)")
            }
            let noteOnEmail = try await api.send(
                .post, "/v1/sequences/\(id)/steps", key: account.key,
                emailStep(day: 1, variants: [["payload": ["subject": "a", "content": "b"], "taskNote": "call them"]]))
            #expect(noteOnEmail.json["message"]?.stringValue?.contains("taskNote is not allowed") == true)
            #expect(try await api.request(.get, "/v1/sequences/\(id)/steps", key: account.key).payload.arrayValue?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func variantsGoFromAToZAndKeepOneActive(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key)
            let step = try await api.send(.post, "/v1/sequences/\(id)/steps", key: account.key, emailStep(day: 1)).payload
            let stepID = try #require(step["id"]?.stringValue)
            let variantPayload: JSONValue = ["subject": "Re: {{firstName}}", "content": "<p>Following up</p>"]
            for _ in 1...25 {
                let added = try await api.send(.post, "/v1/sequences/\(id)/steps/\(stepID)/variants", key: account.key, ["type": "Email", "payload": variantPayload])
                #expect(added.status == 201, "\(added.text)")
            }
            let full = try await api.request(.get, "/v1/sequences/\(id)/steps/\(stepID)", key: account.key).payload
            #expect(full["variants"]?.arrayValue?.last?["name"] == "Z")
            let twentySeventh = try await api.send(.post, "/v1/sequences/\(id)/steps/\(stepID)/variants", key: account.key, ["type": 1, "payload": variantPayload])
            #expect(twentySeventh.status == 400)
            #expect(twentySeventh.json["message"]?.stringValue?.contains("26 variants") == true)
            let wrongType = try await api.send(.post, "/v1/sequences/\(id)/steps/\(stepID)/variants", key: account.key, ["type": "CallDemo", "payload": [:]])
            #expect(wrongType.status == 400)

            let variants = full["variants"]?.arrayValue ?? []
            let first = try #require(variants.first?["id"]?.stringValue)
            let paused = try await api.send(.patch, "/v1/sequences/\(id)/steps/\(stepID)/variants/\(first)", key: account.key, ["status": 0])
            #expect(paused.status == 200, "\(paused.text)")
            #expect(paused.payload["variants"]?.arrayValue?.first?["status"] == 0)
            let edited = try await api.send(
                .patch, "/v1/sequences/\(id)/steps/\(stepID)/variants/\(first)", key: account.key, ["payload": ["subject": "New", "content": "<p>New</p>"]])
            #expect(edited.payload["variants"]?.arrayValue?.first?["payload"]?["subject"] == "New")
            #expect(edited.payload["variants"]?.arrayValue?.first?["status"] == 0)

            let second = try #require(variants[1]["id"]?.stringValue)
            #expect(try await api.request(.delete, "/v1/sequences/\(id)/steps/\(stepID)/variants/\(second)", key: account.key).status == 200)
            let afterDelete = try await api.request(.get, "/v1/sequences/\(id)/steps/\(stepID)", key: account.key).payload
            #expect(afterDelete["variants"]?.arrayValue?.count == 25)
            #expect(afterDelete["variants"]?.arrayValue?.contains { $0["name"] == "B" } == false)
            let refill = try await api.send(.post, "/v1/sequences/\(id)/steps/\(stepID)/variants", key: account.key, ["type": "Email", "payload": variantPayload])
            #expect(refill.payload["variants"]?.arrayValue?[1]["name"] == "B")
        }
    }

    @Test(arguments: TestBackend.available)
    func theLastActiveVariantCannotBePausedOrDeleted(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key)
            let step = try await api.send(.post, "/v1/sequences/\(id)/steps", key: account.key, emailStep(day: 1)).payload
            let stepID = try #require(step["id"]?.stringValue)
            let variant = try #require(step["variants"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(try await api.send(.patch, "/v1/sequences/\(id)/steps/\(stepID)/variants/\(variant)", key: account.key, ["status": 0]).status == 400)
            #expect(try await api.request(.delete, "/v1/sequences/\(id)/steps/\(stepID)/variants/\(variant)", key: account.key).status == 400)
            #expect(try await api.request(.delete, "/v1/sequences/\(id)/steps/\(stepID)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/sequences/\(id)/steps/\(stepID)", key: account.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func clonesAndDeletesSequences(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try await createSequence(api, account.key, title: "Original")
            _ = try await api.send(.post, "/v1/sequences/\(id)/steps", key: account.key, emailStep(day: 2))
            _ = try await api.send(.patch, "/v1/sequences/\(id)/settings", key: account.key, ["settings": [["code": 4, "value": "0"]]])
            let copy = try await api.request(.post, "/v1/sequences/\(id)/clone", key: account.key)
            #expect(copy.status == 201)
            #expect(copy.payload["title"] == "Copy of Original")
            let copyID = try #require(copy.payload["id"]?.stringValue)
            #expect(copyID != id)
            let copiedSteps = try await api.request(.get, "/v1/sequences/\(copyID)/steps", key: account.key).payload.arrayValue ?? []
            #expect(copiedSteps.first?["variants"]?.arrayValue?.first?["payload"]?["subject"] == "Hi {{First Name}}")
            let copiedSetting = try await api.request(.get, "/v1/sequences/\(copyID)/settings?code=4", key: account.key).payload
            #expect(copiedSetting["settings"] == [["code": 4, "value": "0"]])

            #expect(try await api.request(.delete, "/v1/sequences/\(id)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/sequences/\(id)", key: account.key).status == 404)
            #expect(try await api.request(.get, "/v1/sequences/\(copyID)", key: account.key).status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func previewsAStepAsItWouldBeSentAndItsUnsubscribeLinkWorks(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let created = try await api.send(
                .post, "/v1/prospects", key: account.key, ["attributes": ["Email": "ada@analytical.io", "First Name": "Ada", "Company": "AT&T"]])
            let prospect = try #require(created.payload["id"]?.stringValue, "\(created.text)")
            let id = try await createSequence(api, account.key)
            let step = try await api.send(
                .post, "/v1/sequences/\(id)/steps", key: account.key,
                emailStep(day: 1, variants: [[
                    "payload": [
                        "subject": "{{First Name}}, quick question", "preheader": "About {{Company}}",
                        "content": "<p>Hi {{First Name | there}} at {{Company}},</p><p>{{Last Name | no last name}}</p><p>{{unsubscribeLink}}</p>",
                    ],
                ]])).payload
            let stepID = try #require(step["id"]?.stringValue)
            let preview = try await api.send(.post, "/v1/sequences/\(id)/steps/\(stepID)/preview", key: account.key, ["prospectId": .string(prospect)])
            #expect(preview.status == 200, "\(preview.text)")
            #expect(preview.payload["variantName"] == "A")
            #expect(preview.payload["subject"] == "Ada, quick question")
            let html = try #require(preview.payload["html"]?.stringValue)
            #expect(html.contains("<p>Hi Ada at AT&amp;T,</p><p>no last name</p>"))
            #expect(html.hasPrefix("<div style=\"display:none"))
            let text = try #require(preview.payload["text"]?.stringValue)
            #expect(text.hasPrefix("Hi Ada at AT&T,\n\nno last name\n\nUnsubscribe (http"))

            let link = try #require(text.split(separator: "(").last.map { String($0.dropLast()) })
            let path = String(link[link.range(of: "/unsubscribe/")!.lowerBound...])
            let page = try await api.request(.get, path)
            #expect(page.status == 200)
            #expect(page.text.contains("<form method=\"post\">"))
            #expect(try await api.request(.get, "/v1/prospects/\(prospect)", key: account.key).payload["unsubscribedAt"] == .null)
            let confirmed = try await api.request(.post, path, body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(confirmed.status == 200)
            #expect(try await api.request(.get, "/v1/prospects/\(prospect)", key: account.key).payload["unsubscribedAt"] != .null)
            #expect(try await api.request(.post, path).status == 200)

            var forged = path
            forged.removeLast()
            forged += path.hasSuffix("A") ? "B" : "A"
            let refused = try await api.request(.post, forged)
            #expect(refused.status == 404)
            #expect(refused.json["code"] == 4004)
        }
    }
}
