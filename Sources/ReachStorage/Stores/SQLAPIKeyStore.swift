import Foundation
import ReachCore
import SQLKit

public struct SQLAPIKeyStore: APIKeyStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func createKey(_ key: NewAPIKey, for user: User, at date: Date) async throws -> APIKey {
        try await database.write { db in try await Self.insertKey(key, for: user, at: date, in: db) }
    }

    public func principal(secretHash: String) async throws -> (principal: Principal, lastUsedAt: Date?)? {
        try await database.read { db in
            // The key's user decides the role; a revoked key authenticates nobody.
            guard
                let row = try await db.raw(
                    """
                    SELECT k.id, k.account_id, k.user_id, k.last_used_at, u.role
                    FROM api_keys k JOIN users u ON u.id = k.user_id
                    WHERE k.secret_hash = \(bind: secretHash) AND k.revoked_at IS NULL
                    """
                ).first()
            else { return nil }
            guard let role = UserRole(rawValue: try row.decode(column: "role", as: String.self)) else { throw ReachError.internalFailure }
            let principal = Principal(
                accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
                userID: UserID(try row.decode(column: "user_id", as: Int64.self)),
                apiKeyID: APIKeyID(try row.decode(column: "id", as: Int64.self)),
                role: role)
            return (principal, try row.decode(column: "last_used_at", as: Date?.self))
        }
    }

    public func recordUse(of key: APIKeyID, at date: Date) async throws {
        try await database.write { db in
            try await db.update("api_keys").set("last_used_at", to: SQLBind(date)).where("id", .equal, key.rawValue).run()
        }
    }

    public func keys(ownedBy email: EmailAddress?) async throws -> [APIKeyListing] {
        try await database.read { db in
            var query = db.select()
                .columns(
                    SQLColumn("id", table: "k"), SQLColumn("account_id", table: "k"), SQLColumn("user_id", table: "k"),
                    SQLColumn("name", table: "k"), SQLColumn("prefix", table: "k"), SQLColumn("created_at", table: "k"),
                    SQLColumn("last_used_at", table: "k"), SQLColumn("revoked_at", table: "k"))
                .column(SQLColumn("email", table: "u"), as: "user_email")
                .column(SQLColumn("name", table: "a"), as: "account_name")
                .from(SQLAlias(SQLIdentifier("api_keys"), as: SQLIdentifier("k")))
                .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("user_id", table: "k"), .equal, SQLColumn("id", table: "u"))
                .join(SQLAlias(SQLIdentifier("accounts"), as: SQLIdentifier("a")), on: SQLColumn("account_id", table: "k"), .equal, SQLColumn("id", table: "a"))
            if let email {
                query = query.where(SQLColumn("email_key", table: "u"), .equal, SQLBind(email.normalized))
            }
            return try await query.orderBy(SQLColumn("id", table: "k")).all(decoding: KeyListingRow.self, keyDecodingStrategy: .convertFromSnakeCase)
                .map(\.listing)
        }
    }

    public func revoke(_ key: APIKeyID, at date: Date) async throws -> Bool {
        try await database.write { db in
            let revoked = try await db.update("api_keys").set("revoked_at", to: SQLBind(date))
                .where("id", .equal, key.rawValue).where("revoked_at", .is, SQLLiteral.null)
                .returning("id").all()
            return !revoked.isEmpty
        }
    }

    static func insertKey(_ key: NewAPIKey, for user: User, at date: Date, in db: any SQLDatabase) async throws -> APIKey {
        let id = try await db.insert(into: "api_keys")
            .columns("account_id", "user_id", "name", "prefix", "secret_hash", "created_at")
            .values(
                SQLBind(user.accountID.rawValue), SQLBind(user.id.rawValue), SQLBind(key.name), SQLBind(key.prefix),
                SQLBind(key.secretHash), SQLBind(date)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        return APIKey(
            id: APIKeyID(id), accountID: user.accountID, userID: user.id, name: key.name, prefix: key.prefix, createdAt: date,
            lastUsedAt: nil, revokedAt: nil)
    }
}

private struct KeyListingRow: Decodable {
    let id: Int64
    let accountId: Int64
    let userId: Int64
    let name: String
    let prefix: String
    let createdAt: Date
    let lastUsedAt: Date?
    let revokedAt: Date?
    let userEmail: String
    let accountName: String

    var listing: APIKeyListing {
        APIKeyListing(
            key: APIKey(
                id: APIKeyID(id), accountID: AccountID(accountId), userID: UserID(userId), name: name, prefix: prefix,
                createdAt: createdAt, lastUsedAt: lastUsedAt, revokedAt: revokedAt),
            userEmail: userEmail, accountName: accountName)
    }
}
