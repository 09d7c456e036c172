import Foundation
import ReachAPI
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct ClientAPITests {
    func createClient(_ api: TestAPI, key: String, firstName: String, email: String, permission: String = "\"2\"") async throws -> TestHTTPResponse {
        try await api.request(
            .post, "/v1/clients", key: key,
            json: #"{"firstName":"\#(firstName)","lastName":"Lee","email":"\#(email)","companyName":"Acme","permission":\#(permission)}"#)
    }

    @Test(arguments: TestBackend.available)
    func createsAClientAndListsItInTheNestedEnvelope(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let created = try await createClient(api, key: account.key, firstName: "Ann", email: "ann@client.io")
            #expect(created.status == 201)
            #expect(created.json["message"] == "Client created successfully")
            let id = try #require(created.payload["id"]?.stringValue)
            #expect(id.count == 11)

            let listed = try await api.request(.get, "/v1/clients", key: account.key)
            #expect(listed.status == 200)
            #expect(listed.json["message"] == nil)
            let inner = listed.json["payload"]
            #expect(inner?["message"] == "Successfully fetched clients")
            #expect(inner?["meta"] == ["totalItems": 1, "currentPage": 1, "itemsPerPage": 25, "totalPages": 1, "itemCount": 1])
            let client = inner?["payload"]?.arrayValue?.first
            #expect(client?["id"] == .string(id))
            #expect(client?["permission"] == "limited-access")
            #expect(client?["activeSequence"] == "0")
            #expect(client?["email"] == "ann@client.io")
        }
    }

    @Test(arguments: TestBackend.available)
    func acceptsThePermissionAsANumber(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let created = try await createClient(api, key: account.key, firstName: "Ann", email: "ann@client.io", permission: "1")
            #expect(created.status == 201)
            #expect(created.payload["permission"] == "full-access")
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesADuplicateClientWithSaleshandysCode(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await createClient(api, key: account.key, firstName: "Ann", email: "ann@client.io")
            let again = try await createClient(api, key: account.key, firstName: "Ann", email: "ANN@client.io")
            #expect(again.status == 400)
            #expect(again.json["code"] == 1001)
            #expect(again.json["message"] == "Same client user already exists")
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAnInvalidEmail(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await createClient(api, key: account.key, firstName: "Ann", email: "not-an-email")
            #expect(response.status == 400)
            #expect(response.json["message"] == "email must be an email")
        }
    }

    @Test(arguments: TestBackend.available)
    func pagesSortsAndSearches(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            for index in 0..<12 {
                _ = try await createClient(api, key: account.key, firstName: String(format: "N%02d", index), email: "c\(index)@client.io")
            }
            let page = try await api.request(.get, "/v1/clients?page=2&pageSize=5&sort=ASC&sortBy=firstName", key: account.key)
            #expect(page.payload["payload"]?.arrayValue?.compactMap { $0["firstName"]?.stringValue } == ["N05", "N06", "N07", "N08", "N09"])
            #expect(page.payload["meta"]?["totalPages"] == 3)
            let capped = try await api.request(.get, "/v1/clients?pageSize=1000", key: account.key)
            #expect(capped.payload["meta"]?["itemsPerPage"] == 100)
            let searched = try await api.request(.get, "/v1/clients?search=c11%40client", key: account.key)
            #expect(searched.payload["payload"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherAccountSeesNoneOfIt(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let owner = try await api.createAccount()
            let stranger = try await api.createAccount(name: "Other")
            let created = try await createClient(api, key: owner.key, firstName: "Ann", email: "ann@client.io")
            let clientID = try #require(created.payload["id"]?.stringValue)
            let listed = try await api.request(.get, "/v1/clients", key: stranger.key)
            #expect(listed.payload["payload"] == [])
            let assign = try await api.request(
                .post, "/v1/clients/assign/sequence", key: stranger.key, json: #"{"resourceIds":["abc"],"clientId":"\#(clientID)"}"#)
            #expect(assign.status == 400)
            #expect(assign.json["message"] == "Invalid client id")
        }
    }

    @Test(arguments: TestBackend.available)
    func assignmentValidatesTheResourceTypeAndIds(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let wrongType = try await api.request(.post, "/v1/clients/assign/prospect", key: account.key, json: #"{"resourceIds":["a"]}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.json["message"] == "resourceType must be one of the following values: sequence, emailAccount")
            let empty = try await api.request(.post, "/v1/clients/assign/sequence", key: account.key, json: #"{"resourceIds":[]}"#)
            #expect(empty.json["message"] == "resourceIds should not be empty")
            let unknown = try await api.request(.post, "/v1/clients/assign/emailAccount", key: account.key, json: #"{"resourceIds":["zzzzzzzzzzz", 42]}"#)
            #expect(unknown.status == 400)
            #expect(unknown.json["code"] == 4000)
            #expect(unknown.json["message"]?.stringValue?.contains("2 of the resourceIds are not email accounts of this account") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func assignsSequencesToAClientAndCountsTheirProspects(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let client = try #require(try await createClient(api, key: account.key, firstName: "Ann", email: "ann@client.io").payload["id"]?.stringValue)
            let sequence = try #require(try await api.send(.post, "/v1/sequences", key: account.key, ["title": "For Ann"]).payload["id"]?.stringValue)
            _ = try await api.send(.post, "/v1/sequences", key: account.key, ["title": "In-house"])
            let step = try await api.send(
                .post, "/v1/sequences/\(sequence)/steps", key: account.key,
                ["type": "Email", "absoluteDays": 1, "variants": [["payload": ["subject": "Hi", "content": "Hi"]]]]).payload["id"]!
            let prospect = try await api.send(.post, "/v1/prospects", key: account.key, ["attributes": ["Email": "p@prospect.io"]]).payload["id"]!
            _ = try await api.send(.post, "/v1/sequences/\(sequence)/contacts", key: account.key, ["contactIds": [prospect], "stepId": step])

            let assigned = try await api.send(
                .post, "/v1/clients/assign/sequence", key: account.key, ["resourceIds": [.string(sequence)], "clientId": .string(client)])
            #expect(assigned.status == 200, "\(assigned.text)")
            let listed = try await api.request(.get, "/v1/clients", key: account.key).json["payload"]?["payload"]?.arrayValue?.first
            #expect(listed?["totalProspects"] == "1")
            #expect(listed?["activeSequence"] == "0")
            let forClient = try await api.request(.get, "/v1/sequences?clientIds=\(client)", key: account.key).payload.arrayValue ?? []
            #expect(forClient.map { $0["title"] } == ["For Ann"])
            #expect(forClient.first?["client"]?["companyName"] == "Acme")

            let detached = try await api.send(.post, "/v1/clients/assign/sequence", key: account.key, ["resourceIds": [.string(sequence)]])
            #expect(detached.status == 200)
            #expect(try await api.request(.get, "/v1/sequences/\(sequence)", key: account.key).payload["client"] == .null)
            let unknown = try await api.send(
                .post, "/v1/clients/assign/sequence", key: account.key, ["resourceIds": [.string(sequence), "zzzzzzzzzzz"], "clientId": .string(client)])
            #expect(unknown.status == 400)
            #expect(try await api.request(.get, "/v1/sequences/\(sequence)", key: account.key).payload["client"] == .null)
        }
    }
}
