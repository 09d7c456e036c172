import Foundation
import ReachCore
import ReachJSON
import SQLKit

/// How a prospect is laid out in its row, shared by the prospect and import stores.
enum ProspectRows {
    static let columns = "p.id, p.account_id, p.email, p.attributes, p.owner_id, p.verification_status, p.verification_due_at, p.unsubscribed_at, p.created_at, p.updated_at"

    static func prospect(_ row: any SQLRow) throws -> Prospect {
        Prospect(
            id: ProspectID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            email: try row.decode(column: "email", as: String.self),
            values: values(fromJSON: try row.decode(column: "attributes", as: String.self)),
            ownerID: try row.decode(column: "owner_id", as: Int64?.self).map(UserID.init),
            verificationStatus: VerificationStatus(rawValue: try row.decode(column: "verification_status", as: String.self)) ?? .unverified,
            verificationPending: try row.decode(column: "verification_due_at", as: Date?.self) != nil,
            unsubscribedAt: try row.decode(column: "unsubscribed_at", as: Date?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func json(_ values: [FieldID: String]) -> String {
        JSONWriter.string(Dictionary(uniqueKeysWithValues: values.map { (String($0.key.rawValue), $0.value) }))
    }

    static func values(fromJSON text: String) -> [FieldID: String] {
        var values: [FieldID: String] = [:]
        for (key, value) in JSONParser.parseStringMap(text) ?? [] {
            if let id = Int64(key) { values[FieldID(id)] = value }
        }
        return values
    }

    /// The column values of a write, in `insertColumns` order after account_id.
    static func searchKeys(_ write: ProspectWrite) -> (email: String, domain: String, first: String, last: String, full: String) {
        let first = write.firstName.lowercased()
        let last = write.lastName.lowercased()
        let full = [first, last].filter { !$0.isEmpty }.joined(separator: " ")
        return (write.email.normalized, write.email.domain, first, last, full)
    }

    /// Serialises writes to one account's prospects on PostgreSQL for the rest of the
    /// transaction; SQLite's single writer already does.
    static func lockWrites(in account: AccountID, _ db: any SQLDatabase) async throws {
        guard db.isPostgreSQL else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Int32(0x5052_4F53)), \(bind: Int32(truncatingIfNeeded: account.rawValue)))").run()
    }

    /// Creates or updates prospects by (account, email) in multi-row statements; returns ids by
    /// normalized email.
    static func upsert(_ writes: [ProspectWrite], in account: AccountID, at date: Date, returningIDs: Bool, _ db: any SQLDatabase) async throws
        -> [String: ProspectID]
    {
        var ids: [String: ProspectID] = [:]
        let columns = [
            "account_id", "email", "email_key", "email_domain", "first_name_key", "last_name_key", "full_name_key", "attributes", "owner_id",
            "verification_status", "created_at", "updated_at",
        ]
        // As many rows per statement as the databases allow (an import's whole chunk): on SQLite
        // a multi-row statement copies every page it touches to a statement journal first, once
        // per statement, so ten statements of 500 rows copied far more than one of 5,000.
        try await SQLBatch.inSlices(writes, size: SQLBatch.maximumParameters / columns.count) { slice in
            let insert = db.insert(into: "prospects").columns(columns)
            insert.insert.valueQuery = SQLValueRows(
                rows: slice.map { write in
                    let keys = searchKeys(write)
                    return [
                        account.rawValue, write.email.address, keys.email, keys.domain, keys.first, keys.last, keys.full, json(write.values),
                        write.ownerID?.rawValue, VerificationStatus.unverified.rawValue, date, date,
                    ]
                })
            // Owner, verdict and creation time belong to the prospect, not to the import.
            let upsert = insert.onConflict(with: ["account_id", "email_key"]) { conflict in
                conflict.set(excludedValueOf: "email").set(excludedValueOf: "first_name_key").set(excludedValueOf: "last_name_key")
                    .set(excludedValueOf: "full_name_key").set(excludedValueOf: "attributes").set(excludedValueOf: "updated_at")
            }
            guard returningIDs else { return try await upsert.run() }
            for row in try await upsert.returning("id", "email_key").all() {
                ids[try row.decode(column: "email_key", as: String.self)] = ProspectID(try row.decode(column: "id", as: Int64.self))
            }
        }
        return ids
    }

    static func byEmailKeys(_ keys: [String], in account: AccountID, _ db: any SQLDatabase) async throws -> [Prospect] {
        var found: [Prospect] = []
        try await SQLBatch.inSlices(keys) { slice in
            found += try await db.raw(
                "SELECT \(unsafeRaw: columns) FROM prospects p WHERE p.account_id = \(bind: account.rawValue) AND p.email_key IN (\(binds: Array(slice)))"
            ).all().map(prospect)
        }
        return found
    }

    static func assign(_ tags: [TagID], to prospects: [ProspectID], at date: Date, _ db: any SQLDatabase) async throws {
        let pairs = tags.flatMap { tag in prospects.map { (tag, $0) } }
        try await SQLBatch.inSlices(pairs) { slice in
            var insert = db.insert(into: "prospect_tags").columns("prospect_id", "tag_id", "created_at")
            for (tag, prospect) in slice {
                insert = insert.values(SQLBind(prospect.rawValue), SQLBind(tag.rawValue), SQLBind(date))
            }
            try await insert.ignoringConflicts(with: ["prospect_id", "tag_id"]).run()
        }
    }

    /// Why each candidate (normalized email or domain) may not be contacted, for those covered.
    static func doNotContactReasons(for candidates: [String], in account: AccountID, _ db: any SQLDatabase) async throws -> [String: String] {
        var reasons: [String: String] = [:]
        try await SQLBatch.inSlices(candidates) { slice in
            let listed = try await db.raw(
                """
                SELECT i.value, i.item_type, l.name FROM dnc_items i JOIN dnc_lists l ON l.id = i.list_id
                WHERE i.account_id = \(bind: account.rawValue) AND i.value IN (\(binds: Array(slice)))
                """
            ).all()
            for row in listed {
                let value = try row.decode(column: "value", as: String.self)
                let list = try row.decode(column: "name", as: String.self)
                let isDomain = try row.decode(column: "item_type", as: String.self) == DoNotContactEntryType.domain.rawValue
                reasons[value] = isDomain ? "The domain \(value) is on the Do Not Contact list '\(list)'" : "\(value) is on the Do Not Contact list '\(list)'"
            }
            let blocked = try await db.raw(
                "SELECT domain FROM blocked_domains WHERE account_id = \(bind: account.rawValue) AND domain IN (\(binds: Array(slice)))"
            ).all(decodingColumn: "domain", as: String.self)
            for domain in blocked where reasons[domain] == nil { reasons[domain] = "The domain \(domain) is blocklisted" }
        }
        return reasons
    }
}
