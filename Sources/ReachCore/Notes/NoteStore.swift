import Foundation

public protocol NoteStore: Sendable {
    func createNote(
        content: String, visibility: NoteVisibility, status: NoteStatus, author: UserID, prospects: [ProspectID],
        attachments: [AttachmentID], in account: AccountID, at date: Date
    ) async throws -> Note
    func note(_ id: NoteID, in account: AccountID) async throws -> Note?
    func updateNote(_ id: NoteID, content: String?, visibility: NoteVisibility?, status: NoteStatus?, in account: AccountID, at date: Date)
        async throws -> Note?
    /// A prospect's notes that `viewer` may see (the team's and their own), newest first.
    func notes(of prospect: ProspectID, visibleTo viewer: UserID, skip: Int, take: Int) async throws -> [Note]
}

/// Attachment records and their bytes.
public protocol AttachmentStore: Sendable {
    func saveAttachment(_ bytes: [UInt8], fileName: String, contentType: String, purpose: AttachmentPurpose, in account: AccountID, at date: Date)
        async throws -> Attachment
    func attachments(_ ids: [AttachmentID], in account: AccountID) async throws -> [Attachment]
    func content(of attachment: Attachment) async throws -> [UInt8]
}
