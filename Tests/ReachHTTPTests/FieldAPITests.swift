import ReachJSON
import ReachTestSupport
import Testing

@Suite struct FieldAPITests {
    @Test(arguments: TestBackend.available)
    func everyAccountStartsWithTheSystemFields(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let custom = try await api.request(.get, "/v1/fields", key: account.key)
            #expect(custom.json["message"] == "Successfully fetched fields of the user")
            #expect(custom.payload == [])
            let all = try await api.request(.get, "/v1/fields?systemFields=true", key: account.key).payload.arrayValue ?? []
            #expect(all.count == 24)
            #expect(all.prefix(3).map { $0["label"] } == ["First Name", "Last Name", "Email"])
            #expect(all.allSatisfy { $0["isDefault"] == true && $0["fieldType"] == "text" })
        }
    }

    @Test(arguments: TestBackend.available)
    func createsEachTypeOfCustomField(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let bodies: [JSONValue] = [
                ["label": "Notes", "fieldType": "long-text", "fallbackText": "—"],
                ["label": "Score", "fieldType": "number"],
                ["label": "Renewal", "fieldType": "date"],
                ["label": "Bio", "fieldType": "text"],
                ["label": "Tier", "fieldType": "dropdown", "metadata": ["options": ["Gold", "Silver"]], "tags": ["crm"]],
                ["label": "ARR", "fieldType": "currency", "metadata": ["currencyCode": "EUR"]],
            ]
            for body in bodies {
                let response = try await api.send(.post, "/v1/fields", key: account.key, body)
                #expect(response.status == 201, "\(body)")
                #expect(response.json["message"] == "Custom field created successfully")
                #expect(response.payload["isDefault"] == false)
                #expect(response.payload["fieldType"] == body["fieldType"])
            }
            let tier = try await api.request(.get, "/v1/fields", key: account.key).payload.arrayValue?.first { $0["label"] == "Tier" }
            #expect(tier?["metadata"] == ["options": ["Gold", "Silver"]])
            #expect(tier?["tags"] == ["crm"])
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesWhatAFieldCannotBe(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await api.send(.post, "/v1/fields", key: account.key, ["label": "Score", "fieldType": "number"])
            let cases: [(JSONValue, Int, String)] = [
                (["label": "first name", "fieldType": "text"], 1001, "Default fields cannot be added as custom fields"),
                (["label": "SCORE", "fieldType": "text"], 1001, "A field with this label already exists"),
                (["label": "Tier", "fieldType": "dropdown"], 1001, "A dropdown field needs metadata.options"),
                (["label": "ARR", "fieldType": "currency", "metadata": ["currencyCode": "BTC"]], 1001, "metadata.currencyCode must be one of"),
                (["label": "ARR", "fieldType": "currency"], 1001, "A currency field needs metadata.currencyCode"),
                (["label": "Size", "fieldType": "shoe"], 1001, "fieldType must be one of the following values"),
                (
                    ["label": "Many", "fieldType": "dropdown", "metadata": ["options": .array((0...50).map { .string("o\($0)") })]], 1001,
                    "metadata.options must contain no more than 50 elements"
                ),
            ]
            for (body, code, message) in cases {
                let response = try await api.send(.post, "/v1/fields", key: account.key, body)
                #expect(response.status == 400, "\(body)")
                #expect(response.json["code"] == .integer(Int64(code)), "\(body)")
                #expect(response.json["message"]?.stringValue?.hasPrefix(message) == true, "\(response.text)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func updatesCustomFieldsAndOnlyTheFallbackOfSystemOnes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let score = try #require(try await api.send(.post, "/v1/fields", key: account.key, ["label": "Score", "fieldType": "number"]).payload["id"]?.stringValue)
            let renamed = try await api.send(.patch, "/v1/fields/\(score)", key: account.key, ["label": "Lead Score", "fallbackText": "0"])
            #expect(renamed.json["message"] == "Custom field updated successfully")
            #expect(renamed.payload["label"] == "Lead Score")
            #expect(renamed.payload["fallbackText"] == "0")

            let all = try await api.request(.get, "/v1/fields?systemFields=true", key: account.key).payload.arrayValue ?? []
            let firstName = try #require(all.first { $0["label"] == "First Name" }?["id"]?.stringValue)
            let fallback = try await api.send(.patch, "/v1/fields/\(firstName)", key: account.key, ["fallbackText": "there"])
            #expect(fallback.payload["fallbackText"] == "there")
            let rename = try await api.send(.patch, "/v1/fields/\(firstName)", key: account.key, ["label": "Given Name"])
            #expect(rename.status == 400)
            #expect(rename.json["message"] == "Default field names cannot be edited")
            let missing = try await api.send(.patch, "/v1/fields/AAAAAAAAAAA", key: account.key, ["label": "X"])
            #expect(missing.json["message"] == "Field not found")
            #expect(missing.json["code"] == 1001)
        }
    }
}
