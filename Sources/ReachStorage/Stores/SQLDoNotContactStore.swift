import Foundation
import ReachCore
import SQLKit

public struct SQLDoNotContactStore: DoNotContactStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    /// A list with its item count, counted in the same query.
    static let listSelect: SQLQueryString = """
        SELECT l.id, l.account_id, l.name, l.client_id, l.created_by, l.created_at, l.updated_at,
               (SELECT COUNT(*) FROM dnc_items i WHERE i.list_id = l.id) AS item_count
        FROM dnc_lists l
        """

    public func lists(in account: AccountID, search: String?, page: PageRequest, sort: DoNotContactListSort, direction: SortDirection) async throws
        -> Page<DoNotContactList>
    {
        try await database.read { db in
            var filter: SQLQueryString = "l.account_id = \(bind: account.rawValue)"
            if let search { filter = "\(filter) AND l.name_key LIKE \(bind: SQLPattern.contains(search)) ESCAPE '\\'" }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM dnc_lists l WHERE \(filter)").first(decodingColumn: "n", as: Int.self) ?? 0
            let column = sort == .total ? "item_count" : "updated_at"
            let direction = SQLDirection(direction)
            let lists = try await db.raw(
                """
                \(Self.listSelect) WHERE \(filter) ORDER BY \(ident: column) \(direction), l.id \(direction)
                LIMIT \(bind: page.size) OFFSET \(bind: page.offset)
                """
            ).all().map(Self.list)
            return Page(items: lists, totalItems: total, request: page)
        }
    }

    public func list(_ id: DoNotContactListID, in account: AccountID) async throws -> DoNotContactList? {
        try await database.read { db in try await Self.list(id, in: account, db) }
    }

    static func list(_ id: DoNotContactListID, in account: AccountID, _ db: any SQLDatabase) async throws -> DoNotContactList? {
        try await db.raw("\(listSelect) WHERE l.id = \(bind: id.rawValue) AND l.account_id = \(bind: account.rawValue)").first().map(list)
    }

    public func createList(named name: String, clientID: ClientID?, by user: UserID, in account: AccountID, at date: Date) async throws
        -> DoNotContactList
    {
        do {
            return try await database.write { db in
                let id = try await db.insert(into: "dnc_lists")
                    .columns("account_id", "name", "name_key", "client_id", "created_by", "created_at", "updated_at")
                    .values(
                        SQLBind(account.rawValue), SQLBind(name), SQLBind(name.lowercased()),
                        clientID.map { SQLBind($0.rawValue) as any SQLExpression } ?? SQLLiteral.null, SQLBind(user.rawValue), SQLBind(date),
                        SQLBind(date)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self)!
                return try await Self.list(DoNotContactListID(id), in: account, db)!
            }
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.conflict("A Do Not Contact list named \(name) already exists")
        }
    }

    public func renameList(_ id: DoNotContactListID, to name: String, in account: AccountID, at date: Date) async throws -> DoNotContactList? {
        do {
            return try await database.write { db in
                try await db.update("dnc_lists").set("name", to: SQLBind(name)).set("name_key", to: SQLBind(name.lowercased()))
                    .set("updated_at", to: SQLBind(date)).where("id", .equal, id.rawValue).where("account_id", .equal, account.rawValue).run()
                return try await Self.list(id, in: account, db)
            }
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.conflict("A Do Not Contact list named \(name) already exists")
        }
    }

    public func deleteList(_ id: DoNotContactListID, in account: AccountID) async throws -> Bool {
        try await database.write { db in
            !(try await db.delete(from: "dnc_lists").where("id", .equal, id.rawValue).where("account_id", .equal, account.rawValue)
                .returning("id").all().isEmpty)
        }
    }

    public func items(of list: DoNotContactListID, search: String?, type: DoNotContactEntryType?, page: PageRequest) async throws
        -> Page<DoNotContactItem>
    {
        try await database.read { db in
            var filter: SQLQueryString = "i.list_id = \(bind: list.rawValue)"
            if let type { filter = "\(filter) AND i.item_type = \(bind: type.rawValue)" }
            if let search { filter = "\(filter) AND i.value LIKE \(bind: SQLPattern.contains(search)) ESCAPE '\\'" }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM dnc_items i WHERE \(filter)").first(decodingColumn: "n", as: Int.self) ?? 0
            let items = try await db.raw(
                "SELECT i.* FROM dnc_items i WHERE \(filter) ORDER BY i.id DESC LIMIT \(bind: page.size) OFFSET \(bind: page.offset)"
            ).all().map(Self.item)
            return Page(items: items, totalItems: total, request: page)
        }
    }

    public func addItems(_ entries: [DoNotContactEntry], to list: DoNotContactListID, by user: UserID, at date: Date) async throws -> Int {
        try await database.write { db in
            guard let account = try await db.raw("SELECT account_id FROM dnc_lists WHERE id = \(bind: list.rawValue)")
                .first(decodingColumn: "account_id", as: Int64.self)
            else { throw ReachError.notFound("Do Not Contact list not found") }
            var added = 0
            try await SQLBatch.inSlices(entries) { slice in
                var insert = db.insert(into: "dnc_items").columns("list_id", "account_id", "value", "item_type", "added_by", "created_at")
                for entry in slice {
                    insert = insert.values(
                        SQLBind(list.rawValue), SQLBind(account), SQLBind(entry.value), SQLBind(entry.type.rawValue), SQLBind(user.rawValue),
                        SQLBind(date))
                }
                added += try await insert.ignoringConflicts(with: ["list_id", "value"]).returning("id").all().count
            }
            if added > 0 { try await Self.touch(list, at: date, db) }
            return added
        }
    }

    public func removeItems(values: [String], ids: [DoNotContactItemID], from list: DoNotContactListID, at date: Date) async throws -> Int {
        try await database.write { db in
            var removed = 0
            try await SQLBatch.inSlices(values) { slice in
                removed += try await db.delete(from: "dnc_items").where("list_id", .equal, list.rawValue).where("value", .in, Array(slice))
                    .returning("id").all().count
            }
            try await SQLBatch.inSlices(ids.map(\.rawValue)) { slice in
                removed += try await db.delete(from: "dnc_items").where("list_id", .equal, list.rawValue).where("id", .in, Array(slice))
                    .returning("id").all().count
            }
            if removed > 0 { try await Self.touch(list, at: date, db) }
            return removed
        }
    }

    public func searchItems(in account: AccountID, search: String?, type: DoNotContactEntryType?, page: PageRequest) async throws
        -> Page<(DoNotContactList, [DoNotContactItem])>
    {
        try await database.read { db in
            var filter: SQLQueryString = "i.account_id = \(bind: account.rawValue)"
            if let type { filter = "\(filter) AND i.item_type = \(bind: type.rawValue)" }
            if let search { filter = "\(filter) AND i.value LIKE \(bind: SQLPattern.contains(search)) ESCAPE '\\'" }
            // Pages count lists; each list comes with its matching items.
            let total = try await db.raw("SELECT COUNT(DISTINCT i.list_id) AS n FROM dnc_items i WHERE \(filter)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            let listIDs = try await db.raw(
                """
                SELECT i.list_id FROM dnc_items i WHERE \(filter) GROUP BY i.list_id ORDER BY i.list_id
                LIMIT \(bind: page.size) OFFSET \(bind: page.offset)
                """
            ).all(decodingColumn: "list_id", as: Int64.self)
            guard !listIDs.isEmpty else { return Page(items: [], totalItems: total, request: page) }
            let lists = try await db.raw("\(Self.listSelect) WHERE l.id IN (\(binds: listIDs)) ORDER BY l.id").all().map(Self.list)
            let items = try await db.raw("SELECT i.* FROM dnc_items i WHERE \(filter) AND i.list_id IN (\(binds: listIDs)) ORDER BY i.id").all()
                .map(Self.item)
            let grouped = Dictionary(grouping: items, by: \.listID)
            return Page(items: lists.map { ($0, grouped[$0.id] ?? []) }, totalItems: total, request: page)
        }
    }

    public func blockedDomains(in account: AccountID) async throws -> [BlockedDomain] {
        try await database.read { db in
            try await db.raw("SELECT id, domain, created_at FROM blocked_domains WHERE account_id = \(bind: account.rawValue) ORDER BY domain")
                .all().map { row in
                    BlockedDomain(
                        id: EntityID(try row.decode(column: "id", as: Int64.self)), domain: try row.decode(column: "domain", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Date.self))
                }
        }
    }

    public func blockDomains(_ domains: [String], in account: AccountID, at date: Date) async throws {
        guard !domains.isEmpty else { return }
        do {
            try await database.write { db in
                var insert = db.insert(into: "blocked_domains").columns("account_id", "domain", "created_at")
                for domain in domains { insert = insert.values(SQLBind(account.rawValue), SQLBind(domain), SQLBind(date)) }
                try await insert.run()
            }
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.invalidInput("Domain already exist", field: "domains", code: 40002)
        }
    }

    public func unblockDomain(_ domain: String, in account: AccountID) async throws -> Bool {
        try await database.write { db in
            !(try await db.delete(from: "blocked_domains").where("account_id", .equal, account.rawValue).where("domain", .equal, domain)
                .returning("id").all().isEmpty)
        }
    }

    public func reasons(for candidates: [String], in account: AccountID) async throws -> [String: String] {
        try await database.read { db in try await ProspectRows.doNotContactReasons(for: candidates, in: account, db) }
    }

    static func touch(_ list: DoNotContactListID, at date: Date, _ db: any SQLDatabase) async throws {
        try await db.update("dnc_lists").set("updated_at", to: SQLBind(date)).where("id", .equal, list.rawValue).run()
    }

    static func list(_ row: any SQLRow) throws -> DoNotContactList {
        DoNotContactList(
            id: DoNotContactListID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            name: try row.decode(column: "name", as: String.self),
            clientID: try row.decode(column: "client_id", as: Int64?.self).map(ClientID.init),
            createdBy: try row.decode(column: "created_by", as: Int64?.self).map(UserID.init),
            itemCount: try row.decode(column: "item_count", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func item(_ row: any SQLRow) throws -> DoNotContactItem {
        guard let type = DoNotContactEntryType(rawValue: try row.decode(column: "item_type", as: String.self)) else { throw ReachError.internalFailure }
        return DoNotContactItem(
            id: DoNotContactItemID(try row.decode(column: "id", as: Int64.self)),
            listID: DoNotContactListID(try row.decode(column: "list_id", as: Int64.self)),
            value: try row.decode(column: "value", as: String.self), type: type,
            addedBy: try row.decode(column: "added_by", as: Int64?.self).map(UserID.init),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
