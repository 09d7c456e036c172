import Foundation
import ReachCore
import SQLKit

public struct SQLNoteStore: NoteStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func createNote(
        content: String, visibility: NoteVisibility, status: NoteStatus, author: UserID, prospects: [ProspectID],
        attachments: [AttachmentID], in account: AccountID, at date: Date
    ) async throws -> Note {
        let id = try await database.write { db in
            let id = try await db.insert(into: "notes")
                .columns("account_id", "content", "visibility", "status", "author_id", "created_at", "updated_at")
                .values(
                    SQLBind(account.rawValue), SQLBind(content), SQLBind(visibility.rawValue), SQLBind(status.rawValue), SQLBind(author.rawValue),
                    SQLBind(date), SQLBind(date)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await SQLBatch.inSlices(prospects) { slice in
                var insert = db.insert(into: "note_prospects").columns("note_id", "prospect_id")
                for prospect in slice { insert = insert.values(SQLBind(id), SQLBind(prospect.rawValue)) }
                try await insert.run()
            }
            if !attachments.isEmpty {
                var insert = db.insert(into: "note_attachments").columns("note_id", "attachment_id")
                for attachment in attachments { insert = insert.values(SQLBind(id), SQLBind(attachment.rawValue)) }
                try await insert.run()
            }
            return id
        }
        return try await note(NoteID(id), in: account)!
    }

    public func note(_ id: NoteID, in account: AccountID) async throws -> Note? {
        try await database.read { db in
            let rows = try await db.raw(
                "SELECT * FROM notes WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)"
            ).all()
            return try await Self.notes(from: rows, db).first
        }
    }

    public func updateNote(_ id: NoteID, content: String?, visibility: NoteVisibility?, status: NoteStatus?, in account: AccountID, at date: Date)
        async throws -> Note?
    {
        try await database.write { db in
            var update = db.update("notes").set("updated_at", to: SQLBind(date))
            if let content { update = update.set("content", to: SQLBind(content)) }
            if let visibility { update = update.set("visibility", to: SQLBind(visibility.rawValue)) }
            if let status { update = update.set("status", to: SQLBind(status.rawValue)) }
            try await update.where("id", .equal, id.rawValue).where("account_id", .equal, account.rawValue).run()
        }
        return try await note(id, in: account)
    }

    public func notes(of prospect: ProspectID, visibleTo viewer: UserID, skip: Int, take: Int) async throws -> [Note] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT n.* FROM notes n JOIN note_prospects np ON np.note_id = n.id
                WHERE np.prospect_id = \(bind: prospect.rawValue)
                  AND (n.visibility = \(bind: NoteVisibility.team.rawValue) OR n.author_id = \(bind: viewer.rawValue))
                ORDER BY n.created_at DESC, n.id DESC LIMIT \(bind: take) OFFSET \(bind: skip)
                """
            ).all()
            return try await Self.notes(from: rows, db)
        }
    }

    /// Notes from their rows, with their prospects and attachments read in two queries.
    static func notes(from rows: [any SQLRow], _ db: any SQLDatabase) async throws -> [Note] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        var prospects: [Int64: [ProspectID]] = [:]
        for row in try await db.raw("SELECT note_id, prospect_id FROM note_prospects WHERE note_id IN (\(binds: ids)) ORDER BY prospect_id").all() {
            prospects[try row.decode(column: "note_id", as: Int64.self), default: []]
                .append(ProspectID(try row.decode(column: "prospect_id", as: Int64.self)))
        }
        var attachments: [Int64: [Attachment]] = [:]
        let attachmentRows = try await db.raw(
            """
            SELECT na.note_id, a.* FROM note_attachments na JOIN attachments a ON a.id = na.attachment_id
            WHERE na.note_id IN (\(binds: ids)) ORDER BY a.id
            """
        ).all()
        for row in attachmentRows {
            attachments[try row.decode(column: "note_id", as: Int64.self), default: []].append(try SQLAttachmentStore.attachment(row))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            guard let visibility = NoteVisibility(rawValue: try row.decode(column: "visibility", as: Int.self)),
                let status = NoteStatus(rawValue: try row.decode(column: "status", as: Int.self))
            else { throw ReachError.internalFailure }
            return Note(
                id: NoteID(id), accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
                content: try row.decode(column: "content", as: String.self), visibility: visibility, status: status,
                authorID: UserID(try row.decode(column: "author_id", as: Int64.self)), prospectIDs: prospects[id] ?? [],
                attachments: attachments[id] ?? [], createdAt: try row.decode(column: "created_at", as: Date.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self))
        }
    }
}

/// Attachment records in the database, their bytes in files under a directory of the data
/// directory (one folder per account, random file names).
public struct SQLAttachmentStore: AttachmentStore {
    let database: any DatabaseBackend
    let directory: URL

    public init(database: any DatabaseBackend, directory: URL) {
        self.database = database
        self.directory = directory
    }

    public func saveAttachment(_ bytes: [UInt8], fileName: String, contentType: String, purpose: AttachmentPurpose, in account: AccountID, at date: Date)
        async throws -> Attachment
    {
        // The file is written first: a crash leaves at worst an orphan file, never a record without bytes.
        let storageKey = "\(account.rawValue)/\(UUID().uuidString.lowercased())"
        let url = directory.appendingPathComponent(storageKey)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
        let id = try await database.write { db in
            try await db.insert(into: "attachments")
                .columns("account_id", "purpose", "file_name", "content_type", "size", "storage_key", "created_at")
                .values(
                    SQLBind(account.rawValue), SQLBind(purpose.rawValue), SQLBind(fileName), SQLBind(contentType), SQLBind(bytes.count),
                    SQLBind(storageKey), SQLBind(date)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
        }
        return Attachment(
            id: AttachmentID(id), accountID: account, purpose: purpose, fileName: fileName, contentType: contentType, size: bytes.count,
            storageKey: storageKey, createdAt: date)
    }

    public func attachments(_ ids: [AttachmentID], in account: AccountID) async throws -> [Attachment] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { db in
            try await db.raw(
                "SELECT * FROM attachments WHERE account_id = \(bind: account.rawValue) AND id IN (\(binds: ids.map(\.rawValue))) ORDER BY id"
            ).all().map(Self.attachment)
        }
    }

    public func content(of attachment: Attachment) async throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(attachment.storageKey)))
    }

    static func attachment(_ row: any SQLRow) throws -> Attachment {
        guard let purpose = AttachmentPurpose(rawValue: try row.decode(column: "purpose", as: String.self)) else { throw ReachError.internalFailure }
        return Attachment(
            id: AttachmentID(try row.decode(column: "id", as: Int64.self)), accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            purpose: purpose, fileName: try row.decode(column: "file_name", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self), size: try row.decode(column: "size", as: Int.self),
            storageKey: try row.decode(column: "storage_key", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
