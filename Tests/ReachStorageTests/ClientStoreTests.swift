import Foundation
import ReachCore
import ReachStorage
import ReachTestSupport
import Testing

@Suite struct ClientStoreTests {
    func setUp(_ database: any DatabaseBackend, clock: TestClock) async throws -> (ClientService, AccountID, AccountID) {
        let accounts = AccountService(accounts: SQLAccountStore(database: database), clock: clock)
        let first = try await accounts.createAccount(name: "A", adminEmail: "ann@acme.io").account.id
        let second = try await accounts.createAccount(name: "B", adminEmail: "bob@bee.io").account.id
        return (ClientService(clients: SQLClientStore(database: database), clock: clock), first, second)
    }

    @Test(arguments: TestBackend.available)
    func pagesSortsAndSearchesWithinOneAccount(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = TestClock()
            let (clients, account, other) = try await setUp(database, clock: clock)
            for index in 0..<30 {
                clock.advance(by: 1)
                _ = try await clients.create(
                    in: account, firstName: String(format: "Name%02d", index), lastName: "L", email: "c\(index)@x.io",
                    companyName: index % 3 == 0 ? "Fizz_Co" : "Plain", permission: .limitedAccess)
            }
            _ = try await clients.create(in: other, firstName: "Other", lastName: "", email: "o@x.io", companyName: "Fizz_Co", permission: .fullAccess)

            let newestFirst = try await clients.list(in: account, search: nil, page: 1, pageSize: nil, sortField: nil, direction: nil)
            #expect(newestFirst.totalItems == 30)
            #expect(newestFirst.items.count == 25)
            #expect(newestFirst.items.first?.client.firstName == "Name29")

            let second = try await clients.list(in: account, search: nil, page: 2, pageSize: 10, sortField: .firstName, direction: .ascending)
            #expect(second.items.map(\.client.firstName) == (10..<20).map { String(format: "Name%02d", $0) })

            let capped = try await clients.list(in: account, search: nil, page: 1, pageSize: 1000, sortField: nil, direction: nil)
            #expect(capped.request.size == 100)
            #expect(capped.items.count == 30)

            // "_" is matched literally, case-insensitively, and never across accounts.
            let found = try await clients.list(in: account, search: "fizz_co", page: nil, pageSize: nil, sortField: nil, direction: nil)
            #expect(found.totalItems == 10)
            let none = try await clients.list(in: account, search: "Fizz%", page: nil, pageSize: nil, sortField: nil, direction: nil)
            #expect(none.totalItems == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesADuplicateClientEmailInOneAccountOnly(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let (clients, account, other) = try await setUp(database, clock: TestClock())
            _ = try await clients.create(in: account, firstName: "A", lastName: "", email: "c@x.io", companyName: "", permission: .fullAccess)
            await #expect(throws: ReachError.self) {
                try await clients.create(in: account, firstName: "B", lastName: "", email: "C@X.io", companyName: "", permission: .fullAccess)
            }
            _ = try await clients.create(in: other, firstName: "B", lastName: "", email: "c@x.io", companyName: "", permission: .fullAccess)
        }
    }

    @Test(arguments: TestBackend.available)
    func doesNotFindAnotherAccountsClient(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let (clients, account, other) = try await setUp(database, clock: TestClock())
            let created = try await clients.create(in: account, firstName: "A", lastName: "", email: "c@x.io", companyName: "", permission: .fullAccess)
            await #expect(throws: ReachError.self) {
                try await clients.assign(.sequence, ids: [], undecodable: [], to: created.client.id, in: other)
            }
        }
    }
}
