import Foundation
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct ProspectAPITests {
    func create(_ api: TestAPI, _ key: String, _ attributes: JSONValue, tags: [String] = []) async throws -> TestHTTPResponse {
        try await api.send(.post, "/v1/prospects", key: key, ["attributes": attributes, "tags": .array(tags.map(JSONValue.string))])
    }

    @Test(arguments: TestBackend.available)
    func createsGetsAndListsAProspectInSaleshandysShape(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await api.send(.post, "/v1/fields", key: account.key, ["label": "Shoe Size", "fieldType": "number"])
            let created = try await create(
                api, account.key, ["Email": " Ann.Lee@ACME.io ", "First Name": "Ann", "Last Name": "Lee", "Shoe Size": 38, "City": ""], tags: ["vip"])
            #expect(created.status == 201)
            let prospect = created.payload
            #expect(prospect["email"] == "Ann.Lee@acme.io")
            #expect(prospect["verificationStatus"] == "unverified")
            #expect(prospect["tags"]?.arrayValue?.first?["name"] == "vip")
            let id = try #require(prospect["id"]?.stringValue)

            let listed = try await api.request(.get, "/v1/prospects", key: account.key)
            #expect(listed.json["message"] == "Successfully fetched prospects")
            let first = try #require(listed.payload.arrayValue?.first)
            #expect(first["id"] == .string(id))
            let keys = first["attributes"]?.arrayValue?.compactMap { $0["key"]?.stringValue }
            #expect(keys == ["First Name", "Last Name", "Email"])
            let withCustom = try await api.request(.get, "/v1/prospects?includeCustomFields=true", key: account.key)
            #expect(withCustom.payload.arrayValue?.first?["attributes"]?.arrayValue?.last?["value"] == "38")

            let one = try await api.request(.get, "/v1/prospects/\(id)", key: account.key)
            #expect(one.payload["id"] == .string(id))
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesADuplicateEmailAnInvalidOneAndAnUnknownField(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await create(api, account.key, ["Email": "ann@acme.io"])
            let duplicate = try await create(api, account.key, ["Email": "ANN@acme.io"])
            #expect(duplicate.status == 409)
            #expect(duplicate.json["message"]?.stringValue?.contains("already exists") == true)
            let invalid = try await create(api, account.key, ["Email": "ann@"])
            #expect(invalid.status == 400)
            #expect(invalid.json["message"] == "ann@ is not a valid email address")
            let unknown = try await create(api, account.key, ["Email": "bob@acme.io", "Favourite Colour": "red"])
            #expect(unknown.json["message"] == "Unknown field 'Favourite Colour'")
            let missing = try await create(api, account.key, ["First Name": "Bob"])
            #expect(missing.json["message"] == "Email is required")
        }
    }

    @Test(arguments: TestBackend.available)
    func searchesByTheStartOfEmailDomainAndNames(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await create(api, account.key, ["Email": "ann@acme.io", "First Name": "Ann", "Last Name": "Lee"])
            _ = try await create(api, account.key, ["Email": "bob@globex.com", "First Name": "Bob", "Last Name": "Annan"])
            _ = try await create(api, account.key, ["Email": "zoe@acme.io", "First Name": "Zoë", "Last Name": "Müller"])
            func emails(_ search: String) async throws -> [String] {
                let query = search.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")) ?? search
                let response = try await api.request(.get, "/v1/prospects?search=\(query)&sort=ASC", key: account.key)
                return response.payload.arrayValue?.compactMap { $0["email"]?.stringValue } ?? []
            }
            #expect(try await emails("ann") == ["ann@acme.io", "bob@globex.com"])
            #expect(try await emails("ACME") == ["ann@acme.io", "zoe@acme.io"])
            #expect(try await emails("bob annan") == ["bob@globex.com"])
            #expect(try await emails("zoë") == ["zoe@acme.io"])
            #expect(try await emails("müller") == ["zoe@acme.io"])
            #expect(try await emails("cme") == [])
            #expect(try await emails("%") == [])
        }
    }

    /// Each search index hands over only the first page-end matches in the page's order: pages
    /// deep into a search must still come out whole, in order, with no prospect twice, however
    /// the matches spread over the indexes (a prospect found by email and by name is one match).
    @Test(arguments: TestBackend.available)
    func searchPagesMergeTheIndexesInCreationOrder(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            var matching: [String] = []
            for index in 0..<40 {
                api.clock.advance(by: 1)
                let row: JSONValue =
                    switch index % 5 {
                    case 0: ["Email": .string("ann.\(index)@acme.io"), "First Name": "Ann"]  // email and full name
                    case 1: ["Email": .string("x\(index)@annco.com")]  // domain
                    case 2: ["Email": .string("y\(index)@acme.io"), "Last Name": "Annan"]  // last name
                    case 3: ["Email": .string("z\(index)@acme.io"), "First Name": "Anna", "Last Name": "Berg"]  // full name
                    default: ["Email": .string("bob\(index)@acme.io"), "First Name": "Bob"]  // no match
                    }
                _ = try await create(api, account.key, row)
                if index % 5 != 4 { matching.append(try #require(row["Email"]?.stringValue)) }
            }
            for (sort, expected) in [("DESC", Array(matching.reversed())), ("ASC", matching)] {
                var listed: [String] = []
                for page in 1...4 {
                    let response = try await api.request(.get, "/v1/prospects?search=ann&pageSize=10&page=\(page)&sort=\(sort)", key: account.key)
                    listed += response.payload.arrayValue?.compactMap { $0["email"]?.stringValue } ?? []
                }
                #expect(listed == expected, "\(sort)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func pagesCapsAndSorts(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            for index in 0..<12 {
                api.clock.advance(by: 1)
                _ = try await create(api, account.key, ["Email": .string("p\(index)@acme.io")])
            }
            let newest = try await api.request(.get, "/v1/prospects?pageSize=10&page=1", key: account.key)
            #expect(newest.payload.arrayValue?.first?["email"] == "p11@acme.io")
            #expect(newest.payload.arrayValue?.count == 10)
            let oldestSecondPage = try await api.request(.get, "/v1/prospects?pageSize=10&page=2&sort=ASC&sortBy=createdAt", key: account.key)
            #expect(oldestSecondPage.payload.arrayValue?.compactMap { $0["email"]?.stringValue } == ["p10@acme.io", "p11@acme.io"])
            let capped = try await api.request(.get, "/v1/prospects?pageSize=5000", key: account.key)
            #expect(capped.payload.arrayValue?.count == 12)
            let byOwner = try await api.request(.get, "/v1/prospects?sortBy=owner", key: account.key)
            #expect(byOwner.status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func updatesAndDeletesAndKeepsAccountsApart(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let stranger = try await api.createAccount(name: "Other")
            let id = try #require(try await create(api, account.key, ["Email": "ann@acme.io", "City": "Paris"]).payload["id"]?.stringValue)
            let updated = try await api.send(.patch, "/v1/prospects/\(id)", key: account.key, ["attributes": ["City": "", "Company": "Acme"], "tags": ["q4"]])
            let keys = updated.payload["attributes"]?.arrayValue?.compactMap { $0["key"]?.stringValue }
            #expect(keys == ["Email", "Company"])
            #expect(updated.payload["tags"]?.arrayValue?.count == 1)

            for (method, path) in [("GET", "/v1/prospects/\(id)"), ("DELETE", "/v1/prospects/\(id)"), ("PATCH", "/v1/prospects/\(id)")] {
                let response = try await api.request(.init(rawValue: method)!, path, key: stranger.key, json: method == "PATCH" ? "{}" : nil)
                #expect(response.status == 404, "\(method) \(path)")
                #expect(response.json["message"] == "Prospect not found")
            }
            #expect(try await api.request(.delete, "/v1/prospects/\(id)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/prospects/\(id)", key: account.key).status == 404)
            #expect(try await api.request(.get, "/v1/prospects/notAnIdAtAll", key: account.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func bulkDeletesOnlyTheAccountsProspects(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let stranger = try await api.createAccount(name: "Other")
            let mine = try #require(try await create(api, account.key, ["Email": "a@acme.io"]).payload["id"])
            let theirs = try #require(try await create(api, stranger.key, ["Email": "b@acme.io"]).payload["id"])
            let deleted = try await api.send(.post, "/v1/prospects/bulk-delete", key: account.key, ["prospectIds": [mine, theirs, "junk"]])
            #expect(deleted.payload == ["deleted": 1])
            #expect(try await api.request(.get, "/v1/prospects/\(theirs.stringValue!)", key: stranger.key).status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func setsAttributesFieldByField(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let segment = try await api.send(
                .post, "/v1/fields", key: account.key, ["label": "Segment", "fieldType": "dropdown", "metadata": ["options": ["SMB", "Enterprise"]]])
            let segmentID = try #require(segment.payload["id"])
            let fields = try await api.request(.get, "/v1/fields?systemFields=true", key: account.key).payload.arrayValue ?? []
            let cityID = try #require(fields.first { $0["label"] == "City" }?["id"])
            let id = try #require(try await create(api, account.key, ["Email": "ann@acme.io"]).payload["id"]?.stringValue)

            let result = try await api.send(
                .post, "/v1/prospects/\(id)/attribute", key: account.key,
                ["attributes": [["fieldId": cityID, "attributeValue": "Lyon"], ["fieldId": segmentID, "attributeValue": "Huge"], ["fieldId": "nope", "attributeValue": "x"]]])
            #expect(result.status == 201)
            #expect(result.json["message"] == "Prospect attribute updated successfully")
            let results = result.payload["results"]?.arrayValue ?? []
            #expect(results.map { $0["success"] } == [true, false, false])
            #expect(results[1]["message"] == "Huge is not one of the options of Segment")

            let single = try await api.send(.post, "/v1/prospects/\(id)/attribute", key: account.key, ["fieldId": segmentID, "attributeValue": "smb"])
            #expect(single.payload["results"]?.arrayValue?.first?["success"] == true)

            let city = try await api.request(.get, "/v1/prospects/attribute?attributeId=\(cityID.stringValue!)&prospectId=\(id)", key: account.key)
            #expect(city.payload == ["fieldId": cityID, "label": "City", "fieldType": "text", "value": "Lyon"])
            let segmentValue = try await api.request(
                .get, "/v1/prospects/attribute?attributeId=\(segmentID.stringValue!)&prospectId=\(id)", key: account.key)
            #expect(segmentValue.payload["value"] == "SMB")
            let unknownProspect = try await api.send(.post, "/v1/prospects/AAAAAAAAAAA/attribute", key: account.key, ["fieldId": cityID])
            #expect(unknownProspect.status == 404)
            let neither = try await api.send(.post, "/v1/prospects/\(id)/attribute", key: account.key, [:])
            #expect(neither.status == 400)
            #expect(neither.json["code"] == 50001)
        }
    }

    @Test(arguments: TestBackend.available)
    func assignsListsAndRemovesTags(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let first = try #require(try await create(api, account.key, ["Email": "a@acme.io"]).payload["id"])
            _ = try await create(api, account.key, ["Email": "b@acme.io"])
            let assigned = try await api.send(
                .post, "/v1/prospects/tags/assign", key: account.key, ["prospects": [first], "prospectsEmails": ["B@acme.io"], "tags": ["Hot", "Q4"]])
            #expect(assigned.status == 201)
            #expect(assigned.json["message"] == "Tags are assigned to prospects successfully")
            #expect(assigned.payload["prospectCount"] == 2)
            let tags = try await api.request(.get, "/v1/prospects/tags?search=ho", key: account.key).payload.arrayValue ?? []
            #expect(tags.map { $0["name"] } == ["Hot"])
            #expect(tags.first?["prospectCount"] == 2)

            let removed = try await api.send(.post, "/v1/prospects/tags/un-assign", key: account.key, ["prospectsEmails": ["a@acme.io"], "tags": ["hot"]])
            #expect(removed.status == 201)
            let after = try await api.request(.get, "/v1/prospects/tags", key: account.key).payload.arrayValue ?? []
            #expect(after.first { $0["name"] == "Hot" }?["prospectCount"] == 1)

            let tagID = try #require(after.first { $0["name"] == "Q4" }?["id"]?.stringValue)
            #expect(try await api.request(.delete, "/v1/prospects/tags/\(tagID)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/prospects/tags", key: account.key).payload.arrayValue?.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func tagAssignmentNamesWhatIsWrongWithSaleshandysCodes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let stranger = try await api.createAccount(name: "Other")
            let theirs = try #require(try await create(api, stranger.key, ["Email": "x@acme.io"]).payload["id"])
            let cases: [(JSONValue, Int64)] = [
                (["tags": ["a"]], 40503),
                (["prospects": [theirs], "tags": ["a"]], 40501),
                (["prospectsEmails": ["nobody@acme.io"], "tags": ["a"]], 40502),
            ]
            for (body, code) in cases {
                let response = try await api.send(.post, "/v1/prospects/tags/assign", key: account.key, body)
                #expect(response.status == 400)
                #expect(response.json["code"] == .integer(code))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func unsubscribesAndReportsVerificationVerdicts(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let id = try #require(try await create(api, account.key, ["Email": "a@acme.io"]).payload["id"])
            _ = try await create(api, account.key, ["Email": "b@acme.io"])
            let unsubscribed = try await api.send(.post, "/v1/prospects/unsubscribe", key: account.key, ["prospectIds": [id]])
            #expect(unsubscribed.payload == ["unsubscribed": 1])
            let byEmail = try await api.send(.post, "/v1/contacts/unsubscribe", key: account.key, ["prospectEmails": ["b@acme.io"]])
            #expect(byEmail.payload == ["unsubscribed": 1])
            let bad = try await api.send(.post, "/v1/prospects/unsubscribe", key: account.key, ["prospectIds": ["AAAAAAAAAAA"]])
            #expect(bad.status == 400)
            #expect(bad.json["code"] == 1001)
            #expect(try await api.request(.get, "/v1/prospects/\(id.stringValue!)", key: account.key).payload["unsubscribedAt"] != .null)
            let again = try await api.send(.post, "/v1/prospects/unsubscribe", key: account.key, ["prospectIds": [id]])
            #expect(again.payload == ["unsubscribed": 0], "already unsubscribed")
            // Each newly unsubscribed prospect is an event (webhooks hear of it), once.
            try await api.eventsSettled()
            let events = try await api.request(.get, "/v1/events?type=prospect-unsubscribed", key: account.key).payload["events"]?.arrayValue ?? []
            #expect(events.count == 2, "\(events)")
            #expect(events.first?["prospectId"] == id)
            #expect(events.allSatisfy { $0["sequenceId"] == nil || $0["sequenceId"] == .null }, "no sequence: the account unsubscribed them")

            let verdicts = try await api.send(.post, "/v1/prospects/verification-status", key: account.key, ["emails": ["A@acme.io", "nobody@acme.io"]])
            #expect(verdicts.payload == [
                ["email": "A@acme.io", "prospectId": id, "verificationStatus": "unverified", "verificationReasons": [], "verifiedAt": nil, "verificationPending": false],
                ["email": "nobody@acme.io", "prospectId": nil, "verificationStatus": nil, "verificationReasons": [], "verifiedAt": nil, "verificationPending": false],
            ])
            let sequences = try await api.request(.get, "/v1/prospects/\(id.stringValue!)/minimal/sequences", key: account.key)
            #expect(sequences.payload == [])
        }
    }
}
