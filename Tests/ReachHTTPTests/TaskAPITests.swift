import Foundation
import ReachJSON
import ReachTestSupport
import SQLKit
import Testing

/// The task API on its own: tasks made on demand. The engine's tasks (manual steps) are tested
/// end to end in SendingEngineTests.
@Suite struct TaskAPITests {
    func prospects(_ api: TestAPI, key: String, _ emails: [String]) async throws -> [String] {
        var ids: [String] = []
        for email in emails {
            let created = try await api.send(.post, "/v1/prospects", key: key, ["attributes": ["Email": .string(email), "First Name": "Pat"]])
            ids.append(try #require(created.payload["id"]?.stringValue, "\(created.text)"))
        }
        return ids
    }

    func utcDay(_ date: Date, plus days: Int = 0) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date.addingTimeInterval(Double(days) * 86_400))
    }

    @Test(arguments: TestBackend.available)
    func createsListsAndFiltersTasks(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let ids = try await prospects(api, key: account.key, ["ana@acme.test", "bo@beta.test", "cy@gamma.test"])
            let today = utcDay(api.clock.now)

            let calls = try await api.send(
                .post, "/v1/tasks/create", key: account.key,
                ["prospectIds": [.string(ids[0]), .string(ids[1])], "taskType": "11", "priority": "2", "taskNote": "Intro call"])
            #expect(calls.status == 201, "\(calls.text)")
            let created = try #require(calls.payload.arrayValue)
            #expect(created.count == 2)
            #expect(created.allSatisfy { $0["status"] == "dueToday" && $0["priority"] == "2" && $0["category"] == "call" && $0["note"] == "Intro call" })
            #expect(created[0]["dueDate"]?.stringValue?.hasPrefix(today) == true)
            #expect(created[0]["sequence"] == nil || created[0]["sequence"] == .null)
            let linkedIn = try await api.send(
                .post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[2])], "taskType": 3, "dueDate": .string(utcDay(api.clock.now, plus: 2))])
            #expect(linkedIn.payload.arrayValue?.first?["status"] == "upcoming", "\(linkedIn.text)")
            #expect(linkedIn.payload.arrayValue?.first?["priority"] == "3", "normal by default")
            let overdue = try await api.send(
                .post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[2])], "taskType": "9", "dueDate": .string(utcDay(api.clock.now, plus: -1))])
            #expect(overdue.payload.arrayValue?.first?["status"] == "overdue")

            let all = try await api.request(.get, "/v1/tasks", key: account.key).payload
            #expect(all["tasks"]?.arrayValue?.count == 4)
            #expect(all["meta"]?["totalItems"] == 4)
            #expect(try await api.request(.get, "/v1/tasks?taskType=call", key: account.key).payload["meta"]?["totalItems"] == 2)
            #expect(try await api.request(.get, "/v1/tasks?status=upcoming", key: account.key).payload["tasks"]?.arrayValue?.first?["taskType"] == "3")
            #expect(try await api.request(.get, "/v1/tasks?search=BETA", key: account.key).payload["tasks"]?.arrayValue?.first?["prospect"]?["email"] == "bo@beta.test")
            let byPriority = try await api.request(.get, "/v1/tasks?sortBy=priority&sortOrder=ASC&pageSize=1&page=1", key: account.key).payload
            #expect(byPriority["tasks"]?.arrayValue?.count == 1)
            #expect(byPriority["tasks"]?.arrayValue?.first?["priority"] == "2")
            #expect(byPriority["meta"]?["totalPages"] == 4)
            let admin = try await api.request(.get, "/v1/tasks/assignee/list", key: account.key).payload
            #expect(admin.arrayValue?.first?["pendingTasks"] == 4)
            let adminID = try #require(admin.arrayValue?.first?["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/tasks?taskAssignee=\(adminID)", key: account.key).payload["meta"]?["totalItems"] == 4)
            #expect(try await api.request(.get, "/v1/tasks?taskAssignee=nobody", key: account.key).payload["meta"]?["totalItems"] == 0)
            #expect(try await api.request(.get, "/v1/tasks?sequenceId=nothing", key: account.key).payload["meta"]?["totalItems"] == 0)
            let counts = try await api.request(.get, "/v1/tasks/counts", key: account.key).payload
            #expect(counts == ["upcoming": 1, "dueToday": 2, "overdue": 1, "completed": 0, "skipped": 0])

            // Another account sees none of it.
            let other = try await api.createAccount()
            let id = try #require(created[0]["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/tasks/\(id)", key: other.key).status == 404)
            #expect(try await api.request(.get, "/v1/tasks", key: other.key).payload["meta"]?["totalItems"] == 0)
            #expect(try await api.request(.post, "/v1/tasks/\(id)/skip", key: other.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func completesSkipsSnoozesAndAnnotates(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let ids = try await prospects(api, key: account.key, ["dee@acme.test"])
            let call = try #require(try await api.send(
                .post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[0])], "taskType": 12]).payload.arrayValue?.first?["id"]?.stringValue)
            let custom = try #require(try await api.send(
                .post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[0])], "taskType": 9]).payload.arrayValue?.first?["id"]?.stringValue)

            let later = ISO8601DateFormatter().string(from: api.clock.now.addingTimeInterval(3 * 86_400))
            let snoozed = try await api.send(.post, "/v1/tasks/\(call)/snooze", key: account.key, ["snoozeUntil": .string(later), "callOutcome": "Callback Later"])
            #expect(snoozed.status == 200, "\(snoozed.text)")
            #expect(snoozed.json["message"] == "Task snoozed successfully")
            #expect(snoozed.payload["task"]?["status"] == "snoozed")
            #expect(snoozed.payload["task"]?["callOutcome"] == "Callback Later")
            #expect(try await api.request(.get, "/v1/tasks/\(call)", key: account.key).payload["status"] == "upcoming")
            let past = ISO8601DateFormatter().string(from: api.clock.now.addingTimeInterval(-60))
            let refused = try await api.send(.post, "/v1/tasks/\(call)/snooze", key: account.key, ["snoozeUntil": .string(past)])
            #expect(refused.status == 400)
            #expect(refused.json["code"] == 4000)

            let noted = try await api.send(.patch, "/v1/tasks/\(custom)/note", key: account.key, ["note": "Send the deck first"])
            #expect(noted.payload["note"] == "Send the deck first", "\(noted.text)")

            let outcomeOnCustom = try await api.send(.post, "/v1/tasks/\(custom)/complete", key: account.key, ["callOutcome": "Interested"])
            #expect(outcomeOnCustom.status == 400)
            #expect(outcomeOnCustom.json["message"]?.stringValue?.contains("call tasks only") == true)
            let unknownOutcome = try await api.send(.post, "/v1/tasks/\(call)/complete", key: account.key, ["callOutcome": "Maybe"])
            #expect(unknownOutcome.status == 400)
            #expect(try await api.request(.get, "/v1/tasks/\(call)", key: account.key).payload["status"] == "upcoming", "a refused request changes nothing")

            let done = try await api.request(.post, "/v1/tasks/\(custom)/complete", key: account.key)
            #expect(done.status == 200, "completing needs no body: \(done.text)")
            #expect(done.payload["status"] == "completed")
            #expect(done.payload["completedAt"]?.stringValue != nil)
            #expect(try await api.request(.post, "/v1/tasks/\(custom)/skip", key: account.key).json["code"] == 4000, "a completed task cannot be skipped")
            #expect(try await api.request(.post, "/v1/tasks/\(call)/skip", key: account.key).payload["status"] == "skipped")
            #expect(try await api.request(.get, "/v1/tasks?status=skipped", key: account.key).payload["meta"]?["totalItems"] == 1)
            let events = try await api.database.read { db in
                try await db.raw("SELECT kind FROM events WHERE task_id IS NOT NULL ORDER BY id").all(decodingColumn: "kind", as: String.self)
            }
            #expect(events.filter { $0 == "task-created" }.count == 2)
            #expect(events.filter { $0 == "call-task-updated" }.count == 2, "snoozed, then skipped")
            #expect(events.filter { $0 == "custom-task-updated" }.count == 2, "annotated, then completed")
        }
    }

    @Test(arguments: TestBackend.available)
    func updatesAndDeletesTasks(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let ids = try await prospects(api, key: account.key, ["ivy@acme.test"])
            let id = try #require(try await api.send(
                .post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[0])], "taskType": "16"]).payload.arrayValue?.first?["id"]?.stringValue)
            let admin = try #require(try await api.request(.get, "/v1/tasks/assignee/list", key: account.key).payload.arrayValue?.first?["id"])

            let tomorrow = utcDay(api.clock.now, plus: 1)
            let updated = try await api.send(
                .patch, "/v1/tasks/\(id)", key: account.key, ["priority": "1", "dueDate": .string(tomorrow), "assigneeId": .null, "note": "Voice note"])
            #expect(updated.status == 200, "\(updated.text)")
            #expect(updated.payload["priority"] == "1")
            #expect(updated.payload["status"] == "upcoming")
            #expect(updated.payload["dueDate"]?.stringValue?.hasPrefix(tomorrow) == true)
            #expect(updated.payload["assigneeId"] == nil || updated.payload["assigneeId"] == .null)
            #expect(updated.payload["note"] == "Voice note")
            #expect(try await api.send(.patch, "/v1/tasks/\(id)", key: account.key, ["assigneeId": admin]).payload["assigneeId"] == admin)
            let stranger = try await api.createAccount()
            let strangerID = try #require(try await api.request(.get, "/v1/tasks/assignee/list", key: stranger.key).payload.arrayValue?.first?["id"])
            let refused = try await api.send(.patch, "/v1/tasks/\(id)", key: account.key, ["assigneeId": strangerID])
            #expect(refused.status == 400)
            #expect(refused.json["message"]?.stringValue?.contains("not a person of this account") == true)
            #expect(try await api.send(.patch, "/v1/tasks/\(id)", key: account.key, [:]).status == 400, "an edit must change something")

            #expect(try await api.request(.delete, "/v1/tasks/\(id)", key: stranger.key).status == 404)
            let deleted = try await api.request(.delete, "/v1/tasks/\(id)", key: account.key)
            #expect(deleted.status == 200, "\(deleted.text)")
            #expect(try await api.request(.get, "/v1/tasks/\(id)", key: account.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesWhatCannotBeATaskAndCreatesNothing(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let ids = try await prospects(api, key: account.key, ["eve@acme.test"])
            let email = try await api.send(.post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[0])], "taskType": "1"])
            #expect(email.status == 400)
            let unknown = try await api.send(.post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[0]), "nobody"], "taskType": "9"])
            #expect(unknown.status == 400)
            #expect(unknown.json["code"] == 1001)
            let badDate = try await api.send(.post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[0])], "taskType": "9", "dueDate": "31/12/2026"])
            #expect(badDate.status == 400)
            #expect(try await api.request(.get, "/v1/tasks", key: account.key).payload["meta"]?["totalItems"] == 0)
            #expect(try await api.request(.get, "/v1/tasks/unknown", key: account.key).json["message"] == "The requested task could not be found")
            let badStatus = try await api.request(.get, "/v1/tasks?status=someday", key: account.key)
            #expect(badStatus.status == 400)
            #expect(badStatus.json["code"] == 4000)
            let badOutcome = try await api.request(.get, "/v1/tasks?callOutcome=Maybe", key: account.key)
            #expect(badOutcome.json["code"] == 4000)
            let task = try #require(try await api.send(
                .post, "/v1/tasks/create", key: account.key, ["prospectIds": [.string(ids[0])], "taskType": "9"]).payload.arrayValue?.first?["id"]?.stringValue)
            let longNote = try await api.send(.patch, "/v1/tasks/\(task)/note", key: account.key, ["note": .string(String(repeating: "n", count: 5_001))])
            #expect(longNote.status == 400)
            #expect(longNote.json["code"] == 4000)
        }
    }

    func waitForBulk(_ api: TestAPI, _ id: String, key: String) async throws -> JSONValue {
        for _ in 0..<500 {
            let status = try await api.request(.get, "/v1/tasks/bulk-status/\(id)", key: key).json
            if status["status"] == "completed" { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure(description: "bulk action \(id) did not finish")
    }

    @Test(arguments: TestBackend.available)
    func bulkActionsRunInTheBackgroundAndReportEachTask(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let ids = try await prospects(api, key: account.key, ["fay@acme.test", "gus@acme.test", "hal@acme.test"])
            let created = try await api.send(.post, "/v1/tasks/create", key: account.key, ["prospectIds": .array(ids.map(JSONValue.string)), "taskType": "9"])
            let tasks = try #require(created.payload.arrayValue?.compactMap { $0["id"]?.stringValue })
            #expect(tasks.count == 3)

            let skip = try await api.send(
                .post, "/v1/tasks/bulk-skip", key: account.key, ["taskIds": [.string(tasks[0]), .string(tasks[1]), "nonsense", .string(tasks[0])]])
            #expect(skip.status == 200, "\(skip.text)")
            let skipID = try #require(skip.json["bulkActionId"]?.stringValue)
            #expect(skip.json["statusCheckUrl"] == .string("/v1/tasks/bulk-status/\(skipID)"))
            let skipped = try await waitForBulk(api, skipID, key: account.key)
            #expect(skipped["action"] == "skip")
            #expect(skipped["totalTasks"] == 3, "a repeated id counts once")
            #expect(skipped["completed"] == 2)
            #expect(skipped["failed"] == 1)
            #expect(skipped["pending"] == 0)
            let link = try #require(skipped["csvDownloadLink"]?.stringValue)
            let report = try await api.request(.get, String(link.dropFirst(TestAPI.publicURL.count)))
            #expect(report.status == 200)
            #expect(report.text == """
                position,taskId,outcome,reason\r
                1,\(tasks[0]),done,\r
                2,\(tasks[1]),done,\r
                3,nonsense,failed,The requested task could not be found\r

                """)
            #expect(try await api.request(.get, String(link.dropFirst(TestAPI.publicURL.count)).replacingOccurrences(of: "signature=", with: "signature=x")).status == 401)
            #expect(try await api.request(.get, "/v1/tasks?status=skipped", key: account.key).payload["meta"]?["totalItems"] == 2)

            // Skipping again fails for each task, and says why.
            let again = try await api.send(.post, "/v1/tasks/bulk-skip", key: account.key, ["taskIds": [.string(tasks[0])]])
            let repeated = try await waitForBulk(api, try #require(again.json["bulkActionId"]?.stringValue), key: account.key)
            #expect(repeated["failed"] == 1)

            let later = ISO8601DateFormatter().string(from: api.clock.now.addingTimeInterval(5 * 86_400))
            let snooze = try await api.send(.post, "/v1/tasks/bulk-snooze", key: account.key, ["taskIds": .array(tasks.map(JSONValue.string)), "snoozeUntil": .string(later)])
            let snoozed = try await waitForBulk(api, try #require(snooze.json["bulkActionId"]?.stringValue, "\(snooze.text)"), key: account.key)
            #expect(snoozed["completed"] == 1, "only the open task is snoozed")
            #expect(snoozed["failed"] == 2)
            #expect(try await api.request(.get, "/v1/tasks/\(tasks[2])", key: account.key).payload["status"] == "upcoming")

            let complete = try await api.send(.post, "/v1/tasks/bulk-complete", key: account.key, ["taskIds": [.string(tasks[2])]])
            let completed = try await waitForBulk(api, try #require(complete.json["bulkActionId"]?.stringValue), key: account.key)
            #expect(completed["completed"] == 1)
            #expect(try await api.request(.get, "/v1/tasks/\(tasks[2])", key: account.key).payload["status"] == "completed")
            // Each finished bulk action raises one bulk-task-updated, beside its tasks' own events.
            try await api.eventsSettled()
            let bulkEvents = try await api.request(.get, "/v1/events?type=bulk-task-updated", key: account.key).payload["events"]?.arrayValue
            #expect(bulkEvents?.compactMap { $0["detail"]?.stringValue?.split(separator: " ").first.map(String.init) } == ["skip", "skip", "snooze", "complete"],
                "\(bulkEvents ?? [])")

            let past = ISO8601DateFormatter().string(from: api.clock.now.addingTimeInterval(-60))
            let refused = try await api.send(.post, "/v1/tasks/bulk-snooze", key: account.key, ["taskIds": [.string(tasks[0])], "snoozeUntil": .string(past)])
            #expect(refused.status == 400)
            let tooMany = try await api.send(.post, "/v1/tasks/bulk-skip", key: account.key, ["taskIds": .array((0...100).map { .string("t\($0)") })])
            #expect(tooMany.status == 400)
            let other = try await api.createAccount()
            #expect(try await api.request(.get, "/v1/tasks/bulk-status/\(skipID)", key: other.key).status == 404)
        }
    }
}
