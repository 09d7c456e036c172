import Foundation
import Logging
import ReachJSON
import ReachMail
import ReachTestSupport
import SQLKit
import Testing

/// Replies, auto-replies and bounces end to end: Reach sends through aiosmtpd, realistic answers
/// are appended to a Dovecot mailbox, the reply poller reads them over IMAP, and the sequence,
/// the unified inbox and the events show what each one was.
@Suite(.serialized, .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct InboxTests {
    static let logger = Logger(label: "reach.tests.inbox")

    /// Puts messages into the test mailbox as a mail server would deliver them.
    func deliver(_ messages: [String]) async throws {
        let client = IMAPClient(tls: try MailTLS(additionalRootsFile: try #require(TestMail.settings.caFile)), logger: Self.logger)
        let server = IMAPServer(
            host: "localhost", port: try #require(TestMail.port("IMAP_STARTTLS")), security: .startTLS,
            credentials: .password(username: OneMailboxCampaign.mailbox, password: "repliespw"))
        try await client.withSession(to: server) { session in
            for message in messages { _ = try await session.append(Array(message.utf8), to: "INBOX") }
        }
    }

    func status(_ api: TestAPI, _ email: String) async throws -> String? {
        try await api.database.read { db in
            try await db.raw(
                "SELECT sp.status FROM sequence_prospects sp JOIN prospects p ON p.id = sp.prospect_id WHERE p.email = \(bind: email)"
            ).first(decodingColumn: "status", as: String.self)
        }
    }

    func received(_ api: TestAPI, from email: String) async throws -> (kind: String?, rule: String?)? {
        try await api.database.read { db in
            try await db.raw(
                """
                SELECT m.kind, m.rule FROM inbox_messages m JOIN inbox_threads t ON t.id = m.thread_id JOIN prospects p ON p.id = t.prospect_id
                WHERE p.email = \(bind: email) AND m.direction = 'received'
                """
            ).first().map { (try $0.decode(column: "kind", as: String?.self), try $0.decode(column: "rule", as: String?.self)) }
        }
    }

    func eventCount(_ api: TestAPI, _ kind: String) async throws -> Int {
        try await api.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM events WHERE kind = \(bind: kind)").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    @Test(arguments: TestBackend.available)
    func aReplyStopsTheFollowUpForThatProspectOnly(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let (replier, away, bounced, silent) = ("ann-\(tag)@acme.test", "ben-\(tag)@acme.test", "cy-\(tag)@gone.test", "di-\(tag)@quiet.test")
            let f = try await OneMailboxCampaign.start(api, prospects: [replier, away, bounced, silent])
            try await OneMailboxCampaign.sendAll(api, count: 4)
            let sent = try await OneMailboxCampaign.sentMessages(api)
            let subject = try #require(sent[replier]).subject
            try await deliver([
                InboundFixtures.gmailReply(from: replier, to: OneMailboxCampaign.mailbox, subject: "Re: \(subject)", inReplyTo: try #require(sent[replier]).id, references: [try #require(sent[replier]).id]),
                InboundFixtures.outOfOffice(language: .english, from: away, to: OneMailboxCampaign.mailbox, subject: subject, inReplyTo: try #require(sent[away]).id),
                InboundFixtures.postfixBounce(bouncedRecipient: bounced, mailbox: OneMailboxCampaign.mailbox, originalMessageID: try #require(sent[bounced]).id, originalSubject: subject),
            ])

            let report = try await api.services.replies.runPass(worker: "test", everything: true, logger: Self.logger)
            #expect(report.failed == 0)
            #expect(try await received(api, from: replier)?.kind == "reply")
            #expect(try await received(api, from: away)?.kind == "auto_reply")
            #expect(try await received(api, from: bounced)?.kind == "bounce")
            #expect(try await received(api, from: silent) == nil)
            #expect(try await status(api, replier) == "replied")
            #expect(try await status(api, away) == "paused", "an out-of-office with a return date pauses the prospect until then")
            #expect(try await status(api, bounced) == "bounced")
            #expect(try await status(api, silent) == "active")
            #expect(try await eventCount(api, "reply-received") == 1)
            #expect(try await eventCount(api, "email-bounced") == 1)
            #expect(try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM mailbox_sync WHERE uid_validity IS NOT NULL AND synced_at IS NOT NULL").first(decodingColumn: "n", as: Int.self)
            } == 1)

            // Reading again finds nothing new and changes nothing, even when the server renumbered
            // the folder (a new UIDVALIDITY): it reads by date then, and Message-IDs tell what it has.
            api.clock.advance(by: 1)
            #expect(try await api.services.replies.runPass(worker: "test", everything: true, logger: Self.logger).folders == 1)
            try await api.database.write { db in try await db.raw("UPDATE mailbox_sync SET uid_validity = 1, last_uid = 0").run() }
            api.clock.advance(by: 1)
            let again = try await api.services.replies.runPass(worker: "test", everything: true, logger: Self.logger)
            #expect(again.folders == 1)
            #expect(again.stored.isEmpty)
            let stored = try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM inbox_messages").first(decodingColumn: "n", as: Int.self)
            }
            #expect(stored == 3)

            // Day 3: the follow-up goes to the prospect who did not answer, and to no one else.
            api.clock.advance(by: 2 * 86_400 + 60)
            var followUps = 0
            for _ in 0..<4 {
                followUps += try await api.services.sending.runPass(logger: Self.logger).sent
                api.clock.advance(by: 2)
            }
            #expect(followUps == 1)
            let recipients = try await api.database.read { db in
                try await db.raw("SELECT recipient FROM outbound_messages WHERE subject LIKE 'Re:%'").all(decodingColumn: "recipient", as: String.self)
            }
            #expect(recipients == [silent])
            _ = f
        }
    }

    @Test(arguments: TestBackend.available)
    func matchesAndClassifiesWhatRealMailProgramsSend(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let names = ["outlook", "broken", "german", "french", "spanish", "exchange", "qmail", "remove", "delayed"]
            let address = Dictionary(uniqueKeysWithValues: names.map { ($0, "\($0)-\(tag)@\($0).test") })
            _ = try await OneMailboxCampaign.start(api, prospects: names.map { address[$0]! })
            try await OneMailboxCampaign.sendAll(api, count: names.count)
            let sent = try await OneMailboxCampaign.sentMessages(api)
            func id(_ name: String) throws -> String { try #require(sent[address[name]!]).id }
            let subject = try #require(sent[address["outlook"]!]).subject
            try await deliver([
                InboundFixtures.outlookHTMLOnlyReply(from: address["outlook"]!, to: OneMailboxCampaign.mailbox, subject: subject, inReplyTo: try id("outlook"), references: [try id("outlook")]),
                InboundFixtures.brokenReferencesReply(from: address["broken"]!, to: OneMailboxCampaign.mailbox, subject: subject),
                InboundFixtures.outOfOffice(language: .german, from: address["german"]!, to: OneMailboxCampaign.mailbox, subject: subject, inReplyTo: try id("german")),
                InboundFixtures.outOfOffice(language: .french, from: address["french"]!, to: OneMailboxCampaign.mailbox, subject: subject, inReplyTo: try id("french")),
                InboundFixtures.outOfOffice(language: .spanish, from: address["spanish"]!, to: OneMailboxCampaign.mailbox, subject: subject, inReplyTo: try id("spanish")),
                InboundFixtures.exchangeBounce(bouncedRecipient: address["exchange"]!, mailbox: OneMailboxCampaign.mailbox, originalMessageID: try id("exchange"), originalSubject: subject),
                InboundFixtures.nonDSNBounce(bouncedRecipient: address["qmail"]!, mailbox: OneMailboxCampaign.mailbox, originalMessageID: try id("qmail"), originalSubject: subject),
                InboundFixtures.unsubscribeRequest(from: address["remove"]!, to: OneMailboxCampaign.mailbox, subject: subject, inReplyTo: try id("remove"), references: [try id("remove")]),
                InboundFixtures.softBounce(bouncedRecipient: address["delayed"]!, mailbox: OneMailboxCampaign.mailbox, originalMessageID: try id("delayed"), originalSubject: subject),
            ])
            let report = try await api.services.replies.runPass(worker: "test", everything: true, logger: Self.logger)
            #expect(report.failed == 0)

            let expected: [(String, kind: String, status: String)] = [
                ("outlook", "reply", "replied"), ("broken", "reply", "replied"), ("german", "auto_reply", "paused"), ("french", "auto_reply", "paused"),
                ("spanish", "auto_reply", "paused"), ("exchange", "bounce", "bounced"), ("qmail", "bounce", "bounced"),
                ("remove", "unsubscribe_request", "replied"), ("delayed", "bounce", "active"),
            ]
            for (name, kind, status) in expected {
                let found = try await received(api, from: address[name]!)
                #expect(found?.kind == kind, "\(name): \(String(describing: found))")
                #expect(try await self.status(api, address[name]!) == status, "\(name)")
            }
            // The rule that decided is kept and says what it saw.
            #expect(try await received(api, from: address["french"]!)?.rule?.contains("(fr)") == true)
            #expect(try await received(api, from: address["exchange"]!)?.rule?.contains("5.4.1") == true)
            // A request to be removed puts the thread up for review.
            let review = try await api.database.read { db in
                try await db.raw("SELECT review_reason FROM inbox_threads WHERE review_reason IS NOT NULL").all(decodingColumn: "review_reason", as: String.self)
            }
            #expect(review.count == 1)
            #expect(try await eventCount(api, "email-bounced") == 2, "a delayed delivery is not a bounce of the prospect")
        }
    }

    @Test(arguments: TestBackend.available)
    func theUnifiedInboxListsReadsAndAnswersThreads(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let (ann, ben) = ("ann-\(tag)@acme.test", "ben-\(tag)@other.test")
            let f = try await OneMailboxCampaign.start(api, prospects: [ann, ben])
            try await OneMailboxCampaign.sendAll(api, count: 2)
            let sent = try await OneMailboxCampaign.sentMessages(api)
            let annSent = try #require(sent[ann])
            try await deliver([
                InboundFixtures.gmailReply(from: ann, to: OneMailboxCampaign.mailbox, subject: "Re: \(annSent.subject)", inReplyTo: annSent.id, references: [annSent.id]),
                InboundFixtures.outOfOffice(language: .english, from: ben, to: OneMailboxCampaign.mailbox, subject: annSent.subject, inReplyTo: try #require(sent[ben]).id),
            ])
            _ = try await api.services.replies.runPass(worker: "test", everything: true, logger: Self.logger)

            #expect(try await api.request(.get, "/v1/unified-inbox/unread-email-threads-count", key: f.key).payload["count"] == 2)
            let listed = try await api.send(.post, "/v1/unified-inbox/emails", key: f.key, ["page": 1, "limit": 10, "owners": []])
            #expect(listed.status == 200, "\(listed.text)")
            let threads = try #require(listed.payload["emails"]?.arrayValue)
            #expect(threads.count == 2)
            #expect(listed.payload["meta"]?["totalItems"] == 2)
            let annThread = try #require(threads.first { $0["prospect"]?["email"]?.stringValue == ann })
            #expect(annThread["type"] == "system")
            #expect(annThread["isRead"] == false)
            #expect(annThread["latestEmail"]?["classification"]?["type"] == "reply")
            let benThread = try #require(threads.first { $0["prospect"]?["email"]?.stringValue == ben })
            #expect(benThread["category"]?["key"] == "out_of_office", "an out-of-office files itself")

            // Filters: by sentiment (Neutral holds out_of_office), by read state, by category.
            let neutral = try await api.send(.post, "/v1/unified-inbox/emails", key: f.key, ["page": 1, "limit": 10, "owners": [], "sentiment": "Neutral"])
            #expect(neutral.payload["emails"]?.arrayValue?.count == 1)
            let interested = try await api.send(.post, "/v1/unified-inbox/emails", key: f.key, ["page": 1, "limit": 10, "owners": [], "categoryIds": ["interested"]])
            #expect(interested.payload["emails"]?.arrayValue?.count == 0)
            let badCategory = try await api.send(.post, "/v1/unified-inbox/emails", key: f.key, ["page": 1, "limit": 10, "owners": [], "categoryIds": ["nope"]])
            #expect(badCategory.status == 400)
            #expect(badCategory.json["code"] == 1001)
            let missingOwners = try await api.send(.post, "/v1/unified-inbox/emails", key: f.key, ["page": 1, "limit": 10])
            #expect(missingOwners.status == 400)

            // The thread: the sequence email, then the reply; one email's content without its quote.
            let threadID = try #require(annThread["id"]?.stringValue)
            let thread = try await api.request(.get, "/v1/unified-inbox/emails/\(threadID)", key: f.key)
            #expect(thread.status == 200, "\(thread.text)")
            let emails = try #require(thread.payload["emails"]?.arrayValue)
            #expect(emails.map { $0["direction"]?.stringValue } == ["sequence", "received"])
            let replyID = try #require(emails[1]["id"]?.stringValue)
            let content = try await api.request(.get, "/v1/unified-inbox/emails/\(threadID)/\(replyID)", key: f.key)
            #expect(content.payload["content"]?["newText"]?.stringValue?.hasPrefix("Thanks") == true, "\(content.text)")
            #expect(content.payload["content"]?["newText"]?.stringValue?.contains(">") == false)
            #expect(try await api.request(.get, "/v1/unified-inbox/emails/nope", key: f.key).status == 404)
            #expect(try await api.request(.get, "/v1/unified-inbox/emails/\(threadID)/nope", key: f.key).status == 404)

            // Answering from the inbox: over SMTP from the mailbox, in the same conversation.
            let before = try spooled()
            let replied = try await api.send(
                .post, "/v1/unified-inbox/emails/reply", key: f.key,
                ["content": "<p>Tuesday 10:00 works.</p>", "emailId": .string(replyID), "emailThreadId": .string(threadID), "templateId": 0,
                 "unifiedScheduledId": 0, "to": [.string(ann)]])
            #expect(replied.status == 200, "\(replied.text)")
            let answer = try #require(try delivered(since: before).first { $0.to.contains(ann) })
            let received = try #require(emails[1]["messageId"]?.stringValue)
            #expect(answer.headers["in-reply-to"] == "<\(received)>")
            #expect(answer.headers["references"]?.contains(annSent.id) == true)
            #expect(answer.headers["subject"]?.hasPrefix("Re: ") == true)
            #expect(answer.headers["from"]?.contains(OneMailboxCampaign.mailbox) == true)
            let withAttachment = try await api.send(
                .post, "/v1/unified-inbox/emails/reply", key: f.key,
                ["content": "<p>See attached.</p>", "emailId": .string(replyID), "emailThreadId": .string(threadID), "to": [.string(ann)],
                 "attachmentIds": ["a1"]])
            #expect(withAttachment.status == 400)
            #expect(withAttachment.text.contains("Attachments"))

            // Read, file, archive; the unread count follows.
            let updated = try await api.send(.patch, "/v1/unified-inbox/emails/\(threadID)", key: f.key, ["isRead": true, "category": "interested"])
            #expect(updated.payload["category"]?["key"] == "interested", "\(updated.text)")
            #expect(try await api.request(.get, "/v1/unified-inbox/unread-email-threads-count", key: f.key).payload["count"] == 1)
            #expect(try await api.send(.patch, "/v1/unified-inbox/emails/\(threadID)", key: f.key, ["category": "bogus"]).status == 400)
            _ = try await api.send(.patch, "/v1/unified-inbox/emails/\(threadID)", key: f.key, ["isArchived": true])
            let afterArchive = try await api.send(.post, "/v1/unified-inbox/emails", key: f.key, ["page": 1, "limit": 10, "owners": []])
            #expect(afterArchive.payload["emails"]?.arrayValue?.count == 1)

            // A user overrules the classification: Ben's out-of-office was a real answer.
            let benThreadID = try #require(benThread["id"]?.stringValue)
            let benEmail = try #require(benThread["latestEmail"]?["id"]?.stringValue)
            let classified = try await api.send(
                .put, "/v1/unified-inbox/emails/\(benThreadID)/\(benEmail)/classification", key: f.key, ["type": "reply"])
            #expect(classified.payload["classification"]?["decidedBy"] == "user", "\(classified.text)")
            #expect(try await status(api, ben) == "replied")

            // Categories and outcomes.
            let categories = try await api.request(.get, "/v1/unibox/categories", key: f.key)
            #expect(categories.payload.arrayValue?.count == 8)
            _ = try await api.send(.patch, "/v1/sequences/update-prospect-outcome", key: f.key, ["outcomeName": "Demo scheduled", "prospectEmails": [.string(ann)]])
            let custom = try await api.request(.get, "/v1/unified-inbox/outcome?category=custom", key: f.key)
            #expect(custom.payload["outcomes"]?.arrayValue?.map { $0["name"]?.stringValue } == ["Demo scheduled"], "\(custom.text)")
            #expect(try await eventCount(api, "prospect-outcome-updated") == 1)

            // Another account sees none of it.
            let stranger = try await api.createAccount().key
            #expect(try await api.request(.get, "/v1/unified-inbox/emails/\(threadID)", key: stranger).status == 404)
            #expect(try await api.send(.post, "/v1/unified-inbox/emails", key: stranger, ["page": 1, "limit": 10, "owners": []]).payload["emails"] == [])
            #expect(try await api.request(.get, "/v1/unified-inbox/unread-email-threads-count", key: stranger).payload["count"] == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func aReplyStopsTheProspectElsewhereAndTheirColleaguesWhenTheSequenceSaysSo(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let (ann, colleague, stranger) = ("ann-\(tag)@acme-\(tag).test", "cy-\(tag)@acme-\(tag).test", "di-\(tag)@other-\(tag).test")
            let f = try await OneMailboxCampaign.start(api, prospects: [ann, colleague, stranger])
            // 15: colleagues at the same domain stop too (off by default); 14 (other sequences) is on by default.
            let settings = try await api.send(.patch, "/v1/sequences/\(f.sequence)/settings", key: f.key, ["settings": [["code": 15, "value": "1"]]])
            #expect(settings.status == 200, "\(settings.text)")
            let other = try #require(try await api.send(.post, "/v1/sequences", key: f.key, ["title": "Nurture"]).payload["id"]?.stringValue)
            let step = try #require(try await api.send(
                .post, "/v1/sequences/\(other)/steps", key: f.key,
                ["type": "Email", "absoluteDays": 1, "variants": [["payload": ["subject": "Hello", "content": "<p>Hello</p>"]]]]).payload["id"]?.stringValue)
            let enrolled = try await api.send(.post, "/v1/sequences/\(other)/contacts", key: f.key, ["contactIds": [.string(f.prospects[ann]!)], "stepId": .string(step)])
            #expect(enrolled.status == 201, "\(enrolled.text)")
            try await OneMailboxCampaign.sendAll(api, count: 3)
            let sent = try #require(try await OneMailboxCampaign.sentMessages(api)[ann])
            try await deliver([InboundFixtures.gmailReply(from: ann, to: OneMailboxCampaign.mailbox, subject: "Re: \(sent.subject)", inReplyTo: sent.id, references: [sent.id])])
            _ = try await api.services.replies.runPass(worker: "test", everything: true, logger: Self.logger)

            let statuses = try await api.database.read { db in
                try await db.raw(
                    """
                    SELECT p.email, s.title, sp.status FROM sequence_prospects sp JOIN prospects p ON p.id = sp.prospect_id
                    JOIN sequences s ON s.id = sp.sequence_id ORDER BY p.email, s.title
                    """
                ).all().map { "\(try $0.decode(column: "email", as: String.self).prefix(2)) \(try $0.decode(column: "title", as: String.self)) \(try $0.decode(column: "status", as: String.self))" }
            }
            #expect(statuses == ["an Nurture replied", "an Outbound replied", "cy Outbound replied", "di Outbound active"])
        }
    }

    @Test(arguments: TestBackend.available)
    func anIdleConnectionHasNewMailReadAtOnce(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let ann = "ann-\(tag)@acme.test"
            _ = try await OneMailboxCampaign.start(api, prospects: [ann])
            try await OneMailboxCampaign.sendAll(api, count: 1)
            let sent = try #require(try await OneMailboxCampaign.sentMessages(api)[ann])
            // Read once, so the folder is not due again for a minute of the test clock.
            _ = try await api.services.replies.runPass(worker: "test", everything: true, logger: Self.logger)
            func watcher() async throws -> String? {
                try await api.database.read { db in try await db.raw("SELECT watcher FROM mailbox_sync").first(decodingColumn: "watcher", as: String?.self) ?? nil }
            }
            func due() async throws -> Bool {
                try await api.database.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM mailbox_sync WHERE synced_at IS NULL").first(decodingColumn: "n", as: Int.self) == 1
                }
            }
            #expect(try await !due())

            let watching = Task { await api.services.replyWatch.run(worker: "watch-test", logger: Self.logger) }
            // Waits (without timing anything) for what the watch does on its own.
            func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
                for _ in 0..<300 where try await !condition() { try await Task.sleep(for: .milliseconds(100)) }
                #expect(try await condition(), "\(what)")
            }
            try await eventually("the folder is watched") { try await watcher() == "watch-test" }
            // Mail delivered before IDLE begins is caught too: the watch compares the folder's next
            // UID with the checkpoint when it connects.
            try await deliver([InboundFixtures.gmailReply(from: ann, to: OneMailboxCampaign.mailbox, subject: "Re: \(sent.subject)", inReplyTo: sent.id, references: [sent.id])])
            try await eventually("the server's report makes the folder due") { try await due() }

            // A normal pass (not forced) now reads it.
            _ = try await api.services.replies.runPass(worker: "test", logger: Self.logger)
            #expect(try await received(api, from: ann)?.kind == "reply")
            watching.cancel()
            await watching.value
        }
    }

    func spooled() throws -> Set<String> {
        let spool = URL(fileURLWithPath: try #require(TestMail.directory)).appendingPathComponent("spool-starttls")
        return Set((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? [])
    }

    /// Messages the SMTP server stored since `before`, with their recipients and header fields.
    func delivered(since before: Set<String>) throws -> [(to: [String], headers: [String: String])] {
        let spool = URL(fileURLWithPath: try #require(TestMail.directory)).appendingPathComponent("spool-starttls")
        let envelopes = try String(contentsOf: spool.appendingPathComponent("envelopes.jsonl"), encoding: .utf8)
        var result: [([String], [String: String])] = []
        for line in envelopes.split(separator: "\n") {
            guard let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let file = entry["file"] as? String,
                  !before.contains(file), let recipients = entry["rcpt_tos"] as? [String]
            else { continue }
            let text = try String(contentsOf: spool.appendingPathComponent(file), encoding: .utf8)
            var headers: [String: String] = [:]
            for field in (text.components(separatedBy: "\r\n\r\n").first ?? "").replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n") {
                guard let colon = field.firstIndex(of: ":") else { continue }
                headers[String(field[..<colon]).lowercased()] = field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            result.append((recipients, headers))
        }
        return result
    }
}
