import Foundation
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct ImportAPITests {
    func prospect(_ api: TestAPI, _ key: String, email: String) async throws -> JSONValue {
        let listed = try await api.request(.get, "/v1/prospects?search=\(email)&includeCustomFields=true", key: key)
        return listed.payload.arrayValue?.first ?? .null
    }

    func value(_ prospect: JSONValue, _ label: String) -> String? {
        prospect["attributes"]?.arrayValue?.first { $0["key"] == .string(label) }?["value"]?.stringValue
    }

    @Test(arguments: TestBackend.available)
    func importsRowsAndReportsCountsAndATaggedResult(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let status = try await api.importProspects(
                [
                    ["Email": "ann@acme.io", "First Name": "Ann", "Company": "Acme"],
                    ["email": "bob@acme.io", " first name ": "Bob"],
                    ["Email": "ann@ACME.io", "City": "Paris"],
                ], tags: ["Import"], key: account.key)
            #expect(status["isCompleted"] == true)
            #expect(status["status"] == "completed")
            #expect(status["totalRows"] == 3)
            #expect(status["processedRows"] == 3)
            #expect(status["created"] == 2)
            #expect(status["updated"] == 1)
            #expect(status["skipped"] == 0)
            let ann = try await prospect(api, account.key, email: "ann")
            #expect(value(ann, "City") == "Paris")
            #expect(value(ann, "First Name") == "Ann")
            #expect(ann["tags"]?.arrayValue?.first?["name"] == "Import")
            #expect(value(try await prospect(api, account.key, email: "bob"), "First Name") == "Bob")
        }
    }

    /// Each conflictAction on the same stored prospect: Company set, City set, no Job Title.
    @Test(arguments: TestBackend.available)
    func eachConflictActionMeansWhatItSays(backend: TestBackend) async throws {
        let expected: [(String, company: String?, city: String?, title: String?, updated: Int64, unchanged: Int64)] = [
            ("overwrite", "Globex", nil, "CEO", 1, 0),
            ("upsert", "Globex", "Paris", "CEO", 1, 0),
            ("addMissingFields", "Acme", "Paris", "CEO", 1, 0),
            ("noUpdate", "Acme", "Paris", nil, 0, 1),
        ]
        for (action, company, city, title, updated, unchanged) in expected {
            try await TestAPI.with(backend) { api in
                let account = try await api.createAccount()
                _ = try await api.importProspects([["Email": "ann@acme.io", "Company": "Acme", "City": "Paris"]], key: account.key)
                let status = try await api.importProspects(
                    [["Email": "ann@acme.io", "Company": "Globex", "City": "", "Job Title": "CEO"]], conflictAction: action, key: account.key)
                #expect(status["updated"] == .integer(updated), "\(action)")
                #expect(status["unchanged"] == .integer(unchanged), "\(action)")
                let ann = try await prospect(api, account.key, email: "ann")
                #expect(value(ann, "Company") == company, "\(action)")
                #expect(value(ann, "City") == city, "\(action)")
                #expect(value(ann, "Job Title") == title, "\(action)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAnUnknownConflictAction(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await api.send(
                .post, "/v1/prospects/import-with-field-name", key: account.key, ["prospectList": [["Email": "a@acme.io"]], "conflictAction": "skip"])
            #expect(response.status == 400)
            #expect(response.json["code"] == 4000)
            #expect(response.json["message"] == "conflictAction must be one of the following values: overwrite, noUpdate, addMissingFields, upsert")
        }
    }

    @Test(arguments: TestBackend.available)
    func skipsBadRowsWithTheirReasonsAndImportsTheRest(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await api.send(.post, "/v1/fields", key: account.key, ["label": "Score", "fieldType": "number"])
            _ = try await api.send(.post, "/v1/fields", key: account.key, ["label": "Renewal", "fieldType": "date"])
            _ = try await api.send(.post, "/v1/fields", key: account.key, ["label": "Tier", "fieldType": "dropdown", "metadata": ["options": ["Gold"]]])
            let list = try await api.send(.post, "/v1/dnc/lists", key: account.key, ["name": "Legal"])
            let listID = try #require(list.payload["id"])
            _ = try await api.send(.post, "/v1/dnc", key: account.key, ["dncListId": listID, "items": ["stop@acme.io", "@competitor.com"]])
            _ = try await api.send(.post, "/v1/blacklist-domains", key: account.key, ["domains": "spamtrap.net"])

            let status = try await api.importProspects(
                [
                    ["Email": "good@acme.io", "Score": "12.5", "Renewal": "2027-03-01T10:00:00Z", "Tier": "gold"],
                    ["Email": "not an email"],
                    ["First Name": "No Email"],
                    ["Email": "x@acme.io", "Hat Size": "7"],
                    ["Email": "y@acme.io", "Score": "lots", "Renewal": "soon"],
                    ["Email": "z@acme.io", "Tier": "Silver"],
                    ["Email": "stop@acme.io"],
                    ["Email": "ceo@mail.competitor.com"],
                    ["Email": "bot@spamtrap.net"],
                ], key: account.key)
            #expect(status["created"] == 1)
            #expect(status["skipped"] == 8)

            let reportURL = try #require(status["reportURL"]?.stringValue)
            #expect(reportURL.hasPrefix("\(TestAPI.publicURL)/v1/prospects/import-status/"))
            let report = try await api.request(.get, String(reportURL.dropFirst(TestAPI.publicURL.count)))
            #expect(report.status == 200)
            #expect(report.header("Content-Type") == "text/csv; charset=utf-8")
            // A row's problems are listed in the order of its column names; lines end in CRLF (RFC 4180).
            #expect(report.text.replacingOccurrences(of: "\r\n", with: "\n") == """
                row,email,reason
                2,,not an email is not a valid email address
                3,,Email is required
                4,x@acme.io,Unknown field 'Hat Size'
                5,y@acme.io,"Renewal must be a date in the form YYYY-MM-DD, not soon; Score must be a number, not lots"
                6,z@acme.io,Silver is not one of the options of Tier
                7,stop@acme.io,stop@acme.io is on the Do Not Contact list 'Legal'
                8,ceo@mail.competitor.com,The domain competitor.com is on the Do Not Contact list 'Legal'
                9,bot@spamtrap.net,The domain spamtrap.net is blocklisted

                """)
            let good = try await prospect(api, account.key, email: "good")
            #expect(value(good, "Score") == "12.5")
            #expect(value(good, "Renewal") == "2027-03-01")
            #expect(value(good, "Tier") == "Gold")
        }
    }

    @Test(arguments: TestBackend.available)
    func theReportNeedsTheKeyOrAnUntamperedLink(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let stranger = try await api.createAccount(name: "Other")
            let status = try await api.importProspects([["Email": "bad"]], key: account.key)
            let id = try #require(status["reportURL"]?.stringValue?.split(separator: "/")[5])
            let path = "/v1/prospects/import-status/\(id)/report"
            #expect(try await api.request(.get, path).status == 401)
            #expect(try await api.request(.get, path, key: account.key).text.contains("1,,bad is not a valid email address"))
            let link = String(status["reportURL"]!.stringValue!.dropFirst(TestAPI.publicURL.count))
            #expect(try await api.request(.get, link.replacingOccurrences(of: "signature=", with: "signature=x")).status == 401)
            #expect(try await api.request(.get, link.replacingOccurrences(of: "expires=", with: "expires=9")).status == 401)
            let notTheirs = try await api.request(.get, path, key: stranger.key)
            #expect(notTheirs.status == 400)
            #expect(notTheirs.json["code"] == 40000)
            let statusElsewhere = try await api.request(.get, "/v1/prospects/import-status/\(id)", key: stranger.key)
            #expect(statusElsewhere.json["message"] == "Prospect import request not found")
        }
    }

    @Test(arguments: TestBackend.available)
    func importsByFieldID(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let fields = try await api.request(.get, "/v1/fields?systemFields=true", key: account.key).payload.arrayValue ?? []
            let email = try #require(fields.first { $0["label"] == "Email" }?["id"])
            let company = try #require(fields.first { $0["label"] == "Company" }?["id"])
            let started = try await api.send(
                .post, "/v1/prospects/import", key: account.key,
                [
                    "prospectList": [
                        ["fields": [["id": email, "value": "ann@acme.io"], ["id": company, "value": "Acme"]]],
                        ["fields": [["id": email, "value": "bob@acme.io"], ["id": "AAAAAAAAAAA", "value": "x"]]],
                    ],
                    "conflictAction": "overwrite",
                ])
            #expect(started.status == 201)
            let status = try await api.waitForImport(started.payload["requestId"]!.stringValue!, key: account.key)
            #expect(status["created"] == 1)
            #expect(status["skipped"] == 1)
            #expect(value(try await prospect(api, account.key, email: "ann"), "Company") == "Acme")
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesMoreThan100000RowsWith413(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let rows = String(repeating: #"{"Email":"a@b.co"},"#, count: 100_001).dropLast()
            let response = try await api.request(
                .post, "/v1/prospects/import-with-field-name", key: account.key, json: #"{"conflictAction":"upsert","prospectList":[\#(rows)]}"#)
            #expect(response.status == 413)
            #expect(response.json["code"] == 40003)
            #expect(response.json["message"] == "The maximum prospect limit has been exceeded. You can import up to 100000 prospects at a time")
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAStepThatDoesNotExist(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await api.send(
                .post, "/v1/prospects/import-with-field-name", key: account.key,
                ["prospectList": [["Email": "a@acme.io"]], "conflictAction": "upsert", "stepId": "AAAAAAAAAAA"])
            #expect(response.status == 400)
            #expect(response.json["message"]?.stringValue?.contains("stepId") == true)
        }
    }

    /// Two imports of overlapping rows at once: no duplicate prospect, every row counted once.
    @Test(arguments: TestBackend.available)
    func twoImportsAtOnceForOneAccountStayCorrect(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let first = (0..<3_000).map { JSONValue.object(["Email": .string("p\($0)@acme.io"), "City": "Paris"]) }
            let second = (1_500..<4_500).map { JSONValue.object(["Email": .string("p\($0)@acme.io"), "Company": "Acme"]) }
            async let one = api.importProspects(first, key: account.key)
            async let two = api.importProspects(second, key: account.key)
            let (a, b) = try await (one, two)
            let created = (a["created"]?.integerValue ?? 0) + (b["created"]?.integerValue ?? 0)
            let updated = (a["updated"]?.integerValue ?? 0) + (b["updated"]?.integerValue ?? 0)
            #expect(created == 4_500, "\(a) \(b)")
            #expect(updated == 1_500, "\(a) \(b)")
            let count = try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM prospects").first(decodingColumn: "n", as: Int.self)
            }
            #expect(count == 4_500)
            let overlap = try await prospect(api, account.key, email: "p2000@")
            #expect(value(overlap, "City") == "Paris")
            #expect(value(overlap, "Company") == "Acme")
        }
    }
}
