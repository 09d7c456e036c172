import Foundation
import ReachCore
import SQLKit

public struct SQLProspectStore: ProspectStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    /// Up to this many matches a search orders them from its indexes; beyond, it walks the list.
    static let sparseSearchLimit = 50_000

    public func prospects(in account: AccountID, matching query: ProspectListQuery) async throws -> [Prospect] {
        try await database.read { db in
            let direction = SQLDirection(query.direction)
            let order: SQLQueryString =
                switch query.sortField {
                case .createdAt: "p.created_at \(direction), p.id \(direction)"
                case .owner: "u.first_name \(direction), u.last_name \(direction), p.id \(direction)"
                }
            let owner: SQLQueryString = query.sortField == .owner ? "LEFT JOIN users u ON u.id = p.owner_id" : ""
            let page: SQLQueryString = "LIMIT \(bind: query.page.size) OFFSET \(bind: query.page.offset)"
            guard let search = query.search else {
                return try await db.raw(
                    """
                    SELECT \(unsafeRaw: ProspectRows.columns) FROM prospects p \(owner)
                    WHERE p.account_id = \(bind: account.rawValue) ORDER BY \(order) \(page)
                    """
                ).all().map(ProspectRows.prospect)
            }
            // A search term matches the start of the email, its domain, the first, last or full
            // name: each is a range scan on its own index (a LIKE '%x%' would read every row),
            // which carries created_at and id, so no scan reads a prospect's row.
            // The full name starts with the first name, so its range holds every first-name
            // match and the first-name index need not be read at all.
            let upper = SQLBatch.prefixUpperBound(search)
            let columns = ["email_key", "email_domain", "last_name_key", "full_name_key"]
            // Counted per index, without removing duplicates between them: the sum bounds the
            // number of matches, and index-only counts cost far less than a deduplicated union.
            var counted = 0
            for column in columns where counted <= Self.sparseSearchLimit {
                counted += try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT 1 FROM prospects WHERE account_id = \(bind: account.rawValue) \
                    AND \(ident: column) >= \(bind: search) AND \(ident: column) < \(bind: upper) LIMIT \(bind: Self.sparseSearchLimit + 1)) x
                    """
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            }
            if counted > Self.sparseSearchLimit || query.sortField == .owner {
                // Very many matches: walk the account in the requested order and test each row;
                // dense matches fill a page after a few thousand rows.
                let matches = columns.map { column -> SQLQueryString in
                    "(p.\(ident: column) >= \(bind: search) AND p.\(ident: column) < \(bind: upper))"
                }
                return try await db.raw(
                    """
                    SELECT \(unsafeRaw: ProspectRows.columns) FROM prospects p \(owner)
                    WHERE p.account_id = \(bind: account.rawValue) AND (\(SQLList(matches, separator: SQLRaw(" OR "))))
                    ORDER BY \(order) \(page)
                    """
                ).all().map(ProspectRows.prospect)
            }
            // Otherwise the search indexes (which carry created_at and id) give the page's ids in
            // order, and only those rows are read. The page lies within the first offset + size
            // matches of each index in that order, so each index hands over only those: merging
            // a few hundred ids costs far less than merging every match (12,000 for a common
            // first name at 1,000,000 prospects, found by both the name and the email index).
            let first = query.page.offset + query.page.size
            let each = columns.enumerated().map { index, column -> SQLQueryString in
                """
                SELECT * FROM (SELECT id, created_at FROM prospects WHERE account_id = \(bind: account.rawValue) \
                AND \(ident: column) >= \(bind: search) AND \(ident: column) < \(bind: upper) \
                ORDER BY created_at \(direction), id \(direction) LIMIT \(bind: first)) \(ident: "m\(index)")
                """
            }
            return try await db.raw(
                """
                SELECT \(unsafeRaw: ProspectRows.columns) FROM prospects p
                WHERE p.id IN (SELECT id FROM (\(SQLList(each, separator: SQLRaw(" UNION ")))) m
                    ORDER BY created_at \(direction), id \(direction) \(page))
                ORDER BY \(order)
                """
            ).all().map(ProspectRows.prospect)
        }
    }

    public func prospect(_ id: ProspectID, in account: AccountID) async throws -> Prospect? {
        try await prospects([id], in: account).first
    }

    public func prospectAnywhere(_ id: ProspectID) async throws -> Prospect? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: ProspectRows.columns) FROM prospects p WHERE p.id = \(bind: id.rawValue)")
                .first().map(ProspectRows.prospect)
        }
    }

    public func prospects(_ ids: [ProspectID], in account: AccountID) async throws -> [Prospect] {
        try await database.read { db in
            var found: [Prospect] = []
            try await SQLBatch.inSlices(Array(Set(ids.map(\.rawValue)))) { slice in
                // The unary + keeps SQLite from looking the rows up through an index on the
                // account (it does once the list has 8 ids, for want of statistics), which read
                // every prospect of the account: the ids find them by primary key.
                found += try await db.raw(
                    """
                    SELECT \(unsafeRaw: ProspectRows.columns) FROM prospects p
                    WHERE +p.account_id = \(bind: account.rawValue) AND p.id IN (\(binds: Array(slice)))
                    """
                ).all().map(ProspectRows.prospect)
            }
            return found.sorted { $0.id < $1.id }
        }
    }

    public func prospects(in account: AccountID, where conditions: [ProspectCondition], offset: Int, limit: Int) async throws -> [Prospect] {
        try await database.read { db in
            let sql = ProspectConditionSQL(db)
            // In the creation index's order, so the database stops at the page's last match
            // instead of sorting every match.
            return try await db.raw(
                """
                SELECT \(unsafeRaw: ProspectRows.columns) FROM \(sql.source)
                WHERE p.account_id = \(bind: account.rawValue) AND \(sql.all(conditions))
                ORDER BY p.created_at, p.id LIMIT \(bind: limit) OFFSET \(bind: offset)
                """
            ).all().map(ProspectRows.prospect)
        }
    }

    public func prospects(in account: AccountID, where conditions: [ProspectCondition], after: ProspectID?, limit: Int) async throws -> [Prospect] {
        try await database.read { db in
            let sql = ProspectConditionSQL(db)
            return try await db.raw(
                """
                SELECT \(unsafeRaw: ProspectRows.columns) FROM \(sql.source)
                WHERE p.account_id = \(bind: account.rawValue) AND p.id > \(bind: after?.rawValue ?? 0) AND \(sql.all(conditions))
                ORDER BY p.id LIMIT \(bind: limit)
                """
            ).all().map(ProspectRows.prospect)
        }
    }

    public func countProspects(in account: AccountID, where conditions: [ProspectCondition]) async throws -> Int {
        try await database.read { db in
            let sql = ProspectConditionSQL(db)
            let row = try await db.raw(
                "SELECT COUNT(*) AS n FROM \(sql.source) WHERE p.account_id = \(bind: account.rawValue) AND \(sql.all(conditions))"
            ).first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func combinations(of texts: [ProspectCondition.Text], in account: AccountID) async throws -> [(values: [String], count: Int)] {
        try await database.read { db in
            let sql = ProspectConditionSQL(db)
            let columns = texts.indices.map { "t\($0)" }
            let selected = zip(texts, columns).map { "\(sql.value($0)) AS \(ident: $1)" as SQLQueryString }.joined(separator: ", ")
            return try await db.raw(
                """
                SELECT \(idents: columns, joinedBy: ", "), COUNT(*) AS n FROM (
                    SELECT \(selected) FROM \(sql.source) WHERE p.account_id = \(bind: account.rawValue)
                ) s GROUP BY \(idents: columns, joinedBy: ", ")
                """
            ).all().map { row in
                (try columns.map { try row.decode(column: $0, as: String.self) }, try row.decode(column: "n", as: Int.self))
            }
        }
    }

    public func prospects(emails: [EmailAddress], in account: AccountID) async throws -> [Prospect] {
        try await database.read { db in try await ProspectRows.byEmailKeys(Array(Set(emails.map(\.normalized))), in: account, db) }
    }

    public func createProspect(_ write: ProspectWrite, in account: AccountID, at date: Date) async throws -> Prospect {
        do {
            let id = try await database.write { db in
                try await ProspectRows.lockWrites(in: account, db)
                let keys = ProspectRows.searchKeys(write)
                return try await db.insert(into: "prospects")
                    .columns(
                        "account_id", "email", "email_key", "email_domain", "first_name_key", "last_name_key", "full_name_key", "attributes",
                        "owner_id", "verification_status", "created_at", "updated_at"
                    )
                    .values(
                        SQLBind(account.rawValue), SQLBind(write.email.address), SQLBind(keys.email), SQLBind(keys.domain), SQLBind(keys.first),
                        SQLBind(keys.last), SQLBind(keys.full), SQLBind(ProspectRows.json(write.values)),
                        write.ownerID.map { SQLBind($0.rawValue) as any SQLExpression } ?? SQLLiteral.null,
                        SQLBind(VerificationStatus.unverified.rawValue), SQLBind(date), SQLBind(date)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self)!
            }
            return try await prospect(ProspectID(id), in: account)!
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.conflict("A prospect with the email \(write.email.address) already exists")
        }
    }

    public func updateProspect(_ write: ProspectWrite, in account: AccountID, at date: Date) async throws -> Prospect {
        guard let id = write.existingID else { throw ReachError.internalFailure }
        do {
            try await database.write { db in
                let keys = ProspectRows.searchKeys(write)
                // A verdict is about an address: a new address starts unverified.
                let sameAddress: SQLQueryString = "email_key = \(bind: keys.email)"
                try await db.update("prospects")
                    .set(SQLIdentifier("verification_status"), to: "CASE WHEN \(sameAddress) THEN verification_status ELSE '\(unsafeRaw: VerificationStatus.unverified.rawValue)' END" as SQLQueryString)
                    .set(SQLIdentifier("verification_reasons"), to: "CASE WHEN \(sameAddress) THEN verification_reasons END" as SQLQueryString)
                    .set(SQLIdentifier("verified_at"), to: "CASE WHEN \(sameAddress) THEN verified_at END" as SQLQueryString)
                    .set("email", to: SQLBind(write.email.address)).set("email_key", to: SQLBind(keys.email))
                    .set("email_domain", to: SQLBind(keys.domain)).set("first_name_key", to: SQLBind(keys.first))
                    .set("last_name_key", to: SQLBind(keys.last)).set("full_name_key", to: SQLBind(keys.full))
                    .set("attributes", to: SQLBind(ProspectRows.json(write.values))).set("updated_at", to: SQLBind(date))
                    .where("id", .equal, id.rawValue).where("account_id", .equal, account.rawValue)
                    .run()
            }
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.conflict("A prospect with the email \(write.email.address) already exists")
        }
        guard let updated = try await prospect(id, in: account) else { throw ReachError.notFound("Prospect not found") }
        return updated
    }

    public func deleteProspects(_ ids: [ProspectID], in account: AccountID) async throws -> Int {
        try await database.write { db in
            var deleted = 0
            try await SQLBatch.inSlices(ids.map(\.rawValue)) { slice in
                deleted += try await db.delete(from: "prospects").where("account_id", .equal, account.rawValue)
                    .where("id", .in, Array(slice)).returning("id").all().count
            }
            return deleted
        }
    }

    public func markUnsubscribed(_ ids: [ProspectID], in account: AccountID, at date: Date, from sequence: SequenceID?) async throws -> Int {
        try await database.write { db in
            var changed: [ProspectID] = []
            try await SQLBatch.inSlices(ids.map(\.rawValue)) { slice in
                // An earlier unsubscribe keeps its date. By primary key (the unary +, as in `prospects`).
                changed += try await db.raw(
                    """
                    UPDATE prospects SET unsubscribed_at = \(bind: date), updated_at = \(bind: date)
                    WHERE +account_id = \(bind: account.rawValue) AND id IN (\(binds: Array(slice))) AND unsubscribed_at IS NULL
                    RETURNING id
                    """
                ).all().map { ProspectID(try $0.decode(column: "id", as: Int64.self)) }
            }
            try await SQLSendingStore.insert(
                changed.map { prospect in
                    SendingEvent(
                        kind: .unsubscribed, accountID: account, sequenceID: sequence, stepID: nil, prospectID: prospect, emailAccountID: nil,
                        outboundID: nil, detail: nil, occurredAt: date)
                }, db)
            return changed.count
        }
    }

    public func tags(of prospects: [ProspectID]) async throws -> [ProspectID: [Tag]] {
        guard !prospects.isEmpty else { return [:] }
        return try await database.read { db in
            var tags: [ProspectID: [Tag]] = [:]
            try await SQLBatch.inSlices(prospects.map(\.rawValue)) { slice in
                let rows = try await db.raw(
                    """
                    SELECT pt.prospect_id, t.id, t.name FROM prospect_tags pt JOIN tags t ON t.id = pt.tag_id
                    WHERE pt.prospect_id IN (\(binds: Array(slice))) ORDER BY t.name_key
                    """
                ).all()
                for row in rows {
                    let tag = Tag(id: TagID(try row.decode(column: "id", as: Int64.self)), name: try row.decode(column: "name", as: String.self))
                    tags[ProspectID(try row.decode(column: "prospect_id", as: Int64.self)), default: []].append(tag)
                }
            }
            return tags
        }
    }

    public func tags(in account: AccountID, search: String?) async throws -> [TagSummary] {
        try await database.read { db in
            var filter: SQLQueryString = "t.account_id = \(bind: account.rawValue)"
            if let search { filter = "\(filter) AND t.name_key LIKE \(bind: SQLPattern.contains(search)) ESCAPE '\\'" }
            return try await db.raw(
                """
                SELECT t.id, t.name, COUNT(pt.prospect_id) AS prospect_count
                FROM tags t LEFT JOIN prospect_tags pt ON pt.tag_id = t.id
                WHERE \(filter) GROUP BY t.id, t.name, t.name_key ORDER BY t.name_key
                """
            ).all().map { row in
                TagSummary(
                    tag: Tag(id: TagID(try row.decode(column: "id", as: Int64.self)), name: try row.decode(column: "name", as: String.self)),
                    prospectCount: try row.decode(column: "prospect_count", as: Int.self))
            }
        }
    }

    public func ensureTags(named names: [String], in account: AccountID, at date: Date) async throws -> [Tag] {
        guard !names.isEmpty else { return [] }
        try await database.write { db in
            var insert = db.insert(into: "tags").columns("account_id", "name", "name_key", "created_at")
            for name in names {
                insert = insert.values(SQLBind(account.rawValue), SQLBind(name), SQLBind(name.lowercased()), SQLBind(date))
            }
            try await insert.ignoringConflicts(with: ["account_id", "name_key"]).run()
        }
        return try await tags(named: names, in: account)
    }

    public func tags(named names: [String], in account: AccountID) async throws -> [Tag] {
        guard !names.isEmpty else { return [] }
        return try await database.read { db in
            try await db.raw(
                """
                SELECT id, name FROM tags WHERE account_id = \(bind: account.rawValue) AND name_key IN (\(binds: names.map { $0.lowercased() }))
                ORDER BY name_key
                """
            ).all().map { Tag(id: TagID(try $0.decode(column: "id", as: Int64.self)), name: try $0.decode(column: "name", as: String.self)) }
        }
    }

    public func assign(_ tags: [TagID], to prospects: [ProspectID], at date: Date) async throws {
        guard !tags.isEmpty, !prospects.isEmpty else { return }
        try await database.write { db in try await ProspectRows.assign(tags, to: prospects, at: date, db) }
    }

    public func unassign(_ tags: [TagID], from prospects: [ProspectID]) async throws {
        guard !tags.isEmpty, !prospects.isEmpty else { return }
        try await database.write { db in
            try await SQLBatch.inSlices(prospects.map(\.rawValue)) { slice in
                try await db.delete(from: "prospect_tags").where("tag_id", .in, tags.map(\.rawValue)).where("prospect_id", .in, Array(slice)).run()
            }
        }
    }

    public func deleteTag(_ id: TagID, in account: AccountID) async throws -> Bool {
        try await database.write { db in
            !(try await db.delete(from: "tags").where("id", .equal, id.rawValue).where("account_id", .equal, account.rawValue)
                .returning("id").all().isEmpty)
        }
    }
}
