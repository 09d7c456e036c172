import Foundation
import ReachCore
import ReachJSON
import ReachStorage
import ReachTestSupport
import SQLKit
import Testing

/// GET /v1/events: the account's events in commit order, read on from a cursor.
@Suite struct EventFeedTests {
    /// Tasks made on demand raise task-created, one per prospect.
    static func createTasks(_ api: TestAPI, key: String, emails: [String]) async throws -> [String] {
        var prospects: [JSONValue] = []
        for email in emails {
            let created = try await api.send(.post, "/v1/prospects", key: key, ["attributes": ["Email": .string(email), "First Name": "Pat"]])
            prospects.append(try #require(created.payload["id"], "\(created.text)"))
        }
        let tasks = try await api.send(.post, "/v1/tasks/create", key: key, ["prospectIds": .array(prospects), "taskType": "11", "taskNote": "Intro call"])
        try #require(tasks.status == 201, "\(tasks.text)")
        return prospects.compactMap(\.stringValue)
    }

    @Test(arguments: TestBackend.available)
    func pagesThroughEventsWithACursorAndFilters(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let other = try await api.createAccount(name: "Other")
            let prospects = try await Self.createTasks(api, key: account.key, emails: ["a@one.test", "b@two.test", "c@three.test"])
            _ = try await Self.createTasks(api, key: other.key, emails: ["z@other.test"])
            try await api.eventsSettled()

            let first = try await api.request(.get, "/v1/events?limit=2", key: account.key)
            #expect(first.status == 200, "\(first.text)")
            let page = try #require(first.payload["events"]?.arrayValue)
            #expect(page.count == 2)
            #expect(page.allSatisfy { $0["type"] == "task-created" && $0["taskId"]?.stringValue != nil })
            let cursor = try #require(first.payload["nextCursor"]?.stringValue)
            #expect(page[1]["cursor"]?.stringValue == cursor)

            let rest = try await api.request(.get, "/v1/events?after=\(cursor)", key: account.key)
            let last = try #require(rest.payload["events"]?.arrayValue)
            #expect(Set((page + last).compactMap { $0["prospectId"]?.stringValue }) == Set(prospects), "the account's own, each once")
            #expect(last.count == 1)
            let end = try #require(rest.payload["nextCursor"]?.stringValue)
            let nothing = try await api.request(.get, "/v1/events?after=\(end)", key: account.key)
            #expect(nothing.payload["events"]?.arrayValue?.isEmpty == true)
            #expect(nothing.payload["nextCursor"]?.stringValue == end, "an empty page keeps the reader where it was")

            let one = try await api.request(.get, "/v1/events?prospectId=\(prospects[1])&type=task-created", key: account.key)
            #expect(one.payload["events"]?.arrayValue?.map { $0["prospectId"] } == [.string(prospects[1])])
            let none = try await api.request(.get, "/v1/events?type=email-sent", key: account.key)
            #expect(none.payload["events"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesACursorItDidNotIssue(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            for bad in ["x", "1.2.3", "-1.4"] {
                let refused = try await api.request(.get, "/v1/events?after=\(bad)", key: account.key)
                #expect(refused.status == 400, "\(bad): \(refused.text)")
                #expect(refused.json["message"]?.stringValue?.contains("cursor") == true)
            }
            #expect(try await api.request(.get, "/v1/events?type=no-such-event", key: account.key).status == 400)
        }
    }

    /// Two PostgreSQL transactions: the one that took the lower id commits last. A reader that
    /// went by ids would move past it and never see it; the feed holds the later one back
    /// until the earlier transaction is over.
    @Test(.enabled(if: TestBackend.available.contains(.postgresql), "PostgreSQL is not configured"))
    func aReaderNeverMovesPastAnEventStillBeingCommitted() async throws {
        try await TestAPI.with(.postgresql) { api in
            let account = try await api.createAccount()
            let feed = EventFeedService(store: SQLEventFeedStore(database: api.database))
            let (inserted, insertedSignal) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            let slow = Task {
                try await api.database.write { db in
                    try await db.raw(
                        "INSERT INTO events (account_id, kind, occurred_at) VALUES (\(bind: account.id.rawValue), 'email-sent', \(bind: api.clock.now))"
                    ).run()
                    insertedSignal.yield()
                    var waiting = release.makeAsyncIterator()
                    _ = await waiting.next()
                }
            }
            var started = inserted.makeAsyncIterator()
            _ = await started.next()
            try await SQLSendingStore(database: api.database).record(
                SendingEvent(
                    kind: .opened, accountID: account.id, sequenceID: nil, stepID: nil, prospectID: nil, emailAccountID: nil, outboundID: nil,
                    detail: nil, occurredAt: api.clock.now))

            let early = try await feed.events(in: account.id, after: nil, filter: EventFilter(), limit: 100)
            #expect(early.events.isEmpty, "the committed event waits for the open transaction before it")
            releaseSignal.yield()
            try await slow.value
            // Transaction ids are the whole server's: a test writing in another database can hold
            // the horizon back for a moment.
            var all = try await feed.events(in: account.id, after: early.next?.cursor, filter: EventFilter(), limit: 100)
            for _ in 0..<250 where all.events.count < 2 {
                try await Task.sleep(for: .milliseconds(20))
                all = try await feed.events(in: account.id, after: early.next?.cursor, filter: EventFilter(), limit: 100)
            }
            #expect(all.events.map(\.kind) == [.sent, .opened])
            #expect(all.events[0].id < all.events[1].id)
        }
    }
}
