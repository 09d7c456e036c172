import Foundation
import ReachCore
import SQLKit

public struct SQLFieldStore: FieldStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    static let customFieldPosition = 1_000
    static let columns = "id, account_id, label, field_type, system_key, fallback_text, options, currency_code, tags, created_at"

    public func fields(in account: AccountID) async throws -> [Field] {
        try await database.read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM fields WHERE account_id = \(bind: account.rawValue) ORDER BY position, id"
            ).all().map(Self.field)
        }
    }

    public func ensureSystemFields(in account: AccountID, at date: Date) async throws {
        try await database.write { db in try await Self.insertMissingSystemFields(in: account, at: date, db) }
    }

    public func ensureSystemFieldsInAllAccounts(at date: Date) async throws {
        try await database.write { db in
            // One statement per system field, whatever the number of accounts.
            for system in SystemField.allCases {
                try await db.raw(
                    """
                    INSERT INTO fields (account_id, label, label_key, field_type, system_key, fallback_text, options, currency_code, tags,
                                        position, created_at, updated_at)
                    SELECT a.id, \(bind: system.label), \(bind: fieldLabelKey(system.label)), 'text', \(bind: system.rawValue), '', '[]', NULL,
                           '[]', \(bind: system.position), \(bind: date), \(bind: date)
                    FROM accounts a
                    WHERE NOT EXISTS (SELECT 1 FROM fields f WHERE f.account_id = a.id AND f.label_key = \(bind: fieldLabelKey(system.label)))
                    """
                ).run()
            }
        }
    }

    /// Called inside the transaction that creates an account.
    static func insertMissingSystemFields(in account: AccountID, at date: Date, _ db: any SQLDatabase) async throws {
        var insert = db.insert(into: "fields").columns(
            "account_id", "label", "label_key", "field_type", "system_key", "fallback_text", "options", "currency_code", "tags", "position",
            "created_at", "updated_at")
        for system in SystemField.allCases {
            insert = insert.values(
                SQLBind(account.rawValue), SQLBind(system.label), SQLBind(fieldLabelKey(system.label)), SQLBind(FieldType.text.rawValue),
                SQLBind(system.rawValue), SQLBind(""), SQLBind("[]"), SQLLiteral.null, SQLBind("[]"), SQLBind(system.position),
                SQLBind(date), SQLBind(date))
        }
        try await insert.ignoringConflicts(with: ["account_id", "label_key"]).run()
    }

    public func createField(_ field: NewField, in account: AccountID, at date: Date) async throws -> Field {
        do {
            let id = try await database.write { db in
                try await db.insert(into: "fields")
                    .columns(
                        "account_id", "label", "label_key", "field_type", "system_key", "fallback_text", "options", "currency_code", "tags",
                        "position", "created_at", "updated_at"
                    )
                    .values(
                        SQLBind(account.rawValue), SQLBind(field.label), SQLBind(fieldLabelKey(field.label)), SQLBind(field.type.rawValue),
                        SQLLiteral.null, SQLBind(field.fallbackText), SQLBind(SQLBatch.jsonArray(field.options)),
                        field.currencyCode.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null, SQLBind(SQLBatch.jsonArray(field.tags)),
                        SQLBind(Self.customFieldPosition), SQLBind(date), SQLBind(date)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self)!
            }
            return Field(
                id: FieldID(id), accountID: account, label: field.label, type: field.type, systemField: nil, fallbackText: field.fallbackText,
                options: field.options, currencyCode: field.currencyCode, tags: field.tags, createdAt: date)
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.invalidInput("A field with this label already exists", field: "label", code: 1001)
        }
    }

    public func updateField(_ id: FieldID, in account: AccountID, label: String?, fallbackText: String?, tags: [String]?, at date: Date) async throws -> Field {
        do {
            return try await database.write { db in
                var update = db.update("fields").set("updated_at", to: SQLBind(date))
                if let label { update = update.set("label", to: SQLBind(label)).set("label_key", to: SQLBind(fieldLabelKey(label))) }
                if let fallbackText { update = update.set("fallback_text", to: SQLBind(fallbackText)) }
                if let tags { update = update.set("tags", to: SQLBind(SQLBatch.jsonArray(tags))) }
                try await update.where("id", .equal, id.rawValue).where("account_id", .equal, account.rawValue).run()
                guard
                    let row = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM fields WHERE id = \(bind: id.rawValue)").first()
                else { throw ReachError.invalidInput("Field not found", field: "fieldId", code: 1001) }
                return try Self.field(row)
            }
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError.invalidInput("A field with this label already exists", field: "label", code: 1001)
        }
    }

    static func field(_ row: any SQLRow) throws -> Field {
        guard let type = FieldType(rawValue: try row.decode(column: "field_type", as: String.self)) else { throw ReachError.internalFailure }
        return Field(
            id: FieldID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            label: try row.decode(column: "label", as: String.self),
            type: type,
            systemField: try row.decode(column: "system_key", as: String?.self).flatMap(SystemField.init),
            fallbackText: try row.decode(column: "fallback_text", as: String.self),
            options: SQLBatch.stringArray(fromJSON: try row.decode(column: "options", as: String.self)),
            currencyCode: try row.decode(column: "currency_code", as: String?.self),
            tags: SQLBatch.stringArray(fromJSON: try row.decode(column: "tags", as: String.self)),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
