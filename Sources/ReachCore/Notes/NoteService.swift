import Foundation

/// Notes on prospects and the files attached to notes and emails.
public struct NoteService: Sendable {
    let notes: any NoteStore
    let attachments: any AttachmentStore
    let prospects: any ProspectStore
    let clock: any WallClock

    public static let maximumContentLength = 10_000

    public init(notes: any NoteStore, attachments: any AttachmentStore, prospects: any ProspectStore, clock: any WallClock) {
        self.notes = notes
        self.attachments = attachments
        self.prospects = prospects
        self.clock = clock
    }

    public func create(
        in account: AccountID, by author: UserID, content: String, prospectIDs: [ProspectID], undecodableProspects: Int,
        visibility: NoteVisibility, status: NoteStatus, attachmentIDs: [AttachmentID], undecodableAttachments: Int
    ) async throws -> Note {
        let content = try Self.content(content)
        let found = try await prospects.prospects(prospectIDs, in: account)
        guard undecodableProspects == 0, !prospectIDs.isEmpty, found.count == Set(prospectIDs).count else {
            throw ReachError.invalidInput("Invalid prospect Id", field: "prospectIds", code: 1001)
        }
        let files = try await attachments.attachments(attachmentIDs, in: account)
        guard undecodableAttachments == 0, files.count == Set(attachmentIDs).count, files.allSatisfy({ $0.purpose == .note }) else {
            throw ReachError.invalidInput("Invalid attachment Id", field: "attachmentIds", code: 1001)
        }
        return try await notes.createNote(
            content: content, visibility: visibility, status: status, author: author, prospects: found.map(\.id).sorted(),
            attachments: files.map(\.id), in: account, at: clock.now)
    }

    /// Changes a note; only its author may change a private note.
    public func update(
        _ id: NoteID, by user: UserID, in account: AccountID, content: String?, visibility: NoteVisibility?, status: NoteStatus?
    ) async throws -> Note {
        guard let note = try await notes.note(id, in: account), note.visibility == .team || note.authorID == user else {
            throw ReachError.invalidInput("Note not found or access denied", field: "noteId", code: 1001)
        }
        guard content != nil || visibility != nil || status != nil else {
            throw ReachError.invalidInput("Provide content, status or visibility", code: 1001)
        }
        let updated = try await notes.updateNote(
            id, content: try content.map(Self.content), visibility: visibility, status: status, in: account, at: clock.now)
        return updated ?? note
    }

    public func notes(of prospect: ProspectID, in account: AccountID, viewer: UserID, skip: Int?, take: Int?) async throws -> [Note] {
        guard try await prospects.prospect(prospect, in: account) != nil else { throw ReachError.notFound("Prospect not found") }
        return try await notes.notes(of: prospect, visibleTo: viewer, skip: max(0, skip ?? 0), take: min(max(1, take ?? 20), 100))
    }

    public func upload(_ bytes: [UInt8], fileName: String, purpose: AttachmentPurpose, in account: AccountID) async throws -> Attachment {
        let name = Self.safeFileName(fileName)
        let contentType = try FileTypeRules.check(fileName: name, bytes: bytes)
        return try await attachments.saveAttachment(bytes, fileName: name, contentType: contentType, purpose: purpose, in: account, at: clock.now)
    }

    public func download(_ id: AttachmentID, in account: AccountID) async throws -> (Attachment, [UInt8]) {
        guard let attachment = try await attachments.attachments([id], in: account).first else {
            throw ReachError.notFound("Attachment not found")
        }
        return (attachment, try await attachments.content(of: attachment))
    }

    static func content(_ text: String) throws -> String {
        let content = text.trimmingWhitespace()
        guard !content.isEmpty, content.count <= maximumContentLength else {
            throw ReachError.invalidInput("content must be 1 to \(maximumContentLength) characters", field: "content", code: 1001)
        }
        return content
    }

    /// The last path component, without control characters, so a name can never point elsewhere.
    static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\u{7F}" }.map(Character.init)).trimmingWhitespace()
        return String(cleaned.prefix(200))
    }
}
