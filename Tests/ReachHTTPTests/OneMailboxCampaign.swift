import Foundation
import Logging
import ReachJSON
import ReachTestSupport
import SQLKit
import Testing

/// A running two-step sequence (day 1, then day 3 in the same thread) writing from one mailbox,
/// replies@example.test: SMTP through aiosmtpd, IMAP on Dovecot's replies user.
struct OneMailboxCampaign {
    static let mailbox = "replies@example.test"
    static let logger = Logger(label: "reach.tests.campaign")

    let key: String
    let sequence: String
    let mailbox: String
    let steps: [String]
    let prospects: [String: String]

    /// One mailbox writing from replies@example.test (SMTP through aiosmtpd, IMAP on Dovecot's
    /// replies user), a two-step sequence (day 1, day 3) and the prospects enrolled and running.
    static func start(_ api: TestAPI, prospects emails: [String], dailyQuota: Int = 50) async throws -> OneMailboxCampaign {
        let key = try await api.createAccount().key
        let allDay: JSONValue = .array((0...6).map { ["day": .integer(Int64($0)), "slots": [["start": ["hour": 0, "minute": 0], "end": ["hour": 24, "minute": 0]]]] })
        let schedule = try await api.send(.post, "/v1/schedules", key: key, ["name": "Always", "timezone": "UTC", "isDefault": true, "timeSlots": allDay])
        try #require(schedule.status == 201, "\(schedule.text)")
        let side: (String, String, Int?) -> JSONValue = { user, password, port in
            ["emailAddress": .string(Self.mailbox), "userName": .string(user), "password": .string(password), "host": "localhost",
             "port": .integer(Int64(port ?? 0)), "encryption": "TLS"]
        }
        let connected = try await api.send(
            .post, "/v1/email-accounts/smtp-imap/connect", key: key,
            [
                "emailServiceProvider": "other", "fromName": "Sam Sender", "fromFirstName": "Sam", "fromLastName": "Sender",
                "payload": [
                    "smtp": side("sender@example.test", "senderpw", TestMail.port("SMTP_STARTTLS")),
                    "imap": side(Self.mailbox, "repliespw", TestMail.port("IMAP_STARTTLS")),
                ],
            ])
        try #require(connected.payload["status"] == 1, "\(connected.text)")
        let mailbox = try #require(connected.payload["id"]?.stringValue)
        let limits = try await api.send(
            .post, "/v1/email-accounts/bulk-update", key: key,
            ["emailAccountIds": [.string(mailbox)], "senderFirstName": "Sam", "dailyQuota": .integer(Int64(dailyQuota)), "sendingIntervalMin": 1, "sendingIntervalMax": 1])
        try #require(limits.status == 200, "\(limits.text)")
        let sequence = try #require(
            try await api.send(.post, "/v1/sequences", key: key, ["title": "Outbound", "emailAccountIds": [.string(mailbox)]]).payload["id"]?.stringValue)
        var steps: [String] = []
        for day in [1, 3] {
            let step = try await api.send(
                .post, "/v1/sequences/\(sequence)/steps", key: key,
                ["type": "Email", "absoluteDays": .integer(Int64(day)),
                 "variants": [["payload": ["subject": "Quick question", "content": "<p>Hi {{First Name|there}}, may I ask one thing? Unsubscribe below.</p>"]]]])
            steps.append(try #require(step.payload["id"]?.stringValue, "\(step.text)"))
        }
        var prospects: [String: String] = [:]
        for email in emails {
            let created = try await api.send(.post, "/v1/prospects", key: key, ["attributes": ["Email": .string(email), "First Name": "Jo"]])
            prospects[email] = try #require(created.payload["id"]?.stringValue, "\(created.text)")
        }
        let enrolled = try await api.send(
            .post, "/v1/sequences/\(sequence)/contacts", key: key, ["contactIds": .array(emails.map { .string(prospects[$0]!) }), "stepId": .string(steps[0])])
        try #require(enrolled.status == 201, "\(enrolled.text)")
        let resumed = try await api.send(.post, "/v1/sequences/status", key: key, ["sequenceIds": [.string(sequence)], "status": "resume"])
        try #require(resumed.status == 200, "\(resumed.text)")
        return OneMailboxCampaign(key: key, sequence: sequence, mailbox: mailbox, steps: steps, prospects: prospects)
    }

    /// Sends every due first email: one pass per second of the mailbox's interval.
    static func sendAll(_ api: TestAPI, count: Int) async throws {
        var sent = 0
        for _ in 0..<(count * 3) where sent < count {
            sent += try await api.services.sending.runPass(logger: logger).sent
            api.clock.advance(by: 2)
        }
        #expect(sent == count)
    }

    /// The Message-ID and subject of the email Reach sent to each address.
    static func sentMessages(_ api: TestAPI) async throws -> [String: (id: String, subject: String)] {
        try await api.database.read { db in
            var found: [String: (String, String)] = [:]
            for row in try await db.raw("SELECT recipient, message_id, subject FROM outbound_messages ORDER BY id").all() {
                found[try row.decode(column: "recipient", as: String.self)] =
                    (try row.decode(column: "message_id", as: String.self), try row.decode(column: "subject", as: String.self))
            }
            return found
        }
    }
}
