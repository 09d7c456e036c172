import Foundation
import ReachCore
import SQLKit

public struct SQLClientStore: ClientStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func clients(in account: AccountID, matching query: ClientListQuery) async throws -> Page<ClientSummary> {
        try await database.read { db in
            let filter = Self.filter(account: account, search: query.search)
            let total = try await db.raw("SELECT COUNT(*) AS n FROM clients c WHERE \(filter)").first(decodingColumn: "n", as: Int.self) ?? 0
            let direction = SQLDirection(query.direction)
            // Ties sort by id so that paging is stable.
            let rows = try await db.raw(
                """
                SELECT c.id, c.account_id, c.first_name, c.last_name, c.email, c.company_name, c.permission, c.created_at,
                       \(unsafeRaw: Self.figures)
                FROM clients c
                WHERE \(filter)
                ORDER BY \(ident: query.sortField.column) \(direction), c.id \(direction)
                LIMIT \(bind: query.page.size) OFFSET \(bind: query.page.offset)
                """
            ).all(decoding: ClientRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            return Page(items: try rows.map { try $0.summary() }, totalItems: total, request: query.page)
        }
    }

    public func createClient(_ client: NewClient, in account: AccountID, at date: Date) async throws -> ClientSummary {
        do {
            let id = try await database.write { db in
                try await db.insert(into: "clients")
                    .columns("account_id", "first_name", "last_name", "email", "email_key", "company_name", "permission", "created_at")
                    .values(
                        SQLBind(account.rawValue), SQLBind(client.firstName), SQLBind(client.lastName), SQLBind(client.email.address),
                        SQLBind(client.email.normalized), SQLBind(client.companyName), SQLBind(client.permission.rawValue), SQLBind(date)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self)!
            }
            let created = Client(
                id: ClientID(id), accountID: account, firstName: client.firstName, lastName: client.lastName,
                email: client.email.address, companyName: client.companyName, permission: client.permission, createdAt: date)
            return ClientSummary(client: created, activeSequences: 0, totalProspects: 0, emailsSent: 0, activeEmailAccounts: 0)
        } catch where StorageErrors.isUniqueViolation(error) {
            // Saleshandy answers this with 400 and code 1001, not 409.
            throw ReachError.invalidInput("Same client user already exists", field: "email", code: 1001)
        }
    }

    public func client(_ id: ClientID, in account: AccountID) async throws -> Client? {
        try await database.read { db in
            guard let client = try await Self.client(id, db), client.accountID == account else { return nil }
            return client
        }
    }

    static func client(_ id: ClientID, _ db: any SQLDatabase) async throws -> Client? {
        try await db.raw(
            """
            SELECT c.id, c.account_id, c.first_name, c.last_name, c.email, c.company_name, c.permission, c.created_at,
                   \(unsafeRaw: figures)
            FROM clients c WHERE c.id = \(bind: id.rawValue)
            """
        ).first(decoding: ClientRow.self, keyDecodingStrategy: .convertFromSnakeCase)?.summary().client
    }

    public func assign(_ kind: ClientResourceKind, ids: [Int64], to client: ClientID?, in account: AccountID) async throws -> [Int64] {
        switch kind {
        case .emailAccount:
            return try await database.write { db in
                let unique = Array(Set(ids))
                let unknown = try await Self.unknownMailboxes(unique, in: account, db)
                guard unknown.isEmpty else { return ids.filter(unknown.contains) }
                try await db.raw(
                    """
                    UPDATE email_accounts SET client_id = \(bind: client?.rawValue)
                    WHERE account_id = \(bind: account.rawValue) AND id IN (\(binds: unique))
                    """
                ).run()
                return []
            }
        case .sequence:
            return try await database.write { db in
                let unique = Array(Set(ids))
                let unknown = try await Self.unknownSequences(unique, in: account, db)
                guard unknown.isEmpty else { return ids.filter(unknown.contains) }
                try await db.raw(
                    """
                    UPDATE sequences SET client_id = \(bind: client?.rawValue)
                    WHERE account_id = \(bind: account.rawValue) AND (id IN (\(binds: unique)) OR parent_id IN (\(binds: unique)))
                    """
                ).run()
                return []
            }
        }
    }

    public func unknownResources(_ kind: ClientResourceKind, ids: [Int64], in account: AccountID) async throws -> [Int64] {
        switch kind {
        case .emailAccount:
            let unknown = try await database.read { db in try await Self.unknownMailboxes(Array(Set(ids)), in: account, db) }
            return ids.filter(unknown.contains)
        case .sequence:
            let unknown = try await database.read { db in try await Self.unknownSequences(Array(Set(ids)), in: account, db) }
            return ids.filter(unknown.contains)
        }
    }

    /// Subsequences follow their parent's client: only top-level sequences are assigned.
    static func unknownSequences(_ ids: [Int64], in account: AccountID, _ db: any SQLDatabase) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let found = try await db.raw(
            """
            SELECT id FROM sequences
            WHERE account_id = \(bind: account.rawValue) AND parent_id IS NULL AND id IN (\(binds: ids))
            """
        ).all(decodingColumn: "id", as: Int64.self)
        return Set(ids).subtracting(found)
    }

    static func unknownMailboxes(_ ids: [Int64], in account: AccountID, _ db: any SQLDatabase) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        let found = try await db.raw(
            """
            SELECT id FROM email_accounts
            WHERE account_id = \(bind: account.rawValue) AND deleted_at IS NULL AND id IN (\(binds: ids))
            """
        ).all(decodingColumn: "id", as: Int64.self)
        return Set(ids).subtracting(found)
    }

    /// A client's figures, counted from what is assigned to it. Nothing is sent until the
    /// sending engine exists, so that one is zero.
    static let figures = """
        (SELECT COUNT(*) FROM sequences s WHERE s.client_id = c.id AND s.parent_id IS NULL AND s.is_active) AS active_sequences,
        (SELECT COUNT(DISTINCT e.prospect_id) FROM sequence_prospects e JOIN sequences s ON s.id = e.sequence_id
          WHERE s.client_id = c.id) AS total_prospects,
        0 AS emails_sent,
        (SELECT COUNT(*) FROM email_accounts m WHERE m.client_id = c.id AND m.deleted_at IS NULL AND m.status = 1) AS active_email_accounts
        """

    static func filter(account: AccountID, search: String?) -> SQLQueryString {
        var filter: SQLQueryString = "c.account_id = \(bind: account.rawValue)"
        if let search {
            let pattern = SQLPattern.contains(search)
            filter = """
                \(filter) AND (LOWER(c.first_name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(c.last_name) LIKE \(bind: pattern) ESCAPE '\\'
                OR LOWER(c.email) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(c.company_name) LIKE \(bind: pattern) ESCAPE '\\')
                """
        }
        return filter
    }
}

extension ClientSortField {
    var column: String {
        switch self {
        case .createdDate: "created_at"
        case .firstName: "first_name"
        case .companyName: "company_name"
        case .activeSequence: "active_sequences"
        case .totalProspects: "total_prospects"
        case .emailSent: "emails_sent"
        case .activeEmailAccounts: "active_email_accounts"
        }
    }
}

private struct ClientRow: Decodable {
    let id: Int64
    let accountId: Int64
    let firstName: String
    let lastName: String
    let email: String
    let companyName: String
    let permission: Int
    let createdAt: Date
    let activeSequences: Int
    let totalProspects: Int
    let emailsSent: Int
    let activeEmailAccounts: Int

    func summary() throws -> ClientSummary {
        guard let permission = ClientPermission(rawValue: permission) else { throw ReachError.internalFailure }
        let client = Client(
            id: ClientID(id), accountID: AccountID(accountId), firstName: firstName, lastName: lastName, email: email,
            companyName: companyName, permission: permission, createdAt: createdAt)
        return ClientSummary(
            client: client, activeSequences: activeSequences, totalProspects: totalProspects, emailsSent: emailsSent,
            activeEmailAccounts: activeEmailAccounts)
    }
}
