import Foundation
import ReachJSON
import ReachStorage
import ReachTestSupport
import Testing

/// A sequence sending to one prospect through `reach serve`, from a mailbox on one of the
/// loopback SMTP test servers (`SMTP_STALL`, `SMTP_SLOW`, ...): for tests that stop the server
/// while an email is in flight.
enum ServerCampaign {
    /// Schedules every hour, connects the mailbox, creates one email step per day given, enrols
    /// one new prospect at the first and resumes the sequence.
    /// Returns the prospect's email address.
    @discardableResult
    static func start(on server: RunningServer, key: String, smtp: String, stepDays: [Int]) async throws -> String {
        func call(_ method: String, _ path: String, _ body: JSONValue) async throws -> JSONValue {
            let answer = try await server.send(method, path, key: key, body: JSONWriter.string(body))
            try #require(answer.status < 300, "\(method) \(path): \(answer.body)")
            return try JSONParser.parse(answer.body)["payload"] ?? .null
        }
        let allDay: JSONValue = .array((0...6).map { ["day": .integer(Int64($0)), "slots": [["start": ["hour": 0, "minute": 0], "end": ["hour": 24, "minute": 0]]]] })
        _ = try await call("POST", "/v1/schedules", ["name": "Always", "timezone": "UTC", "isDefault": true, "timeSlots": allDay])
        let side: (Int?) -> JSONValue = { port in
            ["emailAddress": "sender@example.test", "userName": "sender@example.test", "password": "senderpw", "host": "localhost",
             "port": .integer(Int64(port ?? 0)), "encryption": "TLS"]
        }
        let mailbox = try await call(
            "POST", "/v1/email-accounts/smtp-imap/connect",
            ["emailServiceProvider": "other", "fromName": "Sam", "fromFirstName": "Sam", "fromLastName": "Sender",
             "payload": ["smtp": side(TestMail.port(smtp)), "imap": side(TestMail.port("IMAP_STARTTLS"))]])
        let mailboxID = try #require(mailbox["id"]?.stringValue, "\(mailbox)")
        let sequence = try #require(try await call("POST", "/v1/sequences", ["title": "In flight", "emailAccountIds": [.string(mailboxID)]])["id"]?.stringValue)
        var steps: [String] = []
        for day in stepDays {
            let step = try await call(
                "POST", "/v1/sequences/\(sequence)/steps",
                ["type": "Email", "absoluteDays": .integer(Int64(day)), "variants": [["payload": ["subject": "Hello", "content": "<p>Hello</p>"]]]])
            steps.append(try #require(step["id"]?.stringValue))
        }
        let email = "flight-\(UUID().uuidString.prefix(6))@acme.test"
        let prospect = try #require(try await call("POST", "/v1/prospects", ["attributes": ["Email": .string(email)]])["id"])
        _ = try await call("POST", "/v1/sequences/\(sequence)/contacts", ["contactIds": [prospect], "stepId": .string(steps[0])])
        _ = try await call("POST", "/v1/sequences/status", ["sequenceIds": [.string(sequence)], "status": "resume"])
        return email
    }

    /// Every outbound message's step and status, oldest first, read from the database directly.
    static func outbound(in database: DatabaseConfiguration) async throws -> [(step: Int64, status: String)] {
        try await withDatabase(database, logger: TestDatabase.logger) { try await outbound(in: $0) }
    }

    static func outbound(in database: any DatabaseBackend) async throws -> [(step: Int64, status: String)] {
        try await database.read { sql in
            try await sql.raw("SELECT step_id, status FROM outbound_messages ORDER BY id").all().map {
                (try $0.decode(column: "step_id", as: Int64.self), try $0.decode(column: "status", as: String.self))
            }
        }
    }

    /// Polls the outbound messages for up to a minute until `done` holds; returns the last read.
    /// The database is opened once: opening and closing it for every look (pools, and a write
    /// to open SQLite behind the server's) can take longer on a loaded machine than a message
    /// stays `sending` at the slow SMTP server.
    static func waitForOutbound(
        in database: DatabaseConfiguration, until done: @escaping @Sendable ([(step: Int64, status: String)]) -> Bool
    ) async throws -> [(step: Int64, status: String)] {
        try await withDatabase(database, logger: TestDatabase.logger) { database in
            var messages: [(step: Int64, status: String)] = []
            for _ in 0..<600 {
                messages = try await outbound(in: database)
                if done(messages) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            return messages
        }
    }
}
