import Foundation
import Logging
import ReachCore
import ReachEngine
import ReachJSON
import ReachStorage
import ReachTestSupport
import SQLKit
import Testing

/// Webhooks against a real HTTP receiver on loopback: signed deliveries that carry the feed's
/// event ids, retries through a receiver that fails, is down or is slow, and a webhook that
/// keeps failing turned off.
@Suite struct WebhookTests {
    static let logger = Logger(label: "reach.tests.webhooks")

    static func createWebhook(_ api: TestAPI, key: String, url: String, events: [String] = ["task-created"]) async throws -> JSONValue {
        let created = try await api.send(
            .post, "/v1/webhook/create", key: key,
            ["name": "CRM", "webhookUrl": .string(url), "webhookEvent": .array(events.map(JSONValue.string)), "headers": ["X-Token": "crm-123"]])
        try #require(created.status == 201, "\(created.text)")
        return created.payload
    }

    /// One round of the delivery loop, as the server's worker runs it.
    static func deliver(_ api: TestAPI) async throws {
        try await api.eventsSettled()
        _ = try await api.services.webhookDelivery.runPass(worker: "test-worker", logger: logger)
    }

    @Test(arguments: TestBackend.available)
    func managesWebhooksInSaleshandysShapes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let webhook = try await Self.createWebhook(api, key: account.key, url: "https://crm.example.com/hooks", events: ["email-sent", "reply-received"])
            let id = try #require(webhook["id"]?.stringValue)
            #expect(webhook["name"] == "CRM")
            #expect(webhook["webhookUrl"] == "https://crm.example.com/hooks")
            #expect(webhook["webhookEvent"] == ["email-sent", "reply-received"])
            #expect(webhook["headers"] == ["X-Token": "crm-123"])
            #expect(webhook["status"] == "active")
            #expect(webhook["failed"] == false)
            #expect(webhook["signingSecret"]?.stringValue?.hasPrefix("whsec_") == true)

            let fetched = try await api.request(.get, "/v1/webhook/\(id)", key: account.key)
            #expect(fetched.json["message"] == "Webhook fetched successfully")
            #expect(fetched.payload["signingSecret"] == webhook["signingSecret"])
            let listed = try await api.request(.get, "/v1/webhook?pageSize=10", key: account.key)
            #expect(listed.payload["payload"]?.arrayValue?.map { $0["id"] } == [.string(id)], "\(listed.text)")

            let paused = try await api.send(.patch, "/v1/webhook/\(id)", key: account.key, ["status": "paused", "webhookEvent": ["email-opened"]])
            #expect(paused.payload["status"] == "paused", "\(paused.text)")
            #expect(paused.payload["webhookEvent"] == ["email-opened"])
            #expect(paused.payload["name"] == "CRM", "what was not given stays")

            let other = try await api.createAccount(name: "Other")
            #expect(try await api.request(.get, "/v1/webhook/\(id)", key: other.key).status == 404)
            #expect(try await api.request(.delete, "/v1/webhook/\(id)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/webhook/\(id)", key: account.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesWhatCannotBeDelivered(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let bodies: [(JSONValue, String)] = [
                (["name": "x", "webhookUrl": "ftp://crm.example.com", "webhookEvent": ["email-sent"], "headers": [:]], "webhookUrl"),
                (["name": "x", "webhookUrl": "not a url", "webhookEvent": ["email-sent"], "headers": [:]], "webhookUrl"),
                (["name": "x", "webhookUrl": "https://crm.example.com", "webhookEvent": ["email-exploded"], "headers": [:]], "webhookEvent"),
                (["name": "x", "webhookUrl": "https://crm.example.com", "webhookEvent": [], "headers": [:]], "webhookEvent"),
                (["name": "x", "webhookUrl": "https://crm.example.com", "webhookEvent": ["email-sent"], "headers": ["Reach-Signature": "forged"]], "headers"),
                (["name": "x", "webhookUrl": "https://crm.example.com", "webhookEvent": ["email-sent"], "headers": ["Bad Name": "v"]], "headers"),
                (["name": "x", "webhookUrl": "https://crm.example.com", "webhookEvent": ["email-sent"], "headers": ["X-A": "line\r\nX-Evil: 1"]], "headers"),
                (["name": "x", "webhookUrl": "https://crm.example.com", "webhookEvent": ["email-sent"], "headers": ["X-A": "bell\u{07}"]], "headers"),
                (["webhookUrl": "https://crm.example.com", "webhookEvent": ["email-sent"], "headers": [:]], "name"),
            ]
            for (body, field) in bodies {
                let refused = try await api.send(.post, "/v1/webhook/create", key: account.key, body)
                #expect(refused.status == 400, "\(body): \(refused.text)")
                #expect(refused.text.contains(field), "\(body): \(refused.text)")
            }
            #expect(try await api.request(.get, "/v1/webhook", key: account.key).payload["payload"]?.arrayValue?.isEmpty == true, "nothing was created")

            for index in 0..<50 {
                _ = try await Self.createWebhook(api, key: account.key, url: "https://crm.example.com/\(index)")
            }
            let tooMany = try await api.send(
                .post, "/v1/webhook/create", key: account.key,
                ["name": "51st", "webhookUrl": "https://crm.example.com/51", "webhookEvent": ["email-sent"], "headers": [:]])
            #expect(tooMany.status == 400)
            #expect(tooMany.text.contains("at most 50 active webhooks"), "\(tooMany.text)")
        }
    }

    @Test(arguments: TestBackend.available)
    func deliversSignedEventsAndRetriesAFailureWithTheSameEventID(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            try await WebhookReceiver.with(answers: [.status(500)]) { receiver in
                let account = try await api.createAccount()
                let webhook = try await Self.createWebhook(api, key: account.key, url: receiver.url)
                let secret = try #require(webhook["signingSecret"]?.stringValue)
                let prospects = try await EventFeedTests.createTasks(api, key: account.key, emails: ["pat@acme.test"])

                try await Self.deliver(api)
                let first = try await receiver.waitFor(1)
                api.clock.advance(by: 40)
                try await Self.deliver(api)
                let both = try await receiver.waitFor(2)
                try await Self.deliver(api)
                #expect(receiver.received.count == 2, "a delivered event is not sent again")
                #expect(first.count == 1)

                for (index, request) in both.enumerated() {
                    let signature = try #require(request.headers["reach-signature"])
                    #expect(WebhookSignature.verify(header: signature, secret: secret, body: request.body, now: api.clock.now, tolerance: 600))
                    #expect(!WebhookSignature.verify(header: signature, secret: secret + "x", body: request.body, now: api.clock.now))
                    #expect(request.headers["x-token"] == "crm-123", "the webhook's own headers")
                    #expect(request.headers["reach-event"] == "task-created")
                    #expect(request.headers["reach-delivery-attempt"] == String(index + 1))
                    #expect(request.headers["content-type"] == "application/json")
                }
                #expect(both[0].body == both[1].body, "a retry repeats the same body")
                let body = try JSONParser.parse(both[1].text)
                #expect(body["event"] == "task-created")
                #expect(body["taskCreatedAt"]?.stringValue != nil)
                #expect(body["prospect"]?["email"] == "pat@acme.test")
                #expect(body["prospect"]?["firstName"] == "Pat")
                #expect(body["prospect"]?["id"] == .string(prospects[0]))
                #expect(body["task"]?["id"]?.stringValue != nil)
                #expect(body["user"]?["email"]?.stringValue?.hasSuffix("@acme.test") == true, "the account's admin")
                let eventID = try #require(body["eventId"]?.stringValue)
                #expect(both.allSatisfy { $0.headers["reach-event-id"] == eventID })

                try await api.eventsSettled()
                let feed = try await api.request(.get, "/v1/events?type=task-created", key: account.key)
                #expect(feed.payload["events"]?.arrayValue?.map { $0["id"] } == [.string(eventID)], "the feed and the webhook name the event alike")

                let id = try #require(webhook["id"]?.stringValue)
                let log = try await api.request(.get, "/v1/webhook/\(id)/deliveries", key: account.key)
                let attempts = try #require(log.payload["payload"]?.arrayValue, "\(log.text)")
                #expect(attempts.map { $0["succeeded"] } == [true, false], "newest first")
                #expect(attempts.map { $0["statusCode"] } == [200, 500])
                #expect(attempts[1]["error"] == "The receiver answered HTTP 500")
                #expect(attempts[1]["responseBody"] == "answer 500")
                #expect(attempts.allSatisfy { $0["eventId"] == .string(eventID) })
                let state = try await api.request(.get, "/v1/webhook/\(id)", key: account.key).payload
                #expect(state["failed"] == false, "the last attempt succeeded")
                #expect(state["lastFailure"]?["statusCode"] == 500)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aReceiverThatIsDownOrTooSlowIsTriedAgain(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            // A port nobody listens on any more.
            let port = try await WebhookReceiver.with { $0.port }
            let account = try await api.createAccount()
            let webhook = try await Self.createWebhook(api, key: account.key, url: "http://127.0.0.1:\(port)/hook")
            let id = try #require(webhook["id"]?.stringValue)
            @Sendable func deliverer(waiting timeout: Duration) -> WebhookDelivery {
                WebhookDelivery(
                    store: SQLWebhookStore(database: api.database), prospects: SQLProspectStore(database: api.database),
                    fields: SQLFieldStore(database: api.database), events: SQLSendingStore(database: api.database), transport: HTTPWebhookTransport(),
                    secrets: SecretBox(secret: Array(repeating: 7, count: 32)), codec: api.services.codec, clock: api.clock, timeout: timeout)
            }
            // One that waits a second for an answer; the last attempt waits long enough for a
            // machine busy with a whole test run.
            let impatient = deliverer(waiting: .seconds(1))
            _ = try await EventFeedTests.createTasks(api, key: account.key, emails: ["pat@acme.test"])
            try await api.eventsSettled()
            _ = try await impatient.runPass(worker: "impatient", logger: Self.logger)
            let down = try await api.request(.get, "/v1/webhook/\(id)/deliveries", key: account.key).payload["payload"] ?? .null
            #expect(down.arrayValue?.first?["error"] == "The receiver refused the connection", "\(down)")
            #expect(down.arrayValue?.first?["statusCode"] == .null || down.arrayValue?.first?["statusCode"] == nil)

            try await WebhookReceiver.with(port: port, answers: [.slow(.seconds(3), status: 200)]) { receiver in
                api.clock.advance(by: 40)
                _ = try await impatient.runPass(worker: "impatient", logger: Self.logger)
                #expect(try await receiver.waitFor(1).count == 1)
                let slow = try await api.request(.get, "/v1/webhook/\(id)/deliveries", key: account.key).payload["payload"] ?? .null
                #expect(slow.arrayValue?.first?["error"] == "The receiver did not answer in time", "\(slow)")

                api.clock.advance(by: 120)
                _ = try await deliverer(waiting: .seconds(30)).runPass(worker: "patient", logger: Self.logger)
                let all = try await receiver.waitFor(2)
                #expect(all[0].headers["reach-event-id"] == all[1].headers["reach-event-id"])
                #expect(all[1].headers["reach-delivery-attempt"] == "3")
                let log = try await api.request(.get, "/v1/webhook/\(id)/deliveries", key: account.key).payload["payload"] ?? .null
                #expect(log.arrayValue?.map { $0["succeeded"] } == [true, false, false], "\(log)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aWebhookFailingForADayIsTurnedOff(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            try await WebhookReceiver.with(answers: Array(repeating: .status(503), count: 1000)) { receiver in
                let account = try await api.createAccount()
                let webhook = try await Self.createWebhook(api, key: account.key, url: receiver.url)
                let id = try #require(webhook["id"]?.stringValue)
                var status: JSONValue?
                for hour in 0..<30 {
                    _ = try await EventFeedTests.createTasks(api, key: account.key, emails: ["p\(hour)@acme.test"])
                    try await Self.deliver(api)
                    status = try await api.request(.get, "/v1/webhook/\(id)", key: account.key).payload["status"]
                    if status == "disabled" { break }
                    api.clock.advance(by: 3600)
                }
                #expect(status == "disabled")
                let state = try await api.request(.get, "/v1/webhook/\(id)", key: account.key).payload
                #expect(state["failed"] == true)
                #expect(state["lastFailure"]?["statusCode"] == 503)
                #expect((state["consecutiveFailures"]?.integerValue ?? 0) >= 10)
                try await api.eventsSettled()
                let feed = try await api.request(.get, "/v1/events?type=webhook-disabled", key: account.key).payload
                #expect(feed["events"]?.arrayValue?.map { $0["detail"] } == [.string(id)])

                let before = receiver.received.count
                api.clock.advance(by: 3600)
                _ = try await EventFeedTests.createTasks(api, key: account.key, emails: ["later@acme.test"])
                try await Self.deliver(api)
                #expect(receiver.received.count == before, "a disabled webhook gets nothing")

                // Turned back on, it is healthy again and gets new events.
                receiver.script([])
                let reactivated = try await api.send(.patch, "/v1/webhook/\(id)", key: account.key, ["status": "active"])
                #expect(reactivated.payload["status"] == "active")
                #expect(reactivated.payload["consecutiveFailures"] == 0)
                api.clock.advance(by: 60)
                _ = try await EventFeedTests.createTasks(api, key: account.key, emails: ["again@acme.test"])
                try await Self.deliver(api)
                // The backlog from before it was turned off goes first, a batch a pass.
                for _ in 0..<5 where !receiver.received.contains(where: { $0.text.contains("again@acme.test") }) {
                    try await Self.deliver(api)
                }
                #expect(receiver.received.contains { $0.text.contains("again@acme.test") })
                #expect(receiver.received.count > before)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func onlyEventsAfterCreationOfChosenKindsReachAnActiveWebhook(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            try await WebhookReceiver.with { receiver in
                let account = try await api.createAccount()
                _ = try await EventFeedTests.createTasks(api, key: account.key, emails: ["before@acme.test"])
                api.clock.advance(by: 1)
                let other = try await api.createAccount(name: "Other")
                _ = try await Self.createWebhook(api, key: account.key, url: receiver.url, events: ["email-sent"])
                let tasks = try await Self.createWebhook(api, key: account.key, url: receiver.url)
                let paused = try await Self.createWebhook(api, key: account.key, url: receiver.url)
                _ = try await api.send(.patch, "/v1/webhook/\(paused["id"]!.stringValue!)", key: account.key, ["status": "paused"])
                _ = try await EventFeedTests.createTasks(api, key: other.key, emails: ["theirs@other.test"])
                _ = try await EventFeedTests.createTasks(api, key: account.key, emails: ["after@acme.test"])
                try await Self.deliver(api)
                let received = try await receiver.waitFor(1)
                try await Self.deliver(api)
                #expect(received.count == 1 && receiver.received.count == 1, "one webhook, one event")
                #expect(received[0].text.contains("after@acme.test"))
                let secret = try #require(tasks["signingSecret"]?.stringValue)
                #expect(WebhookSignature.verify(header: received[0].headers["reach-signature"] ?? "", secret: secret, body: received[0].body, now: api.clock.now))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aRedirectIsAFailureAndIsNotFollowed(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            try await WebhookReceiver.with { elsewhere in
                try await WebhookReceiver.with(answers: [.redirect(to: elsewhere.url)]) { receiver in
                    let account = try await api.createAccount()
                    let webhook = try await Self.createWebhook(api, key: account.key, url: receiver.url)
                    let id = try #require(webhook["id"]?.stringValue)
                    let sent = try await api.request(.post, "/v1/webhook/\(id)/test", key: account.key)
                    #expect(sent.payload["succeeded"] == false, "\(sent.text)")
                    #expect(sent.payload["statusCode"] == 303)
                    #expect(receiver.received.count == 1)
                    #expect(elsewhere.received.isEmpty, "the signed body and the webhook's headers went nowhere else")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aDeliveryThatCannotBePreparedFailsAloneAndIsLogged(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            try await WebhookReceiver.with { receiver in
                let account = try await api.createAccount()
                let broken = try await Self.createWebhook(api, key: account.key, url: receiver.url)
                let healthy = try await Self.createWebhook(api, key: account.key, url: receiver.url)
                let brokenID = try #require(broken["id"]?.stringValue)
                // Its signing secret was sealed under another installation's key.
                let codecID = try #require(api.services.codec.decode(brokenID, as: Webhook.self))
                try await api.database.write { db in
                    try await db.raw("UPDATE webhooks SET signing_secret = 'v1:AAAA' WHERE id = \(bind: codecID.rawValue)").run()
                }
                _ = try await EventFeedTests.createTasks(api, key: account.key, emails: ["pat@acme.test"])
                try await Self.deliver(api)
                let received = try await receiver.waitFor(1)
                #expect(received.count == 1, "the healthy webhook got its delivery")
                let secret = try #require(healthy["signingSecret"]?.stringValue)
                #expect(WebhookSignature.verify(header: received[0].headers["reach-signature"] ?? "", secret: secret, body: received[0].body, now: api.clock.now))
                let log = try await api.request(.get, "/v1/webhook/\(brokenID)/deliveries", key: account.key).payload["payload"]?.arrayValue
                #expect(log?.first?["succeeded"] == false)
                #expect(log?.first?["error"]?.stringValue?.hasPrefix("Reach could not prepare the delivery") == true, "\(log ?? [])")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aTestSendPostsASignedSampleAndLogsIt(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            try await WebhookReceiver.with { receiver in
                let account = try await api.createAccount()
                let webhook = try await Self.createWebhook(api, key: account.key, url: receiver.url, events: ["reply-received"])
                let id = try #require(webhook["id"]?.stringValue)
                let sent = try await api.send(.post, "/v1/webhook/\(id)/test", key: account.key, ["event": "email-opened"])
                #expect(sent.status == 200, "\(sent.text)")
                #expect(sent.payload["succeeded"] == true)
                #expect(sent.payload["statusCode"] == 200)
                let received = try await receiver.waitFor(1)
                let body = try JSONParser.parse(received[0].text)
                #expect(body["event"] == "email-opened")
                #expect(body["test"] == true)
                #expect(
                    WebhookSignature.verify(
                        header: received[0].headers["reach-signature"] ?? "", secret: webhook["signingSecret"]?.stringValue ?? "", body: received[0].body,
                        now: api.clock.now))
                let withoutBody = try await api.request(.post, "/v1/webhook/\(id)/test", key: account.key)
                #expect(withoutBody.payload["event"] == "reply-received", "the webhook's first event by default: \(withoutBody.text)")
                let log = try await api.request(.get, "/v1/webhook/\(id)/deliveries", key: account.key).payload["payload"] ?? .null
                #expect(log.arrayValue?.count == 2)
                #expect(log.arrayValue?.allSatisfy { $0["eventId"] == nil || $0["eventId"] == .null } == true)
            }
        }
    }
}

/// What a real campaign's deliveries say: Saleshandy's email-sent shape, filled in.
@Suite(.enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct WebhookCampaignTests {
    @Test(arguments: TestBackend.available)
    func anEmailSentDeliveryDescribesTheProspectSequenceStepAndSender(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            try await WebhookReceiver.with { receiver in
                let tag = UUID().uuidString.prefix(6).lowercased()
                let campaign = try await OneMailboxCampaign.start(api, prospects: ["jo-\(tag)@one.test"])
                _ = try await WebhookTests.createWebhook(api, key: campaign.key, url: receiver.url, events: ["email-sent", "sequence-paused"])
                api.clock.advance(by: 1)
                try await OneMailboxCampaign.sendAll(api, count: 1)
                let paused = try await api.send(.post, "/v1/sequences/status", key: campaign.key, ["sequenceIds": [.string(campaign.sequence)], "status": "pause"])
                #expect(paused.status == 200, "\(paused.text)")
                try await WebhookTests.deliver(api)
                let received = try await receiver.waitFor(2)
                let bodies = try received.map { try JSONParser.parse($0.text) }
                let sent = try #require(bodies.first { $0["event"] == "email-sent" })
                #expect(sent["emailSentAt"]?.stringValue != nil)
                #expect(sent["prospect"]?["email"] == .string("jo-\(tag)@one.test"))
                #expect(sent["prospect"]?["firstName"] == "Jo")
                #expect(sent["prospect"]?["latestStatus"] == "Active")
                #expect(sent["sequence"]?["id"] == .string(campaign.sequence))
                #expect(sent["sequence"]?["sequenceName"] == "Outbound")
                #expect(sent["sequence"]?["stepID"] == .string(campaign.steps[0]))
                #expect(sent["sequence"]?["stepNumber"] == "1")
                #expect(sent["sequence"]?["variant"] == "A")
                #expect(sent["sequence"]?["emailSubject"] == "Quick question")
                #expect(sent["sequence"]?["senderEmail"] == .string(OneMailboxCampaign.mailbox))
                #expect(sent["sequence"]?["importedAt"]?.stringValue != nil)
                #expect(sent["emailAccount"]?["id"] == .string(campaign.mailbox))
                let pausedEvent = try #require(bodies.first { $0["event"] == "sequence-paused" })
                #expect(pausedEvent["sequence"]?["id"] == .string(campaign.sequence))
                #expect(pausedEvent["sequencePausedAt"]?.stringValue != nil)
            }
        }
    }
}
