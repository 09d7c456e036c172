import Foundation

/// Accounts, their people and the first key of each: the rules for creating them.
public struct AccountService: Sendable {
    let accounts: any AccountStore
    let clock: any WallClock

    public init(accounts: any AccountStore, clock: any WallClock) {
        self.accounts = accounts
        self.clock = clock
    }

    public struct CreatedAccount: Sendable {
        public let account: Account
        public let admin: User
        public let key: IssuedAPIKey
    }

    /// The account a fresh installation starts with, so the quickstart needs nothing else.
    public static let defaultAccountName = "Default"
    public static let defaultAdminEmail = "admin@reach.local"

    public func createAccount(name: String, adminEmail: String, firstName: String = "", lastName: String = "") async throws -> CreatedAccount {
        let (name, admin) = try validate(name: name, adminEmail: adminEmail, firstName: firstName, lastName: lastName)
        let (secret, storedKey) = APIKeySecret.generate(name: "admin key")
        let (account, user, key) = try await accounts.createAccount(name: name, admin: admin, key: storedKey, at: clock.now)
        return CreatedAccount(account: account, admin: user, key: IssuedAPIKey(key: key, secret: secret))
    }

    /// Creates the default account when the database has none; nil when it already has one.
    public func createDefaultAccountIfEmpty(adminEmail: String = defaultAdminEmail) async throws -> CreatedAccount? {
        let (name, admin) = try validate(name: Self.defaultAccountName, adminEmail: adminEmail, firstName: "Admin", lastName: "")
        let (secret, storedKey) = APIKeySecret.generate(name: "admin key")
        guard let (account, user, key) = try await accounts.createFirstAccount(name: name, admin: admin, key: storedKey, at: clock.now) else {
            return nil
        }
        return CreatedAccount(account: account, admin: user, key: IssuedAPIKey(key: key, secret: secret))
    }

    public func listAccounts() async throws -> [AccountListing] {
        try await accounts.accounts()
    }

    public func addUser(to accountID: AccountID, email: String, role: UserRole, firstName: String = "", lastName: String = "") async throws -> User {
        guard try await accounts.account(accountID) != nil else { throw ReachError.notFound("Account not found") }
        let user = try newUser(email: email, firstName: firstName, lastName: lastName, role: role)
        return try await accounts.createUser(user, in: accountID, at: clock.now)
    }

    public func teamMembers(of accountID: AccountID) async throws -> [User] {
        try await accounts.users(in: accountID)
    }

    func validate(name: String, adminEmail: String, firstName: String, lastName: String) throws -> (String, NewUser) {
        let name = name.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 200 else {
            throw ReachError.invalidInput("Account name must be 1 to 200 characters", field: "name")
        }
        return (name, try newUser(email: adminEmail, firstName: firstName, lastName: lastName, role: .admin))
    }

    func newUser(email: String, firstName: String, lastName: String, role: UserRole) throws -> NewUser {
        guard let address = EmailAddress(email) else {
            throw ReachError.invalidInput("email must be an email", field: "email")
        }
        return NewUser(email: address, firstName: firstName.trimmingWhitespace(), lastName: lastName.trimmingWhitespace(), role: role)
    }
}
