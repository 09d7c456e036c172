import Foundation

/// Storage of accounts and their users.
public protocol AccountStore: Sendable {
    /// Creates the account, its admin and the admin's first key in one transaction.
    /// Throws a `.conflict` ReachError when the admin's email is taken.
    func createAccount(name: String, admin: NewUser, key: NewAPIKey, at date: Date) async throws -> (Account, User, APIKey)

    /// As `createAccount`, but only when the database holds no account at all; nil otherwise.
    /// Safe when several processes start at once on one empty database.
    func createFirstAccount(name: String, admin: NewUser, key: NewAPIKey, at date: Date) async throws -> (Account, User, APIKey)?

    func accounts() async throws -> [AccountListing]
    func account(_ id: AccountID) async throws -> Account?

    /// Throws a `.conflict` ReachError when the email is taken.
    func createUser(_ user: NewUser, in account: AccountID, at date: Date) async throws -> User
    func user(email: EmailAddress) async throws -> User?
    func users(in account: AccountID) async throws -> [User]
}

/// Storage of API keys.
public protocol APIKeyStore: Sendable {
    func createKey(_ key: NewAPIKey, for user: User, at date: Date) async throws -> APIKey
    /// The caller behind a live (not revoked) key, and when the key was last used.
    func principal(secretHash: String) async throws -> (principal: Principal, lastUsedAt: Date?)?
    func recordUse(of key: APIKeyID, at date: Date) async throws
    func keys(ownedBy email: EmailAddress?) async throws -> [APIKeyListing]
    /// False when no live key has that id.
    func revoke(_ key: APIKeyID, at date: Date) async throws -> Bool
}
