import ReachJSON
import ReachTestSupport
import Testing

@Suite struct DoNotContactAPITests {
    @Test(arguments: TestBackend.available)
    func managesListsAndTheirItemsInSaleshandysShapes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let created = try await api.send(.post, "/v1/dnc/lists", key: account.key, ["name": "Customers"])
            #expect(created.status == 201)
            let id = try #require(created.payload["id"]?.stringValue)
            let added = try await api.send(
                .post, "/v1/dnc", key: account.key,
                ["dncListId": .string(id), "items": ["Ann@Acme.io", "@globex.com", "https://www.initech.com/about", "not a thing", "ann@acme.io"]])
            #expect(added.payload == ["added": 3, "alreadyListed": 0, "invalid": ["not a thing"]])
            let again = try await api.send(.post, "/v1/dnc", key: account.key, ["dncListId": .string(id), "items": ["globex.com"]])
            #expect(again.payload == ["added": 0, "alreadyListed": 1, "invalid": []])

            let lists = try await api.request(.get, "/v1/dnc?sortBy=total&sort=DESC", key: account.key)
            #expect(lists.json["message"] == nil)
            #expect(lists.payload["message"] == "Successfully fetched dnc list")
            let list = try #require(lists.payload["payload"]?.arrayValue?.first)
            #expect(list["numberOfItems"] == 3)
            #expect(list["total"] == "3")

            let items = try await api.request(.get, "/v1/dnc/\(id)?type=domain", key: account.key)
            #expect(items.payload["message"] == "Successfully fetched dnc item")
            #expect(items.payload["dncDetails"]?.arrayValue?.compactMap { $0["value"]?.stringValue }.sorted() == ["globex.com", "initech.com"])
            #expect(items.payload["meta"]?["totalItems"] == 2)

            let found = try await api.request(.get, "/v1/dnc/item/search?search=acme&type=all", key: account.key)
            #expect(found.payload["dncList"]?.arrayValue?.first?["dncItems"]?.arrayValue?.first?["value"] == "ann@acme.io")

            let removed = try await api.send(.post, "/v1/dnc/\(id)/items/remove", key: account.key, ["items": ["ANN@acme.io"]])
            #expect(removed.payload == ["removed": 1])
            let renamed = try await api.send(.patch, "/v1/dnc/\(id)", key: account.key, ["name": "Clients"])
            #expect(renamed.payload["name"] == "Clients")
            #expect(try await api.send(.post, "/v1/dnc/lists", key: account.key, ["name": "clients"]).status == 409)
            #expect(try await api.request(.delete, "/v1/dnc/\(id)", key: account.key).status == 200)
            #expect(try await api.request(.get, "/v1/dnc/\(id)", key: account.key).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherAccountsListIsNotFound(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let stranger = try await api.createAccount(name: "Other")
            let id = try #require(try await api.send(.post, "/v1/dnc/lists", key: account.key, ["name": "Mine"]).payload["id"])
            #expect(try await api.request(.get, "/v1/dnc/\(id.stringValue!)", key: stranger.key).status == 404)
            #expect(try await api.send(.post, "/v1/dnc", key: stranger.key, ["dncListId": id, "items": ["a@b.co"]]).status == 404)
            #expect(try await api.request(.get, "/v1/dnc", key: stranger.key).payload["payload"] == [])
        }
    }

    @Test(arguments: TestBackend.available)
    func blocklistsDomainsWithTheDocumentedLimitsAndCodes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let added = try await api.send(.post, "/v1/blacklist-domains", key: account.key, ["domains": "Example.com, dev.to"])
            #expect(added.status == 201)
            #expect(added.payload == ["domains": ["example.com", "dev.to"]])
            let cases: [(String, Int64)] = [
                ("example.com", 40002),
                ("not a domain,ok.io", 40001),
                ((0...50).map { "d\($0).com" }.joined(separator: ","), 40003),
            ]
            for (domains, code) in cases {
                let response = try await api.send(.post, "/v1/blacklist-domains", key: account.key, ["domains": .string(domains)])
                #expect(response.status == 400)
                #expect(response.json["code"] == .integer(code))
            }
            let listed = try await api.request(.get, "/v1/blacklist-domains", key: account.key)
            #expect(listed.payload.arrayValue?.compactMap { $0["domain"]?.stringValue } == ["dev.to", "example.com"])
            #expect(try await api.request(.delete, "/v1/blacklist-domains/dev.to", key: account.key).status == 200)
            #expect(try await api.request(.delete, "/v1/blacklist-domains/dev.to", key: account.key).status == 404)
        }
    }
}
