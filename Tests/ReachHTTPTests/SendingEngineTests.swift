import Foundation
import Hummingbird
import Logging
import ReachCore
import ReachJSON
import ReachMail
import ReachStorage
import ReachTestSupport
import SQLKit
import Testing

/// The sending engine end to end: real router, real database, real SMTP server (aiosmtpd), the
/// engine's passes driven on the test clock.
@Suite(.serialized, .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct SendingEngineTests {
    struct Fixture {
        let key: String
        let sequence: String
        let mailboxes: [String]
        let prospects: [String: String]
    }

    static let logger = Logger(label: "reach.tests.sending")

    /// An always-open schedule, two mailboxes (2 a day each, 100 s apart), a two-step sequence
    /// (day 1, then day 3 in the same thread), and prospects enrolled at step 1, then resumed.
    func fixture(
        _ api: TestAPI, prospects emails: [String], firstContent: String = "<p>Hi {{First Name|there}}, a quick question.</p>"
    ) async throws -> Fixture {
        let account = try await api.createAccount()
        let key = account.key
        let allDay: JSONValue = .array((0...6).map { ["day": .integer(Int64($0)), "slots": [["start": ["hour": 0, "minute": 0], "end": ["hour": 24, "minute": 0]]]] })
        let schedule = try await api.send(.post, "/v1/schedules", key: key, ["name": "Always", "timezone": "UTC", "isDefault": true, "timeSlots": allDay])
        try #require(schedule.status == 201, "\(schedule.text)")
        var mailboxes: [String] = []
        for address in ["sender@example.test", "team@example.test"] {
            let server: (Int?) -> JSONValue = { port in
                [
                    "emailAddress": .string(address), "userName": "sender@example.test", "password": "senderpw", "host": "localhost",
                    "port": .integer(Int64(port ?? 0)), "encryption": "TLS",
                ]
            }
            let connected = try await api.send(
                .post, "/v1/email-accounts/smtp-imap/connect", key: key,
                [
                    "emailServiceProvider": "other", "fromName": "", "fromFirstName": "Sam", "fromLastName": "Sender",
                    "payload": ["smtp": server(TestMail.port("SMTP_STARTTLS")), "imap": server(TestMail.port("IMAP_STARTTLS"))],
                ])
            try #require(connected.payload["status"] == 1, "\(connected.text)")
            mailboxes.append(try #require(connected.payload["id"]?.stringValue))
        }
        let limits = try await api.send(
            .post, "/v1/email-accounts/bulk-update", key: key,
            ["emailAccountIds": .array(mailboxes.map(JSONValue.string)), "senderFirstName": "Sam", "dailyQuota": 2, "sendingIntervalMin": 100,
             "sendingIntervalMax": 100])
        try #require(limits.status == 200, "\(limits.text)")
        let sequence = try #require(try await api.send(
            .post, "/v1/sequences", key: key, ["title": "Outbound", "emailAccountIds": .array(mailboxes.map(JSONValue.string))]).payload["id"]?.stringValue)
        var steps: [String] = []
        for (day, content) in [(1, firstContent), (3, "<p>Following up, {{First Name|there}}.</p>")] {
            let step = try await api.send(
                .post, "/v1/sequences/\(sequence)/steps", key: key,
                ["type": "Email", "absoluteDays": .integer(Int64(day)),
                 "variants": [["payload": ["subject": "Quick question, {{First Name|there}}", "content": .string(content)]]]])
            steps.append(try #require(step.payload["id"]?.stringValue, "\(step.text)"))
        }
        var prospects: [String: String] = [:]
        for email in emails {
            let name = String(email.prefix { $0 != "@" }).capitalized
            let created = try await api.send(.post, "/v1/prospects", key: key, ["attributes": ["Email": .string(email), "First Name": .string(name)]])
            prospects[email] = try #require(created.payload["id"]?.stringValue, "\(created.text)")
        }
        let enrolled = try await api.send(
            .post, "/v1/sequences/\(sequence)/contacts", key: key,
            ["contactIds": .array(emails.map { .string(prospects[$0]!) }), "stepId": .string(steps[0])])
        try #require(enrolled.status == 201, "\(enrolled.text)")
        let resumed = try await api.send(.post, "/v1/sequences/status", key: key, ["sequenceIds": [.string(sequence)], "status": "resume"])
        try #require(resumed.status == 200, "\(resumed.text)")
        return Fixture(key: key, sequence: sequence, mailboxes: mailboxes, prospects: prospects)
    }

    /// The messages the SMTP server stored since `before` for these recipients (other suites
    /// use the same server meanwhile), with their header fields.
    func delivered(since before: Set<String>, to recipients: [String]) throws -> [(recipient: String, headers: [String: String], message: ReceivedMessage)] {
        let spool = URL(fileURLWithPath: try #require(TestMail.directory)).appendingPathComponent("spool-starttls")
        let envelopes = try String(contentsOf: spool.appendingPathComponent("envelopes.jsonl"), encoding: .utf8)
        var result: [(String, [String: String], ReceivedMessage)] = []
        for line in envelopes.split(separator: "\n") {
            guard let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let file = entry["file"] as? String,
                  !before.contains(file), let envelope = entry["rcpt_tos"] as? [String], let recipient = envelope.first, recipients.contains(recipient)
            else { continue }
            let text = try String(contentsOf: spool.appendingPathComponent(file), encoding: .utf8)
            let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
            var headers: [String: String] = [:]
            for field in head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n") {
                guard let colon = field.firstIndex(of: ":") else { continue }
                headers[String(field[..<colon]).lowercased()] = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            result.append((recipient, headers, ReceivedMessage(Array(text.utf8))))
        }
        return result
    }

    func spooled() throws -> Set<String> {
        let spool = URL(fileURLWithPath: try #require(TestMail.directory)).appendingPathComponent("spool-starttls")
        return Set((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? [])
    }

    @Test(arguments: TestBackend.available)
    func sendsASequenceWithinQuotasIntervalsAndThreads(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let emails = (1...6).map { "p\($0)-\(tag)@prospects.test" }
            let f = try await fixture(api, prospects: emails)
            // The sixth prospect goes on a Do Not Contact list after enrolment: nothing may reach them.
            let list = try #require(try await api.send(.post, "/v1/dnc/lists", key: f.key, ["name": "Legal"]).payload["id"]?.stringValue)
            #expect(try await api.send(.post, "/v1/dnc", key: f.key, ["dncListId": .string(list), "items": [.string(emails[5])]]).payload["added"] == 1)
            let before = try spooled()
            let engine = api.services.sending

            // Day 1: one send per mailbox per interval, two per mailbox per day.
            var report = try await engine.runPass(logger: Self.logger)
            #expect(report.sent == 2)
            #expect(try await engine.runPass(logger: Self.logger).sent == 0, "both mailboxes wait out their interval")
            api.clock.advance(by: 100)
            #expect(try await engine.runPass(logger: Self.logger).sent == 2)
            api.clock.advance(by: 100)
            report = try await engine.runPass(logger: Self.logger)
            #expect(report.sent == 0, "both mailboxes reached their daily quota")

            // Day 2: the fifth prospect's first email; the others' follow-ups are due on day 3.
            let day = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: api.clock.now)
            let dayStart = Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: day.year, month: day.month, day: day.day))!
            api.clock.set(dayStart.addingTimeInterval(86_400 + 60))
            #expect(try await engine.runPass(logger: Self.logger).sent == 1)
            // The prospect on the list, once looked at with a mailbox free (on day 1 or now, as
            // the database orders them), waits a day before being looked at again, instead of
            // filling every read until then.
            let blockedDue = try await api.database.read { db in
                try await db.raw("SELECT next_due_at FROM sequence_prospects WHERE prospect_id IN (SELECT id FROM prospects WHERE email = \(bind: emails[5]))")
                    .first(decodingColumn: "next_due_at", as: Date.self)
            }
            #expect(try #require(blockedDue) > api.clock.now)
            api.clock.advance(by: 100)
            #expect(try await engine.runPass(logger: Self.logger).sent == 0)

            // One of the day-1 prospects unsubscribes before their follow-up.
            let dayOne = try delivered(since: before, to: emails).prefix(4).map(\.recipient)
            let leaver = try #require(dayOne.first)
            let unsubscribed = try await api.send(.post, "/v1/prospects/unsubscribe", key: f.key, ["prospectIds": [.string(f.prospects[leaver]!)]])
            #expect(unsubscribed.status < 300, "\(unsubscribed.text)")

            // Day 3: the three other follow-ups.
            api.clock.set(dayStart.addingTimeInterval(2 * 86_400 + 60))
            var sentOnDayThree = 0
            for _ in 0..<4 {
                sentOnDayThree += try await engine.runPass(logger: Self.logger).sent
                api.clock.advance(by: 100)
            }
            #expect(sentOnDayThree == 3)

            let messages = try delivered(since: before, to: emails)
            #expect(messages.count == 8)
            #expect(messages.filter { $0.recipient == leaver }.count == 1, "a prospect who unsubscribed got a follow-up")
            #expect(!messages.contains { $0.recipient == emails[5] }, "a prospect on a DNC list got an email")
            // Three prospects got both emails on days 1 and 3 (the first four due, the order is the
            // database's, less the one who left), the fifth its first on day 2.
            let byRecipient = Dictionary(grouping: messages, by: \.recipient)
            #expect(byRecipient.values.map(\.count).sorted() == [1, 1, 2, 2, 2])
            for (email, mine) in byRecipient where mine.count == 2 {
                let (first, followUp) = (mine[0].headers, mine[1].headers)
                let name = String(email.prefix { $0 != "@" }).capitalized
                #expect(first["subject"] == "Quick question, \(name)")
                #expect(followUp["subject"] == "Re: Quick question, \(name)")
                #expect(followUp["in-reply-to"] == first["message-id"])
                #expect(followUp["references"] == first["message-id"])
                #expect(followUp["from"] == first["from"], "follow-ups come from the prospect's own mailbox")
                #expect(first["list-unsubscribe-post"] == "List-Unsubscribe=One-Click")
                #expect(first["list-unsubscribe"]?.contains("/unsubscribe/") == true)
            }
            // Three finished the sequence; nobody got a step twice; every send is an event.
            let finished = try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM sequence_prospects WHERE status = 'finished'").first(decodingColumn: "n", as: Int.self)
            }
            #expect(finished == 3)
            let events = try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM events WHERE kind = 'email-sent'").first(decodingColumn: "n", as: Int.self)
            }
            #expect(events == 8)
        }
    }

    /// The public path of the first `attribute="…"` value in `html` that contains `marker`.
    func link(in html: String, attribute: String, containing marker: String) throws -> String {
        let pattern = try Regex("\(attribute)=\"([^\"]*\(marker)[^\"]*)\"")
        let match = try #require(html.firstMatch(of: pattern), "no \(marker) link in \(html)")
        let url = String(try #require(match.output[1].substring)).replacingOccurrences(of: "&amp;", with: "&")
        return String(url.dropFirst(TestAPI.publicURL.count))
    }

    func events(_ api: TestAPI, kind: String) async throws -> [(detail: String?, mailbox: Int64?, sequence: Int64?)] {
        try await api.database.read { db in
            try await db.raw("SELECT detail, email_account_id, sequence_id FROM events WHERE kind = \(bind: kind) ORDER BY id").all().map {
                (try $0.decode(column: "detail", as: String?.self), try $0.decode(column: "email_account_id", as: Int64?.self),
                 try $0.decode(column: "sequence_id", as: Int64?.self))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func tracksOpensAndClicksAndUnsubscribesWithOneClick(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let email = "reader-\(UUID().uuidString.prefix(6).lowercased())@prospects.test"
            let pricing = "https://example.com/pricing?plan=pro&seats=5#top"
            let f = try await fixture(
                api, prospects: [email],
                firstContent: """
                    <p>Hi, see <a class="cta" href="https://example.com/pricing?plan=pro&amp;seats=5#top">our pricing</a>, \
                    <a href='mailto:sam@example.test'>write</a> or <abbr title="x">FAQ</abbr>.</p><p>{{unsubscribe}}</p>
                    """)
            let before = try spooled()
            #expect(try await api.services.sending.runPass(logger: Self.logger).sent == 1)
            let sent = try #require(try delivered(since: before, to: [email]).first)
            let html = try #require(sent.message.html)
            #expect(html.contains("href='mailto:sam@example.test'"), "mailto links are not tracked")
            #expect(html.contains("<abbr title=\"x\">"))
            #expect(html.contains("class=\"cta\""))
            #expect(!html.contains("https://example.com/pricing?plan=pro&amp;seats=5#top\""), "the link was not rewritten")
            #expect(sent.message.text?.contains(pricing) == true, "the text part keeps the real URL")
            #expect(html.contains("/unsubscribe/"), "the unsubscribe link stays direct")

            // The click link redirects to its own target, and only to it.
            let click = try link(in: html, attribute: "href", containing: "/t/c/")
            let followed = try await api.request(.get, click)
            #expect(followed.status == 302)
            #expect(followed.header("Location") == pricing)
            let elsewhere = click.replacingOccurrences(of: "example.com", with: "evil.test")
            let refused = try await api.request(.get, elsewhere)
            #expect(refused.status == 404)
            #expect(refused.json["message"] == "This tracking link is not valid")

            let pixel = try link(in: html, attribute: "src", containing: "/t/o/")
            let image = try await api.request(.get, pixel)
            #expect(image.status == 200)
            #expect(image.header("Content-Type") == "image/gif")
            #expect(image.header("Cache-Control")?.contains("no-store") == true)
            #expect(try await api.request(.get, pixel).status == 200)
            #expect(try await api.request(.get, String(pixel.dropLast(3)) + "AAA").status == 404)

            // Opens and clicks are written in batches.
            #expect(try await api.services.engagement.flush() == 3)
            let opens = try await events(api, kind: "email-opened")
            #expect(opens.count == 2, "every open is recorded")
            #expect(opens.allSatisfy { $0.mailbox != nil && $0.sequence != nil })
            #expect(try await events(api, kind: "email-link-clicked").map(\.detail) == [pricing])

            // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
            #expect(sent.headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click")
            let header = try #require(sent.headers["list-unsubscribe"])
            let unsubscribe = String(header.dropFirst(1 + TestAPI.publicURL.count).dropLast())
            for _ in 0..<2 {
                let posted = try await api.request(
                    .post, unsubscribe, body: ByteBuffer(string: "List-Unsubscribe=One-Click"),
                    headers: [.contentType: "application/x-www-form-urlencoded"])
                #expect(posted.status == 200, "\(posted.text)")
            }
            #expect(try await events(api, kind: "prospect-unsubscribed").count == 1, "unsubscribing again records nothing new")
            let prospect = try await api.request(.get, "/v1/prospects/\(f.prospects[email]!)", key: f.key).payload
            #expect(prospect["unsubscribedAt"] != nil && prospect["unsubscribedAt"] != .null, "\(prospect)")
        }
    }

    @Test(arguments: TestBackend.available)
    func sendsUntrackedWhenTheSequenceSaysSo(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let email = "private-\(UUID().uuidString.prefix(6).lowercased())@prospects.test"
            let f = try await fixture(api, prospects: [email], firstContent: "<p>See <a href=\"https://example.com/a\">this</a>.</p>")
            let changed = try await api.send(
                .patch, "/v1/sequences/\(f.sequence)/settings", key: f.key,
                ["settings": [["code": 4, "value": "0"], ["code": 5, "value": "0"], ["code": 13, "value": "0"]]])
            try #require(changed.status == 200, "\(changed.text)")
            let before = try spooled()
            #expect(try await api.services.sending.runPass(logger: Self.logger).sent == 1)
            let sent = try #require(try delivered(since: before, to: [email]).first)
            let html = try #require(sent.message.html)
            #expect(html.contains("href=\"https://example.com/a\""))
            #expect(!html.contains("/t/o/") && !html.contains("/t/c/"))
            #expect(sent.headers["list-unsubscribe"] != nil, "the unsubscribe header stays")
            #expect(sent.headers["list-unsubscribe-post"] == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func aManualStepMakesATaskAndTheProspectWaitsForIt(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let emails = ["caller-\(tag)@prospects.test", "skipper-\(tag)@prospects.test"]
            let replier = "replier-\(tag)@prospects.test"
            let f = try await fixture(api, prospects: emails + [replier])
            // A call on day 2, between the day-1 email and the day-3 follow-up.
            let call = try await api.send(
                .post, "/v1/sequences/\(f.sequence)/steps", key: f.key,
                ["type": 11, "absoluteDays": 2, "priority": "Urgent", "variants": [["payload": [:], "taskNote": "Ask {{First Name}} about pricing"]]])
            try #require(call.status == 201, "\(call.text)")
            let engine = api.services.sending
            let before = try spooled()
            #expect(try await engine.runPass(logger: Self.logger).sent == 2)
            api.clock.advance(by: 100)
            #expect(try await engine.runPass(logger: Self.logger).sent == 1)
            #expect(try await api.request(.get, "/v1/tasks", key: f.key).payload["tasks"]?.arrayValue?.count == 0)

            let day = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: api.clock.now)
            let dayStart = Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: day.year, month: day.month, day: day.day))!
            api.clock.set(dayStart.addingTimeInterval(86_400 + 3_600))
            var report = try await engine.runPass(logger: Self.logger)
            #expect(report.tasksCreated == 3)
            #expect(try await engine.runPass(logger: Self.logger).tasksCreated == 0, "a step makes its task once")

            // Someone who replied has nothing left to do: their open task is skipped, with the reason.
            let replied = try await api.send(
                .patch, "/v1/prospects/status", key: f.key,
                ["prospectAndSequenceIds": [["prospectId": .string(f.prospects[replier]!), "sequenceId": .string(f.sequence)]], "status": "replied"])
            #expect(replied.payload == ["success": 1, "failed": 0], "\(replied.text)")
            let closed = try await api.request(.get, "/v1/tasks?status=skipped", key: f.key).payload["tasks"]?.arrayValue?.first
            #expect(closed?["prospect"]?["email"] == .string(replier))
            #expect(closed?["skipReason"] == "The prospect replied")

            let listed = try await api.request(.get, "/v1/tasks?status=dueToday&taskType=call", key: f.key)
            let tasks = try #require(listed.payload["tasks"]?.arrayValue, "\(listed.text)")
            #expect(tasks.count == 2)
            let byEmail = Dictionary(uniqueKeysWithValues: tasks.map { ($0["prospect"]?["email"]?.stringValue ?? "", $0) })
            let callerTask = try #require(byEmail[emails[0]])
            #expect(callerTask["note"] == .string("Ask \(emails[0].prefix { $0 != "@" }.capitalized) about pricing"))
            #expect(callerTask["priority"] == "1")
            #expect(callerTask["taskType"] == "11")
            #expect(callerTask["sequence"]?["id"] == .string(f.sequence))
            #expect(callerTask["step"]?["number"] == 2)
            #expect(callerTask["assigneeId"] != nil && callerTask["assigneeId"] != .null, "the sequence's owner does it")
            let counts = try await api.request(.get, "/v1/tasks/counts", key: f.key).payload
            #expect(counts["dueToday"] == 2)

            // Day 3: nobody gets the follow-up while their call is open.
            api.clock.set(dayStart.addingTimeInterval(2 * 86_400 + 60))
            report = try await engine.runPass(logger: Self.logger)
            #expect(report.sent == 0)
            #expect(try await api.request(.get, "/v1/tasks/counts", key: f.key).payload["overdue"] == 2)

            // Completing (with the call's outcome) or skipping moves the prospect on; the follow-up
            // keeps its distance from the call (one day), which was done a day late.
            let callerID = try #require(callerTask["id"]?.stringValue)
            let completed = try await api.send(.post, "/v1/tasks/\(callerID)/complete", key: f.key, ["callOutcome": "no-answer"])
            #expect(completed.status == 200, "\(completed.text)")
            #expect(completed.payload["status"] == "completed")
            #expect(completed.payload["callOutcome"] == "No Answer")
            let again = try await api.send(.post, "/v1/tasks/\(callerID)/complete", key: f.key, [:])
            #expect(again.status == 400)
            #expect(again.json["code"] == 4000)
            let skipperID = try #require(byEmail[emails[1]]?["id"]?.stringValue)
            let skipped = try await api.request(.post, "/v1/tasks/\(skipperID)/skip", key: f.key)
            #expect(skipped.payload["status"] == "skipped", "\(skipped.text)")

            #expect(try await engine.runPass(logger: Self.logger).sent == 0)
            api.clock.set(dayStart.addingTimeInterval(3 * 86_400 + 60))
            var sent = 0
            for _ in 0..<3 {
                sent += try await engine.runPass(logger: Self.logger).sent
                api.clock.advance(by: 100)
            }
            #expect(sent == 2)
            let messages = try delivered(since: before, to: emails + [replier])
            #expect(messages.count == 5)
            for email in emails {
                let mine = messages.filter { $0.recipient == email }
                #expect(mine.count == 2)
                #expect(mine.last?.headers["in-reply-to"] == mine.first?.headers["message-id"], "the follow-up stays in the thread")
            }
            #expect(messages.filter { $0.recipient == replier }.count == 1, "someone who replied got a follow-up")
            #expect(try await events(api, kind: "task-created").count == 3)
            #expect(try await events(api, kind: "task-updated").count == 3)
            #expect(try await events(api, kind: "call-task-updated").count == 3)
        }
    }

    @Test(arguments: TestBackend.available)
    func anOpenMovesTheProspectIntoTheSubsequenceInTheSameThread(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let emails = ["opener-\(tag)@prospects.test", "quiet-\(tag)@prospects.test"]
            let f = try await fixture(api, prospects: emails)
            let created = try await api.send(
                .post, "/v1/sequences/\(f.sequence)/subsequence", key: f.key,
                ["title": "Openers", "conditions": [["name": "Email Opened", "operation": "is", "value": true], ["name": "Replied", "operation": "is", "value": false]]])
            let sub = try #require(created.payload["id"]?.stringValue, "\(created.text)")
            let step = try await api.send(
                .post, "/v1/sequences/\(sub)/steps", key: f.key,
                ["type": "Email", "absoluteDays": 1, "variants": [["payload": ["subject": "Quick question, {{First Name|there}}", "content": "<p>Saw you read it.</p>"]]]])
            try #require(step.status == 201, "\(step.text)")
            let resumed = try await api.send(.post, "/v1/sequences/status", key: f.key, ["sequenceIds": [.string(sub)], "status": "resume"])
            try #require(resumed.status == 200, "\(resumed.text)")

            let before = try spooled()
            let engine = api.services.sending
            #expect(try await engine.runPass(logger: Self.logger).sent == 2)
            let first = try delivered(since: before, to: emails)
            let opener = try #require(first.first { $0.recipient == emails[0] })
            let pixel = try link(in: try #require(opener.message.html), attribute: "src", containing: "/t/o/")
            #expect(try await api.request(.get, pixel).status == 200)
            try await api.services.engagement.flush()

            let memberships = try await api.request(.get, "/v1/prospects/\(f.prospects[emails[0]]!)/minimal/sequences", key: f.key).payload.arrayValue ?? []
            #expect(memberships.count == 2, "\(memberships)")
            let quiet = try await api.request(.get, "/v1/prospects/\(f.prospects[emails[1]]!)/minimal/sequences", key: f.key).payload.arrayValue ?? []
            #expect(quiet.count == 1, "who did not open stays where they were")

            api.clock.advance(by: 100)
            var sent = 0
            for _ in 0..<3 {
                sent += try await engine.runPass(logger: Self.logger).sent
                api.clock.advance(by: 100)
            }
            #expect(sent == 1, "only the subsequence's email is due today")
            let followUp = try #require(try delivered(since: before, to: emails).last { $0.recipient == emails[0] && $0.headers["message-id"] != opener.headers["message-id"] })
            #expect(followUp.message.html?.contains("Saw you read it.") == true)
            #expect(followUp.headers["in-reply-to"] == opener.headers["message-id"], "the subsequence continues the parent's thread")
            #expect(followUp.headers["from"] == opener.headers["from"])
        }
    }

    /// Sequences whose mailboxes all wait out their interval, with older due prospects, once took
    /// every read of a pass (five of them), so a sixth sequence with free mailboxes sent nothing.
    @Test(arguments: TestBackend.available)
    func sequencesWhoseMailboxesWaitNeverHoldBackOthers(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            for n in 1...6 { _ = try await fixture(api, prospects: (1...4).map { "w\(n)-\($0)-\(tag)@prospects.test" }) }
            let engine = api.services.sending.reading(batchSize: 4)
            var sent = 0
            for _ in 0..<6 { sent += try await engine.runPass(logger: Self.logger).sent }
            #expect(sent == 12, "each sequence's two mailboxes sent once and now wait 100 s, two prospects of each still due")

            api.clock.advance(by: 1)
            let emails = (1...2).map { "late\($0)-\(tag)@prospects.test" }
            let late = try await fixture(api, prospects: emails)
            #expect(try await engine.runPass(logger: Self.logger).sent == 2, "the later sequence's free mailboxes send at once")
            for email in emails {
                let next = try await api.request(.get, "/v1/sequences/\(late.sequence)/prospects/\(late.prospects[email]!)/next-step", key: late.key)
                #expect(next.payload["step"]?["number"] == 2, "\(next.text)")
            }
            #expect(try await engine.runPass(logger: Self.logger).sent == 0, "every mailbox waits")
        }
    }

    @Test(arguments: TestBackend.available)
    func explainsWhenAndWhyTheNextStepRuns(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let emails = (1...3).map { "n\($0)-\(tag)@prospects.test" }
            let f = try await fixture(api, prospects: emails)
            let next = { (email: String) in try await api.request(.get, "/v1/sequences/\(f.sequence)/prospects/\(f.prospects[email]!)/next-step", key: f.key) }

            let first = try await next(emails[0])
            #expect(first.status == 200, "\(first.text)")
            #expect(first.payload["state"] == "scheduled")
            #expect(first.payload["step"]?["number"] == 1)
            #expect(first.payload["variant"] == "A")
            #expect(first.payload["emailAccount"]?["id"]?.stringValue.map(f.mailboxes.contains) == true)
            #expect(first.payload["plannedAt"] == .string(ISO8601Parsing.string(from: api.clock.now)))

            _ = try await api.send(.post, "/v1/sequences/status", key: f.key, ["sequenceIds": [.string(f.sequence)], "status": "pause"])
            let paused = try await next(emails[0]).payload
            #expect(paused["state"] == "blocked")
            #expect(paused["reasons"]?.arrayValue?.contains { $0["code"] == "sequence-paused" } == true)
            #expect(paused["plannedAt"] == .null)
            _ = try await api.send(.post, "/v1/sequences/status", key: f.key, ["sequenceIds": [.string(f.sequence)], "status": "resume"])

            let before = try spooled()
            #expect(try await api.services.sending.runPass(logger: Self.logger).sent == 2)
            let sent = try delivered(since: before, to: emails)
            let reached = try #require(sent.first)
            let followUp = try await next(reached.recipient).payload
            #expect(followUp["state"] == "scheduled")
            #expect(followUp["step"]?["number"] == 2)
            let day = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: api.clock.now)
            let dayStart = Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: TimeZone(identifier: "UTC"), year: day.year, month: day.month, day: day.day))!
            #expect(followUp["plannedAt"] == .string(ISO8601Parsing.string(from: dayStart.addingTimeInterval(2 * 86_400))), "the follow-up is on day 3")

            let waiting = try #require(emails.first { email in !sent.contains { $0.recipient == email } })
            let list = try #require(try await api.send(.post, "/v1/dnc/lists", key: f.key, ["name": "Legal"]).payload["id"]?.stringValue)
            _ = try await api.send(.post, "/v1/dnc", key: f.key, ["dncListId": .string(list), "items": [.string(waiting)]])
            let blocked = try await next(waiting).payload
            #expect(blocked["state"] == "blocked")
            #expect(blocked["reasons"]?.arrayValue?.contains { $0["code"] == "do-not-contact" } == true)

            let other = try await api.createAccount()
            #expect(try await api.request(.get, "/v1/sequences/\(f.sequence)/prospects/\(f.prospects[emails[0]]!)/next-step", key: other.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func aMessageWhoseSenderDiedIsNeverSentAgain(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let email = "solo-\(UUID().uuidString.prefix(6).lowercased())@prospects.test"
            _ = try await fixture(api, prospects: [email])
            let engine = api.services.sending
            #expect(try await engine.runPass(logger: Self.logger).sent == 1)
            // As if the process had died during that SMTP transaction: the message claimed but
            // still `sending`, the prospect still at step 1.
            try await api.database.write { db in
                try await db.raw("UPDATE outbound_messages SET status = 'sending'").run()
                try await db.raw(
                    "UPDATE sequence_prospects SET step_id = (SELECT step_id FROM outbound_messages), next_due_at = enrolled_at, status = 'active'"
                ).run()
            }
            api.clock.advance(by: 601)
            let before = try spooled()
            #expect(try await engine.runPass(logger: Self.logger).sent == 0, "the step of a message in doubt is not sent again")
            let rows = try await api.database.read { db in
                try await db.raw("SELECT status FROM outbound_messages").all().map { try $0.decode(column: "status", as: String.self) }
            }
            #expect(rows == ["unknown"])
            #expect(try delivered(since: before, to: [email]).isEmpty)
            // The prospect moved on to step 2, as after a send: the message may have arrived.
            let moved = try await api.database.read { db in
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM sequence_prospects sp WHERE sp.step_id <> (SELECT step_id FROM outbound_messages)"
                ).first(decodingColumn: "n", as: Int.self)
            }
            #expect(moved == 1)
        }
    }

    /// Claims go a batch at a time. On PostgreSQL each claim commits alone, so one that fails (its
    /// prospect deleted after the pass read it) must not hide the claims made before it: left
    /// unanswered, their messages would wait `sending` for no process. On SQLite the batch is one
    /// transaction, and nothing of it stands.
    @Test(arguments: TestBackend.available)
    func aClaimThatFailsKeepsTheClaimsMadeBeforeIt(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let emails = ["kept-\(tag)@prospects.test", "deleted-\(tag)@prospects.test"]
            _ = try await fixture(api, prospects: emails)
            let ids = try await api.database.read { db in
                (
                    account: try await db.raw("SELECT account_id FROM sequences").first(decodingColumn: "account_id", as: Int64.self),
                    sequence: try await db.raw("SELECT id FROM sequences").first(decodingColumn: "id", as: Int64.self),
                    step: try await db.raw("SELECT id FROM sequence_steps ORDER BY absolute_days").first(decodingColumn: "id", as: Int64.self),
                    mailboxes: try await db.raw("SELECT id FROM email_accounts ORDER BY id").all(decodingColumn: "id", as: Int64.self),
                    prospects: try await db.raw("SELECT id FROM prospects ORDER BY email").all(decodingColumn: "id", as: Int64.self)
                )
            }
            let (account, sequence, step) = (try #require(ids.account), try #require(ids.sequence), try #require(ids.step))
            let variant = try #require(
                try await api.database.read { db in
                    try await db.raw("SELECT id FROM step_variants WHERE step_id = \(bind: step)").first(decodingColumn: "id", as: Int64.self)
                })
            try #require(ids.mailboxes.count == 2 && ids.prospects.count == 2)
            let (deleted, kept) = (ids.prospects[0], ids.prospects[1])
            try await api.database.write { db in try await db.raw("DELETE FROM prospects WHERE id = \(bind: deleted)").run() }
            let now = api.clock.now
            let requests = zip(ids.mailboxes, [kept, deleted]).map { mailbox, prospect in
                SendClaimRequest(
                    message: NewOutboundMessage(
                        accountID: AccountID(account), sequenceID: SequenceID(sequence), stepID: StepID(step), variantID: VariantID(variant),
                        prospectID: ProspectID(prospect), emailAccountID: EmailAccountID(mailbox), messageID: "claim-\(prospect)-\(tag)@reach.test",
                        recipient: "p\(prospect)@prospects.test", subject: "Hello", isFollowUp: false),
                    now: now, nextSendAt: now.addingTimeInterval(100), dailyLimit: 10, dayStart: now.addingTimeInterval(-3600))
            }
            let claims = await SQLSendingStore(database: api.database).claimSends(requests)
            #expect(claims.failure != nil, "a message for a prospect that no longer exists cannot be recorded")
            let recorded = try await api.database.read { db in
                try await db.raw("SELECT id, prospect_id, status FROM outbound_messages").all().map {
                    (id: try $0.decode(column: "id", as: Int64.self), prospect: try $0.decode(column: "prospect_id", as: Int64.self),
                     status: try $0.decode(column: "status", as: String.self))
                }
            }
            switch backend {
            case .postgresql:
                let first = try #require(recorded.first)
                #expect(recorded.count == 1 && first.prospect == kept && first.status == "sending")
                #expect(claims.answers == [.claimed(OutboundMessageID(first.id))])
            case .sqlite:
                #expect(recorded.isEmpty)
                #expect(claims.answers.isEmpty)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aSequenceOutsideItsHoursDoesNotHoldBackOthers(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let waiting = "open-\(UUID().uuidString.prefix(6).lowercased())@prospects.test"
            let f = try await fixture(api, prospects: [waiting])
            // A second sequence whose only hours are Sunday 01:00-02:00 UTC (the test clock is a
            // Thursday evening), with more due prospects than one read takes, due earlier.
            let hours: JSONValue = .array((0...6).map {
                ["day": .integer(Int64($0)), "slots": $0 == 0 ? [["start": ["hour": 1, "minute": 0], "end": ["hour": 2, "minute": 0]]] : []]
            })
            let schedule = try #require(try await api.send(
                .post, "/v1/schedules", key: f.key, ["name": "Sunday night", "timezone": "UTC", "isDefault": false, "timeSlots": hours]).payload["id"])
            let closed = try #require(try await api.send(
                .post, "/v1/sequences", key: f.key,
                ["title": "Closed", "scheduleId": schedule, "emailAccountIds": .array(f.mailboxes.map(JSONValue.string))]).payload["id"]?.stringValue)
            let step = try #require(try await api.send(
                .post, "/v1/sequences/\(closed)/steps", key: f.key,
                ["type": "Email", "absoluteDays": 1, "variants": [["payload": ["subject": "Hello", "content": "<p>Hello</p>"]]]]).payload["id"])
            var ids: [JSONValue] = []
            for index in 0..<3 {
                let created = try await api.send(.post, "/v1/prospects", key: f.key, ["attributes": ["Email": .string("closed-\(index)-\(waiting)")]])
                ids.append(try #require(created.payload["id"]))
            }
            #expect(try await api.send(.post, "/v1/sequences/\(closed)/contacts", key: f.key, ["contactIds": .array(ids), "stepId": step]).status == 201)
            #expect(try await api.send(.post, "/v1/sequences/status", key: f.key, ["sequenceIds": [.string(closed)], "status": "resume"]).status == 200)
            try await api.database.write { db in
                try await db.raw("UPDATE sequence_prospects SET next_due_at = \(bind: api.clock.now.addingTimeInterval(-3600)) WHERE step_id IN (SELECT id FROM sequence_steps WHERE sequence_id <> (SELECT MIN(id) FROM sequences))").run()
            }
            let report = try await api.services.sending.reading(batchSize: 2).runPass(logger: Self.logger)
            #expect(report.sent == 1, "the open sequence's prospect must not wait behind a closed sequence")
        }
    }
}
