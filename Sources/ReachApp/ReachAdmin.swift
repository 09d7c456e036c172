import Foundation
import Logging
import ReachCore
import ReachStorage

/// The administrative commands that work on the database directly (no server needed):
/// accounts, users, keys and migrations.
public struct ReachAdmin: Sendable {
    let configuration: DatabaseConfiguration
    let logger: Logger

    public init(databaseURL: String, logger: Logger) throws {
        configuration = try DatabaseConfiguration(url: databaseURL)
        self.logger = logger
    }

    public func migrate() async throws -> [Int] {
        try await withDatabase(configuration, logger: logger) { database in try await Migrator(database: database).migrate() }
    }

    public func createAccount(name: String, adminEmail: String, firstName: String, lastName: String) async throws -> AccountService.CreatedAccount {
        try await withServices { services in
            try await services.accounts.createAccount(name: name, adminEmail: adminEmail, firstName: firstName, lastName: lastName)
        }
    }

    public func listAccounts() async throws -> [(id: String, listing: AccountListing)] {
        try await withServices { services in
            try await services.accounts.listAccounts().map { (services.codec.encode($0.account.id), $0) }
        }
    }

    public func addUser(accountID: String, email: String, role: UserRole, firstName: String, lastName: String) async throws -> (id: String, user: User) {
        try await withServices { services in
            guard let account = services.codec.decode(accountID, as: Account.self) else { throw ReachError.notFound("Account not found") }
            let user = try await services.accounts.addUser(to: account, email: email, role: role, firstName: firstName, lastName: lastName)
            return (services.codec.encode(user.id), user)
        }
    }

    public func createKey(email: String, name: String) async throws -> (id: String, key: IssuedAPIKey) {
        try await withServices { services in
            let issued = try await services.apiKeys.issueKey(forUserEmail: email, name: name)
            return (services.codec.encode(issued.key.id), issued)
        }
    }

    public func listKeys(email: String?) async throws -> [(id: String, listing: APIKeyListing)] {
        try await withServices { services in
            try await services.apiKeys.listKeys(ownedBy: email).map { (services.codec.encode($0.key.id), $0) }
        }
    }

    public func revokeKey(id: String) async throws {
        try await withServices { services in
            guard let key = services.codec.decode(id, as: APIKey.self) else { throw ReachError.notFound("No live API key has that id") }
            try await services.apiKeys.revokeKey(key)
        }
    }

    private func withServices<Result: Sendable>(_ body: @escaping @Sendable (AdminServices) async throws -> Result) async throws -> Result {
        try await withDatabase(configuration, logger: logger) { database in
            try await Migrator(database: database).migrate()
            let accounts = SQLAccountStore(database: database)
            let clock = SystemClock()
            return try await body(AdminServices(
                accounts: AccountService(accounts: accounts, clock: clock),
                apiKeys: APIKeyService(accounts: accounts, keys: SQLAPIKeyStore(database: database), clock: clock),
                codec: try await PublicIDCodec.load(from: SQLSettingsStore(database: database))))
        }
    }
}

private struct AdminServices: Sendable {
    let accounts: AccountService
    let apiKeys: APIKeyService
    let codec: PublicIDCodec
}
