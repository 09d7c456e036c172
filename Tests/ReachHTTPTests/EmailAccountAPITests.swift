import Foundation
import ReachJSON
import ReachTestSupport
import SQLKit
import Testing

/// Email accounts against the real mail peers (aiosmtpd for SMTP, Dovecot for IMAP, a DNS
/// server for example.test) started by scripts/mail-peers.sh, on both databases.
@Suite(.serialized, .enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct EmailAccountAPITests {
    static func server(_ port: Int?, email: String, password: String, encryption: String = "TLS") -> JSONValue {
        ["emailAddress": .string(email), "password": .string(password), "host": "localhost", "port": .integer(Int64(port ?? 0)), "encryption": .string(encryption)]
    }

    /// A mailbox on the test servers: sender@example.test sends through aiosmtpd and reads Dovecot.
    static func connectBody(
        email: String = "sender@example.test", smtpPassword: String = "senderpw", imapPassword: String = "senderpw", provider: String = "other",
        smtpPort: Int? = TestMail.port("SMTP_STARTTLS"), imapEncryption: String = "TLS"
    ) -> JSONValue {
        [
            "emailServiceProvider": .string(provider), "fromName": "Sam Sender", "fromFirstName": "Sam", "fromLastName": "Sender",
            "payload": [
                "smtp": server(smtpPort, email: email, password: smtpPassword),
                "imap": server(TestMail.port("IMAP_STARTTLS"), email: "sender@example.test", password: imapPassword, encryption: imapEncryption),
            ],
        ]
    }

    static func with(_ object: JSONValue, _ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var members) = object else { return object }
        members[key] = value
        return .object(members)
    }

    func connect(_ api: TestAPI, _ key: String, _ body: JSONValue = connectBody()) async throws -> JSONValue {
        let connected = try await api.send(.post, "/v1/email-accounts/smtp-imap/connect", key: key, body)
        try #require(connected.status == 200, "\(connected.text)")
        return connected.payload
    }

    @Test(arguments: TestBackend.available)
    func connectsAMailboxChecksItsServersAndNeverShowsThePassword(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let connected = try await api.send(.post, "/v1/email-accounts/smtp-imap/connect", key: account.key, Self.connectBody())
            #expect(connected.status == 200, "\(connected.text)")
            #expect(!connected.text.contains("senderpw"))
            let mailbox = connected.payload
            #expect(mailbox["status"] == 1)
            #expect(mailbox["type"] == 3)
            #expect(mailbox["fromEmail"] == "sender@example.test")
            #expect(mailbox["fromName"] == "Sam Sender")
            #expect(mailbox["smtpConnection"] == ["isConnected": true, "error": .null])
            #expect(mailbox["imap"]?["encryption"] == "TLS")
            // example.test publishes MX, SPF and DMARC but no DKIM key: 20 + 10 + 15 + 20 + 0 + 15.
            #expect(mailbox["healthScore"] == 80)
            #expect(mailbox["settings"]?.arrayValue?.first { $0["code"] == "daily-sending-limit" }?["value"] == "50")
            // Stored sealed: neither password is in the database in the clear.
            let stored = try await api.database.read { db in
                try await db.raw("SELECT smtp_password, imap_password FROM email_accounts").first()
            }
            let sealed = try #require(try stored?.decode(column: "smtp_password", as: String.self))
            #expect(sealed.hasPrefix("v1:") && !sealed.contains("senderpw"))
            #expect(try stored?.decode(column: "imap_password", as: String.self) != sealed)

            let again = try await api.send(.post, "/v1/email-accounts/smtp-imap/connect", key: account.key, Self.connectBody())
            #expect(again.status == 409)
            #expect(again.json["code"] == 1001)

            let id = try #require(mailbox["id"]?.stringValue)
            let health = try await api.request(.get, "/v1/email-accounts/\(id)/health", key: account.key)
            #expect(health.status == 200, "\(health.text)")
            #expect(health.payload["healthScore"] == 80)
            let dkim = health.payload["findings"]?.arrayValue?.first { $0["check"] == "dkim" }
            #expect(dkim?["verdict"] == "fail")
            #expect(dkim?["detail"]?.stringValue?.contains("reach dkim generate example.test") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func savesAMailboxWhoseServersRefuseItWithEachSidesError(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let mailbox = try await connect(api, account.key, Self.connectBody(smtpPassword: "wrong", imapPassword: "wrong"))
            #expect(mailbox["status"] == 0)
            #expect(mailbox["smtpConnection"]?["isConnected"] == false)
            #expect(mailbox["smtpConnection"]?["error"]?.stringValue?.contains("SMTP login failed") == true)
            #expect(mailbox["imapConnection"]?["error"]?.stringValue?.contains("IMAP login failed") == true)
            #expect(mailbox["lastConnectedAt"] == .null)
            let listed = try await api.send(.post, "/v1/email-accounts", key: account.key, [:])
            #expect(listed.payload["disconnectedEmailsCount"] == 1)
            #expect(listed.payload["connectedEmailsCount"] == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesBadInputWithTheFieldAtFault(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            #expect(try await api.send(.post, "/v1/email-accounts/smtp-imap/connect", key: account.key, Self.connectBody(provider: "hotmail")).status == 400)
            let port = try await api.send(.post, "/v1/email-accounts/smtp-imap/connect", key: account.key, Self.connectBody(smtpPort: 0))
            #expect(port.status == 400)
            let encryption = try await api.send(.post, "/v1/email-accounts/smtp-imap/connect", key: account.key, Self.connectBody(imapEncryption: "quantum"))
            #expect(encryption.status == 400)
            #expect(encryption.json["message"]?.stringValue?.contains("imap.encryption") == true)
            let listed = try await api.send(.post, "/v1/email-accounts", key: account.key, [:])
            #expect(listed.payload["emails"] == [])
        }
    }

    @Test(arguments: TestBackend.available)
    func listsFiltersAndUpdatesInBulk(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let good = try #require(try await connect(api, account.key)["id"]?.stringValue)
            let bad = try #require(try await connect(api, account.key, Self.connectBody(email: "other@example.test", smtpPassword: "x"))["id"]?.stringValue)
            let all = try await api.send(.post, "/v1/email-accounts", key: account.key, ["pageSize": 1, "sortByKey": "health-score", "sort": "DESC"])
            #expect(all.status == 200, "\(all.text)")
            #expect(all.payload["meta"]?["totalItems"] == 2)
            #expect(all.payload["emails"]?.arrayValue?.map { $0["id"] } == [.string(good)])
            #expect(all.payload["emails"]?.arrayValue?.first?["user"]?["firstName"] != nil)
            let active = try await api.send(.post, "/v1/email-accounts", key: account.key, ["status": 1])
            #expect(active.payload["emails"]?.arrayValue?.map { $0["id"] } == [.string(good)])
            let searched = try await api.send(.post, "/v1/email-accounts", key: account.key, ["search": "OTHER@"])
            #expect(searched.payload["emails"]?.arrayValue?.map { $0["id"] } == [.string(bad)])
            #expect(try await api.send(.post, "/v1/email-accounts", key: account.key, ["addedBy": ["AAAAAAAAAAA"]]).json["code"] == 40203)

            let update: JSONValue = [
                "emailAccountIds": [.string(good), .string(bad)], "senderFirstName": "Samantha", "senderLastName": "Sender", "dailyQuota": 120,
                "sendingIntervalMin": 90, "sendingIntervalMax": 300, "rampUpInitialSendingLimit": 5, "rampUpPercent": 25,
                "bcc": "crm@acme.io, log@acme.io", "signatureHtml": "<p>Sam</p>",
            ]
            let updated = try await api.send(.post, "/v1/email-accounts/bulk-update", key: account.key, update)
            #expect(updated.status == 200, "\(updated.text)")
            #expect(updated.json["message"] == "Successfully updated email accounts")
            let mailbox = try await api.request(.get, "/v1/email-accounts/\(good)", key: account.key).payload
            #expect(mailbox["fromName"] == "Samantha Sender")
            let settings = Dictionary(uniqueKeysWithValues: (mailbox["settings"]?.arrayValue ?? []).compactMap { setting in
                setting["code"]?.stringValue.flatMap { code in setting["value"]?.stringValue.map { (code, $0) } }
            })
            #expect(settings["daily-sending-limit"] == "120")
            #expect(settings["min-interval"] == "90" && settings["max-interval"] == "300")
            #expect(settings["ramp-up-status"] == "1" && settings["ramp-up-initial-limit"] == "5" && settings["ramp-up-percent"] == "25")
            // Day one of a ramp-up: the initial limit is what can go today.
            #expect(settings["available-quota"] == "5")
            #expect(settings["bcc"] == "crm@acme.io,log@acme.io")
            #expect(settings["signature"] == "<p>Sam</p>")

            let unknown = Self.with(update, "emailAccountIds", [.string(good), "AAAAAAAAAAA"])
            #expect(try await api.send(.post, "/v1/email-accounts/bulk-update", key: account.key, unknown).json["code"] == 40204)
            let badClient = Self.with(update, "clientId", "AAAAAAAAAAA")
            #expect(try await api.send(.post, "/v1/email-accounts/bulk-update", key: account.key, badClient).json["code"] == 40202)
            let crossed = Self.with(update, "sendingIntervalMin", 500)
            #expect(try await api.send(.post, "/v1/email-accounts/bulk-update", key: account.key, crossed).status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func connectsInBulkInTheBackgroundWithAReport(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            func item(_ email: String, password: String) -> JSONValue {
                [
                    "emailServiceProvider": "other", "fromFirstName": "Sam", "fromLastName": "Sender",
                    "smtpEmailAddress": .string(email), "smtpUserName": "sender@example.test", "smtpPassword": .string(password), "smtpHost": "localhost",
                    "smtpPort": .string(String(TestMail.port("SMTP_IMPLICIT") ?? 0)), "smtpEncryption": "ssl",
                    "imapEmailAddress": "sender@example.test", "imapPassword": "senderpw", "imapHost": "localhost",
                    "imapPort": .integer(Int64(TestMail.port("IMAP_IMPLICIT") ?? 0)), "imapEncryption": "ssl",
                ]
            }
            let started = try await api.send(
                .post, "/v1/email-accounts/connect", key: account.key, [item("sender@example.test", password: "senderpw"), item("bad@example.test", password: "nope")])
            #expect(started.status == 200, "\(started.text)")
            let requestID = try #require(started.payload["requestId"]?.stringValue)
            var status = JSONValue.null
            for _ in 0..<300 {
                status = try await api.request(.get, "/v1/email-accounts/connect/status/\(requestID)", key: account.key).payload
                if status["isCompleted"] == true { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(status["isCompleted"] == true)
            #expect(status["connectedCount"] == 1 && status["failedCount"] == 1 && status["totalCount"] == 2)
            // The signed link works without the key and holds no password.
            let link = try #require(status["reportURL"]?.stringValue)
            let report = try await api.request(.get, String(link.dropFirst(TestAPI.publicURL.count)), key: nil)
            #expect(report.status == 200)
            #expect(report.text.hasPrefix("row,email,outcome,smtp_error,imap_error,error\r\n1,sender@example.test,connected,"))
            #expect(report.text.contains("2,bad@example.test,saved-not-verified,SMTP login failed"))
            #expect(!report.text.contains("senderpw"))
            let listed = try await api.send(.post, "/v1/email-accounts", key: account.key, [:])
            #expect(listed.payload["meta"]?["totalItems"] == 2)
            // The job no longer keeps the mailboxes it connected.
            let payload = try await api.database.read { db in
                try await db.raw("SELECT payload FROM email_account_jobs").first(decodingColumn: "payload", as: String.self)
            }
            #expect(payload == "")

            let ids = (listed.payload["emails"]?.arrayValue ?? []).compactMap { $0["id"] }
            let reconnect = try await api.send(.post, "/v1/email-accounts/reconnect", key: account.key, ["emailAccountIds": .array(ids)])
            #expect(reconnect.status == 200)
            #expect(try await api.send(.post, "/v1/email-accounts/reconnect", key: account.key, ["emailAccountIds": ["AAAAAAAAAAA"]]).json["code"] == 40204)
            #expect(try await api.request(.get, "/v1/email-accounts/connect/status/AAAAAAAAAAA", key: account.key).json["code"] == 40000)
        }
    }

    @Test(arguments: TestBackend.available)
    func sequencesSendFromAttachedActiveMailboxesOnly(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let good = try #require(try await connect(api, account.key)["id"]?.stringValue)
            let inactive = try #require(try await connect(api, account.key, Self.connectBody(email: "other@example.test", smtpPassword: "x"))["id"]?.stringValue)
            let sequence = try #require(try await api.send(.post, "/v1/sequences", key: account.key, ["title": "Outbound"]).payload["id"]?.stringValue)
            func resume() async throws -> TestHTTPResponse {
                try await api.send(.post, "/v1/sequences/status", key: account.key, ["sequenceIds": [.string(sequence)], "status": "resume"])
            }
            #expect(try await resume().json["code"] == 40103)
            func add(_ ids: [String], to target: String = sequence) async throws -> TestHTTPResponse {
                try await api.send(.post, "/v1/sequences/\(target)/email-accounts/add", key: account.key, ["emailAccountIds": .array(ids.map(JSONValue.string))])
            }
            #expect(try await add([good], to: "AAAAAAAAAAA").json["code"] == 40100)
            #expect(try await add(["AAAAAAAAAAA"]).json["code"] == 40200)
            #expect(try await add([good, inactive]).json["code"] == 40201)
            let tooMany = try await add(Array(repeating: good, count: 51))
            #expect(tooMany.status == 413 && tooMany.json["code"] == 40003)
            #expect(try await add([good]).status == 200)
            #expect(try await add([good]).json["code"] == 40105)

            let links = try await api.request(.get, "/v1/sequences/\(sequence)/email-accounts", key: account.key)
            #expect(links.status == 200)
            #expect(links.json["sequenceId"] == .string(sequence))
            #expect(links.json["emailAccount"]?.arrayValue?.map { $0["id"] } == [.string(good)])
            #expect(links.json["emailAccount"]?.arrayValue?.first?["sequences"] == [["id": .string(sequence), "title": "Outbound"]])
            #expect(try await resume().status == 200)

            let remove = try await api.send(.post, "/v1/sequences/\(sequence)/email-accounts/remove", key: account.key, ["emailAccountIds": [.string(inactive)]])
            #expect(remove.json["code"] == 40200)
            #expect(try await api.send(.post, "/v1/sequences/\(sequence)/email-accounts/remove", key: account.key, ["emailAccountIds": [.string(good)]]).status == 200)
            #expect(try await api.request(.get, "/v1/sequences/\(sequence)/email-accounts", key: account.key).json["emailAccount"] == [])

            // A sequence created with a mailbox has it attached from the start.
            let withMailbox = try await api.send(.post, "/v1/sequences", key: account.key, ["title": "Second", "emailAccountIds": [.string(good)]])
            let second = try #require(withMailbox.payload["id"]?.stringValue)
            #expect(try await api.request(.get, "/v1/sequences/\(second)/email-accounts", key: account.key).json["emailAccount"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func sendsARenderedTestEmailForReal(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let mailbox = try #require(try await connect(api, account.key)["id"]?.stringValue)
            let sequence = try #require(try await api.send(.post, "/v1/sequences", key: account.key, ["title": "Outbound"]).payload["id"]?.stringValue)
            let subject = "Hello {{First Name|there}} \(UUID().uuidString.prefix(8))"
            let body: JSONValue = [
                "to": ["bob@example.com"], "fromEmailAccountId": .string(mailbox), "subject": .string(subject),
                "content": "<p>Hi {{First Name|there}}, from {{Sender First Name}}</p>", "preheader": "Quick one",
            ]
            #expect(try await api.send(.post, "/v1/sequences/\(sequence)/test-email", key: account.key, body).json["code"] == 1001)
            _ = try await api.send(.post, "/v1/sequences/\(sequence)/email-accounts/add", key: account.key, ["emailAccountIds": [.string(mailbox)]])
            let spool = URL(fileURLWithPath: try #require(TestMail.directory)).appendingPathComponent("spool-starttls")
            let before = Set((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? [])
            let sent = try await api.send(.post, "/v1/sequences/\(sequence)/test-email", key: account.key, body)
            #expect(sent.status == 200, "\(sent.text)")
            #expect(sent.json["message"] == "Test email sent successfully")
            // Other suites use the same server meanwhile: this test's message is the one with its subject.
            let expectedSubject = subject.replacingOccurrences(of: "{{First Name|there}}", with: "there")
            let new = Set((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).subtracting(before).filter { $0.hasSuffix(".eml") }
            let message = try #require(try new.map { try String(contentsOf: spool.appendingPathComponent($0), encoding: .utf8) }
                .first { $0.contains("Subject: \(expectedSubject)") })
            #expect(message.contains("Subject: \(expectedSubject)"))
            #expect(message.contains("From: Sam Sender <sender@example.test>"))
            #expect(message.contains("To: <bob@example.com>"))
        }
    }

    @Test(arguments: TestBackend.available)
    func pausesResumesAssignsAndDeletes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try #require(try await connect(api, account.key)["id"]?.stringValue)
            let paused = try await api.request(.post, "/v1/email-accounts/\(id)/pause", key: account.key)
            #expect(paused.payload["status"] == 2)
            let resumed = try await api.request(.post, "/v1/email-accounts/\(id)/resume", key: account.key)
            #expect(resumed.payload["status"] == 1)

            let client = try await api.request(
                .post, "/v1/clients", key: account.key, json: #"{"firstName":"Cy","lastName":"Lee","email":"cy@client.io","companyName":"Client Co","permission":"1"}"#)
            let clientID = try #require(client.payload["id"]?.stringValue)
            let assigned = try await api.send(.post, "/v1/clients/assign/emailAccount", key: account.key, ["resourceIds": [.string(id)], "clientId": .string(clientID)])
            #expect(assigned.status == 200, "\(assigned.text)")
            let clients = try await api.request(.get, "/v1/clients", key: account.key)
            #expect(clients.json["payload"]?["payload"]?.arrayValue?.first?["activeEmailAccounts"] == "1")
            #expect(try await api.request(.get, "/v1/email-accounts/\(id)", key: account.key).payload["client"]?["companyName"] == "Client Co")
            let filtered = try await api.send(.post, "/v1/email-accounts", key: account.key, ["clientIds": [.string(clientID)]])
            #expect(filtered.payload["meta"]?["totalItems"] == 1)

            #expect(try await api.request(.delete, "/v1/email-accounts/\(id)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/email-accounts/\(id)", key: account.key).status == 404)
            #expect(try await api.request(.delete, "/v1/email-accounts/\(id)", key: account.key).status == 404)
            // The address can be connected again after a delete.
            #expect(try await connect(api, account.key)["status"] == 1)
            let other = try await api.createAccount(name: "Other")
            #expect(try await api.request(.get, "/v1/email-accounts/\(id)", key: other.key).status == 404)
        }
    }
}
