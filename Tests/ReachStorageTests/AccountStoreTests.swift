import Foundation
import ReachCore
import ReachStorage
import ReachTestSupport
import Testing

@Suite struct AccountStoreTests {
    func services(_ database: any DatabaseBackend, clock: TestClock = TestClock()) -> (AccountService, APIKeyService) {
        let accounts = SQLAccountStore(database: database)
        return (
            AccountService(accounts: accounts, clock: clock),
            APIKeyService(accounts: accounts, keys: SQLAPIKeyStore(database: database), clock: clock)
        )
    }

    @Test(arguments: TestBackend.available)
    func createsAnAccountWithItsAdminAndAWorkingKey(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let (accounts, keys) = services(database)
            let created = try await accounts.createAccount(name: " Acme ", adminEmail: "Boss@ACME.io")
            #expect(created.account.name == "Acme")
            #expect(created.admin.email == "Boss@acme.io")
            #expect(created.admin.role == .admin)
            let principal = try await keys.authenticate(secret: created.key.secret)
            #expect(principal == Principal(accountID: created.account.id, userID: created.admin.id, apiKeyID: created.key.key.id, role: .admin))
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesASecondUserWithTheSameEmailInAnyCase(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let (accounts, _) = services(database)
            let first = try await accounts.createAccount(name: "A", adminEmail: "ann@acme.io")
            await #expect(throws: ReachError.conflict("A user with that email already exists")) {
                try await accounts.createAccount(name: "B", adminEmail: "ANN@acme.io")
            }
            await #expect(throws: ReachError.self) {
                try await accounts.addUser(to: first.account.id, email: "ann@ACME.io", role: .member)
            }
            // The failed account left nothing behind.
            #expect(try await accounts.listAccounts().count == 1)
        }
    }

    @Test(arguments: TestBackend.available)
    func createsTheDefaultAccountOnlyOnAnEmptyDatabaseEvenWhenRacing(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let created = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        let (accounts, _) = services(database)
                        return try await accounts.createDefaultAccountIfEmpty(adminEmail: "admin\(index)@reach.local") != nil
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(created == 1)
            let (accounts, _) = services(database)
            #expect(try await accounts.createDefaultAccountIfEmpty() == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func revokedKeysStopWorkingAndOthersKeepWorking(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let (accounts, keys) = services(database)
            let created = try await accounts.createAccount(name: "A", adminEmail: "ann@acme.io")
            let second = try await keys.issueKey(forUserEmail: "ann@acme.io", name: "ci")
            try await keys.revokeKey(created.key.key.id)
            await #expect(throws: ReachError.invalidToken) { try await keys.authenticate(secret: created.key.secret) }
            #expect(try await keys.authenticate(secret: second.secret).apiKeyID == second.key.id)
            await #expect(throws: ReachError.self) { try await keys.revokeKey(created.key.key.id) }
        }
    }

    @Test(arguments: TestBackend.available)
    func listsKeysWithoutTheirSecretsAndRecordsUse(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let clock = TestClock()
            let (accounts, keys) = services(database, clock: clock)
            let created = try await accounts.createAccount(name: "A", adminEmail: "ann@acme.io")
            _ = try await accounts.createAccount(name: "B", adminEmail: "bob@bee.io")
            clock.advance(by: 120)
            _ = try await keys.authenticate(secret: created.key.secret)
            let listed = try await keys.listKeys(ownedBy: "ann@acme.io")
            #expect(listed.count == 1)
            #expect(listed[0].userEmail == "ann@acme.io")
            #expect(listed[0].accountName == "A")
            #expect(listed[0].key.prefix == String(created.key.secret.prefix(11)))
            #expect(listed[0].key.lastUsedAt == clock.now)
            #expect(try await keys.listKeys().count == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func addsMembersAndListsTheTeam(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let (accounts, keys) = services(database)
            let created = try await accounts.createAccount(name: "A", adminEmail: "ann@acme.io")
            let member = try await accounts.addUser(to: created.account.id, email: "sam@acme.io", role: .member, firstName: "Sam")
            let key = try await keys.issueKey(forUserEmail: "sam@acme.io")
            #expect(try await keys.authenticate(secret: key.secret).role == .member)
            #expect(try await accounts.teamMembers(of: created.account.id).map(\.email) == ["ann@acme.io", "sam@acme.io"])
            #expect(member.firstName == "Sam")
        }
    }
}
