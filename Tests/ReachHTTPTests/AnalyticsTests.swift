import Foundation
import Logging
import ReachCore
import ReachJSON
import ReachMail
@testable import ReachStorage
import ReachTestSupport
import SQLKit
import Testing

/// The reports over a real campaign: four prospects emailed through aiosmtpd; one opens twice,
/// clicks and replies (read from Dovecot), one opens, one bounces, one unsubscribes. Each count
/// is checked against the hand-computed value and recomputed from the raw event feed.
@Suite(.serialized, .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct AnalyticsTests {
    static let logger = Logger(label: "reach.tests.analytics")
    static let pricing = "https://example.com/pricing"

    struct Scenario {
        let campaign: OneMailboxCampaign
        let emails: (ann: String, ben: String, cy: String, di: String)
    }

    static func play(_ api: TestAPI) async throws -> Scenario {
        let tag = UUID().uuidString.prefix(6).lowercased()
        let emails = ("ann-\(tag)@acme.test", "ben-\(tag)@acme.test", "cy-\(tag)@gone.test", "di-\(tag)@quiet.test")
        let campaign = try await OneMailboxCampaign.start(api, prospects: [emails.0, emails.1, emails.2, emails.3])
        try await OneMailboxCampaign.sendAll(api, count: 4)
        let sent = try await OneMailboxCampaign.sentMessages(api)
        let outbound = try await api.database.read { db in
            var ids: [String: OutboundMessageID] = [:]
            for row in try await db.raw("SELECT id, recipient FROM outbound_messages").all() {
                ids[try row.decode(column: "recipient", as: String.self)] = OutboundMessageID(try row.decode(column: "id", as: Int64.self))
            }
            return ids
        }
        try await api.services.engagement.opened(try #require(outbound[emails.0]))
        try await api.services.engagement.opened(try #require(outbound[emails.0]))
        try await api.services.engagement.clicked(try #require(outbound[emails.0]), target: pricing)
        try await api.services.engagement.opened(try #require(outbound[emails.1]))
        _ = try await api.services.engagement.flush()
        let diText = try #require(campaign.prospects[emails.3])
        let di = try #require(api.services.codec.decode(diText, as: Prospect.self))
        let sequence = try #require(api.services.codec.decode(campaign.sequence, as: EmailSequence.self))
        #expect(try await api.services.engagement.unsubscribe(di, from: sequence))

        let client = IMAPClient(tls: try MailTLS(additionalRootsFile: try #require(TestMail.settings.caFile)), logger: logger)
        let server = IMAPServer(
            host: "localhost", port: try #require(TestMail.port("IMAP_STARTTLS")), security: .startTLS,
            credentials: .password(username: OneMailboxCampaign.mailbox, password: "repliespw"))
        let ann = try #require(sent[emails.0])
        let cy = try #require(sent[emails.2])
        try await client.withSession(to: server) { session in
            for message in [
                InboundFixtures.gmailReply(from: emails.0, to: OneMailboxCampaign.mailbox, subject: ann.subject, inReplyTo: ann.id, references: [ann.id]),
                InboundFixtures.postfixBounce(bouncedRecipient: emails.2, mailbox: OneMailboxCampaign.mailbox, originalMessageID: cy.id, originalSubject: cy.subject),
            ] {
                _ = try await session.append(Array(message.utf8), to: "INBOX")
            }
        }
        #expect(try await api.services.replies.runPass(worker: "test", everything: true, logger: logger).failed == 0)
        let outcome = try await api.send(
            .patch, "/v1/sequences/update-prospect-outcome", key: campaign.key,
            ["outcomeName": "Interested", "prospectEmails": [.string(emails.0)], "sequenceId": .string(campaign.sequence), "dealValue": 500])
        #expect(outcome.status == 200, "\(outcome.text)")
        return Scenario(campaign: campaign, emails: emails)
    }

    /// Every event of the account, through the feed.
    static func allEvents(_ api: TestAPI, key: String) async throws -> [JSONValue] {
        try await api.eventsSettled()
        var events: [JSONValue] = []
        var cursor = ""
        while true {
            let page = try await api.request(.get, "/v1/events?limit=3&after=\(cursor)", key: key).payload
            let batch = page["events"]?.arrayValue ?? []
            if batch.isEmpty { return events }
            events += batch
            cursor = try #require(page["nextCursor"]?.stringValue)
        }
    }

    @Test(arguments: TestBackend.available)
    func sequenceStatsMatchHandCountsAndTheRawEvents(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let scenario = try await Self.play(api)
            let key = scenario.campaign.key
            let answer = try await api.send(.post, "/v1/analytics/stats", key: key, ["sequenceId": .string(scenario.campaign.sequence)])
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.json["message"] == "Sequence consolidated fetched successfully")
            let stats = answer.payload
            let prospects = try #require(stats["prospects"]?.arrayValue?.first)
            let expected: [String: String] = [
                "total": "4", "contacted": "4", "notContacted": "0", "open": "2", "clicked": "1", "replied": "1", "unsubscribed": "1", "bounced": "1",
                "sentNoOpen": "2", "openedNoReply": "1", "openedNoClicked": "1", "clickedNoReply": "0", "interested": "1", "interestedDealValue": "500",
                "uncategorized": "0", "meetingBooked": "0", "closedDealValue": "0",
            ]
            for (name, value) in expected { #expect(prospects[name] == .string(value), "\(name): \(prospects)") }
            let emails = try #require(stats["emails"])
            #expect(emails["total"] == "4")
            let status: [String: String] = ["scheduled": "1", "delivered": "3", "opened": "2", "clicked": "1", "replied": "1", "bounced": "1", "failed": "0"]
            for (name, value) in status { #expect(emails["status"]?[name] == .string(value), "\(name): \(emails)") }
            #expect(stats["sequenceName"] == "Outbound")
            let steps = try #require(stats["steps"]?.arrayValue)
            #expect(steps.map { $0["sent"] } == ["4", "0"])
            #expect(steps.first?["variants"]?.arrayValue?.first?["variant"] == "A")
            #expect(steps.first?["variants"]?.arrayValue?.first?["opened"] == "2")

            // The same numbers from the raw events, as a user of the feed would count them.
            let events = try await Self.allEvents(api, key: key)
            func who(_ kind: String) -> Set<String> {
                Set(events.filter { $0["type"]?.stringValue == kind && $0["sequenceId"]?.stringValue == scenario.campaign.sequence }
                    .compactMap { $0["prospectId"]?.stringValue })
            }
            let (sent, opened, clicked, replied) = (who("email-sent"), who("email-opened"), who("email-link-clicked"), who("reply-received"))
            #expect(prospects["contacted"] == .string(String(sent.count)))
            #expect(prospects["open"] == .string(String(opened.count)))
            #expect(prospects["clicked"] == .string(String(clicked.count)))
            #expect(prospects["replied"] == .string(String(replied.count)))
            #expect(prospects["unsubscribed"] == .string(String(who("prospect-unsubscribed").count)))
            #expect(prospects["bounced"] == .string(String(who("email-bounced").count)))
            #expect(prospects["sentNoOpen"] == .string(String(sent.subtracting(opened).count)))
            #expect(prospects["openedNoReply"] == .string(String(opened.subtracting(replied).count)))
            #expect(prospects["openedNoClicked"] == .string(String(opened.subtracting(clicked).count)))
            #expect(prospects["clickedNoReply"] == .string(String(clicked.subtracting(replied).count)))
            #expect(events.filter { $0["type"] == "email-opened" }.count == 3, "every open is an event; the stats count prospects")

            let unknown = try await api.send(.post, "/v1/analytics/stats", key: key, ["sequenceId": "nope"])
            #expect(unknown.status == 400)

            // The counts the triggers kept are those migration 10 computes from the events of a
            // database that had none kept.
            let ddl = DDL(kind: api.database.kind)
            try await api.database.write { db in
                let zero = { (counts: [EngagementCount]) in counts.map { "\($0.column) = 0" }.joined(separator: ", ") }
                try await db.raw(SQLQueryString(stringLiteral: "UPDATE sequence_prospects SET \(zero(EngagementCount.perEnrolment))")).run()
                try await db.raw(SQLQueryString(stringLiteral: "UPDATE outbound_messages SET \(zero(EngagementCount.perMessage))")).run()
                for statement in Migration.keptCounts.statements(ddl) where statement.hasPrefix("UPDATE") {
                    try await db.raw(SQLQueryString(stringLiteral: statement)).run()
                }
            }
            let recounted = try await api.send(.post, "/v1/analytics/stats", key: key, ["sequenceId": .string(scenario.campaign.sequence)])
            #expect(recounted.payload == stats)
        }
    }

    @Test(arguments: TestBackend.available)
    func perEmailReportExportMailboxAndTeamStats(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let scenario = try await Self.play(api)
            let key = scenario.campaign.key
            let today = ISO8601Parsing.string(from: api.clock.now).prefix(10)
            let body: JSONValue = [
                "sequenceIds": [.string(scenario.campaign.sequence)], "startDate": .string(String(today)), "endDate": .string(String(today)),
                "pageNum": 1, "pageLimit": 10,
            ]
            let report = try await api.send(.post, "/v1/analytics/consolidated-stats", key: key, body)
            #expect(report.status == 200, "\(report.text)")
            let rows = try #require(report.payload["data"]?.arrayValue)
            #expect(rows.count == 4)
            #expect(report.payload["meta"]?["totalItems"] == 4)
            let byRecipient = Dictionary(uniqueKeysWithValues: rows.map { ($0["Recipient Email"]?.stringValue ?? "", $0) })
            let ann = try #require(byRecipient[scenario.emails.ann])
            #expect(ann["Open Count"] == "2")
            #expect(ann["Click Count"] == "1")
            #expect(ann["Last Link Clicked"] == .string(Self.pricing))
            #expect(ann["Replied"] == "Yes")
            #expect(ann["Recipient name"] == "Jo")
            #expect(ann["Sequence Title"] == "Outbound")
            #expect(ann["Step Number"] == "1")
            #expect(ann["Sender Email"] == .string(OneMailboxCampaign.mailbox))
            #expect(ann["Current Sentiment"] == "Positive", "the thread was filed as Interested")
            #expect(ann["Conversation Id"]?.stringValue?.isEmpty == false)
            #expect(byRecipient[scenario.emails.cy]?["Bounced"] == "Yes")
            #expect(byRecipient[scenario.emails.di]?["Unsubscribed"] == "Yes")
            #expect(byRecipient[scenario.emails.ben]?["Replied"] == "No")

            var tooSmall = body
            if case .object(var fields) = tooSmall { fields["pageLimit"] = 5; tooSmall = .object(fields) }
            #expect(try await api.send(.post, "/v1/analytics/consolidated-stats", key: key, tooSmall).status == 400)
            var tooOld = body
            if case .object(var fields) = tooOld { fields["startDate"] = "2001-01-01"; tooOld = .object(fields) }
            let old = try await api.send(.post, "/v1/analytics/consolidated-stats", key: key, tooOld)
            #expect(old.status == 400)
            #expect(old.text.contains("startDate"))
            var badDay = body
            if case .object(var fields) = badDay { fields["endDate"] = "2026-02-31"; badDay = .object(fields) }
            #expect(try await api.send(.post, "/v1/analytics/consolidated-stats", key: key, badDay).status == 400)

            let export = try await api.send(
                .post, "/v1/analytics/email-sent-details", key: key, ["startDate": .string(String(today)), "endDate": .string(String(today))])
            #expect(export.status == 200)
            #expect(export.header("Content-Type")?.hasPrefix("text/csv") == true)
            let lines = export.text.split(separator: "\r\n")
            #expect(lines.count == 5)
            #expect(lines.first == Substring(SentEmailReport.columns.joined(separator: ",")))

            let mailbox = try await api.send(.post, "/v1/analytics/emailaccount/stats", key: key, ["emailId": .string(scenario.campaign.mailbox)])
            #expect(mailbox.status == 200, "\(mailbox.text)")
            let row = try #require(mailbox.payload["Email Analytics"]?.arrayValue?.first)
            #expect(row["Email Address"] == .string(OneMailboxCampaign.mailbox))
            #expect(row["Total Sent"] == "4")
            #expect(row["Total Contacted"] == "4")
            #expect(row["Opens"] == "2")
            #expect(row["Replies"] == "1")
            #expect(row["Bounce Rate"] == "25.00")
            #expect(row["Unsubscribed"] == "1")
            #expect(row["Interested"] == "1")
            #expect(row["Positive Sentiments"] == "1")
            #expect(row["Sequence Count"] == "1")
            #expect(row["Inbox Score"] == .null)

            // A bare end day includes that day.
            let team = try await api.send(
                .post, "/v1/analytics/team/stats", key: key,
                ["userIds": [], "startDate": .string(String(today)), "endDate": .string(String(today)),
                 "countBy": "absolute", "type": "prospect", "limit": 10, "page": 1, "orderBy": "emailSent"])
            #expect(team.status == 200, "\(team.text)")
            let owner = try #require(team.payload["payload"]?.arrayValue?.first)
            #expect(owner["emailSent"] == 4)
            #expect(owner["prospectContacted"] == 4)
            #expect(owner["prospectAdded"] == 4)
            #expect(owner["opened"] == 2)
            #expect(owner["clicked"] == 1)
            #expect(owner["replied"] == 1)
            #expect(owner["bounced"] == 1)
            #expect(owner["unSubscribed"] == 1)
            #expect(owner["Interested"] == 1)
            let emailsType = try await api.send(
                .post, "/v1/analytics/team/stats", key: key,
                ["userIds": [], "startDate": .string(String(today)), "endDate": .string(ISO8601Parsing.string(from: api.clock.now.addingTimeInterval(3600))),
                 "countBy": "absolute", "type": "email", "limit": 10, "page": 1, "orderBy": "opened"])
            #expect(emailsType.payload["payload"]?.arrayValue?.first?["opened"] == 2, "two emails were opened, one of them twice")
        }
    }
}
