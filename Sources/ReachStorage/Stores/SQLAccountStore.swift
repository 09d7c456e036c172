import Foundation
import ReachCore
import SQLKit

public struct SQLAccountStore: AccountStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func createAccount(name: String, admin: NewUser, key: NewAPIKey, at date: Date) async throws -> (Account, User, APIKey) {
        try await mappingConflicts {
            try await database.write { db in
                try await Self.insertAccount(name: name, admin: admin, key: key, at: date, in: db)
            }
        }
    }

    public func createFirstAccount(name: String, admin: NewUser, key: NewAPIKey, at date: Date) async throws -> (Account, User, APIKey)? {
        try await mappingConflicts {
            try await database.write { db in
                if db.dialect.name == "postgresql" {
                    // Serialises concurrent first starts; SQLite's write lock already does.
                    try await db.raw("LOCK TABLE accounts IN EXCLUSIVE MODE").run()
                }
                let existing = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("accounts")
                    .first(decodingColumn: "n", as: Int.self) ?? 0
                guard existing == 0 else { return nil }
                return try await Self.insertAccount(name: name, admin: admin, key: key, at: date, in: db)
            }
        }
    }

    public func accounts() async throws -> [AccountListing] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT a.id, a.name, a.created_at, COUNT(u.id) AS user_count
                FROM accounts a LEFT JOIN users u ON u.account_id = a.id
                GROUP BY a.id, a.name, a.created_at
                ORDER BY a.id
                """
            ).all().map { row in
                AccountListing(
                    account: Account(
                        id: AccountID(try row.decode(column: "id", as: Int64.self)),
                        name: try row.decode(column: "name", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Date.self)),
                    userCount: try row.decode(column: "user_count", as: Int.self))
            }
        }
    }

    public func account(_ id: AccountID) async throws -> Account? {
        try await database.read { db in
            try await db.select().columns("id", "name", "created_at").from("accounts").where("id", .equal, id.rawValue)
                .first(decoding: AccountRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.account
        }
    }

    public func createUser(_ user: NewUser, in account: AccountID, at date: Date) async throws -> User {
        try await mappingConflicts {
            try await database.write { db in try await Self.insertUser(user, in: account, at: date, in: db) }
        }
    }

    public func user(email: EmailAddress) async throws -> User? {
        try await database.read { db in
            try await db.select().columns(UserRow.columns).from("users").where("email_key", .equal, email.normalized)
                .first(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.user()
        }
    }

    public func users(in account: AccountID) async throws -> [User] {
        try await database.read { db in
            try await db.select().columns(UserRow.columns).from("users").where("account_id", .equal, account.rawValue).orderBy("id")
                .all(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { try $0.user() }
        }
    }

    static func insertAccount(name: String, admin: NewUser, key: NewAPIKey, at date: Date, in db: any SQLDatabase) async throws
        -> (Account, User, APIKey)
    {
        let accountID = try await db.insert(into: "accounts").columns("name", "created_at").values(SQLBind(name), SQLBind(date))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        let account = Account(id: AccountID(accountID), name: name, createdAt: date)
        try await SQLFieldStore.insertMissingSystemFields(in: account.id, at: date, db)
        let user = try await insertUser(admin, in: account.id, at: date, in: db)
        let apiKey = try await SQLAPIKeyStore.insertKey(key, for: user, at: date, in: db)
        return (account, user, apiKey)
    }

    static func insertUser(_ user: NewUser, in account: AccountID, at date: Date, in db: any SQLDatabase) async throws -> User {
        let id = try await db.insert(into: "users")
            .columns("account_id", "email", "email_key", "first_name", "last_name", "role", "created_at")
            .values(
                SQLBind(account.rawValue), SQLBind(user.email.address), SQLBind(user.email.normalized), SQLBind(user.firstName),
                SQLBind(user.lastName), SQLBind(user.role.rawValue), SQLBind(date)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        return User(
            id: UserID(id), accountID: account, email: user.email.address, firstName: user.firstName, lastName: user.lastName,
            role: user.role, createdAt: date)
    }

    private func mappingConflicts<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.conflict("A user with that email already exists")
        }
    }
}

private struct AccountRow: Decodable {
    let id: Int64
    let name: String
    let createdAt: Date

    var account: Account { Account(id: AccountID(id), name: name, createdAt: createdAt) }
}

struct UserRow: Decodable {
    static let columns = ["id", "account_id", "email", "first_name", "last_name", "role", "created_at"]

    let id: Int64
    let accountId: Int64
    let email: String
    let firstName: String
    let lastName: String
    let role: String
    let createdAt: Date

    func user() throws -> User {
        guard let role = UserRole(rawValue: role) else { throw ReachError.internalFailure }
        return User(
            id: UserID(id), accountID: AccountID(accountId), email: email, firstName: firstName, lastName: lastName, role: role,
            createdAt: createdAt)
    }
}
