import Foundation

/// A note about one or more prospects, with optional attachments.
public struct Note: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.note

    public let id: EntityID<Note>
    public let accountID: AccountID
    public let content: String
    public let visibility: NoteVisibility
    public let status: NoteStatus
    public let authorID: UserID
    public let prospectIDs: [ProspectID]
    public let attachments: [Attachment]
    public let createdAt: Date
    public let updatedAt: Date

    public init(
        id: EntityID<Note>, accountID: AccountID, content: String, visibility: NoteVisibility, status: NoteStatus, authorID: UserID,
        prospectIDs: [ProspectID], attachments: [Attachment], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.content = content
        self.visibility = visibility
        self.status = status
        self.authorID = authorID
        self.prospectIDs = prospectIDs
        self.attachments = attachments
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public typealias NoteID = EntityID<Note>

/// Saleshandy's visibility codes: "1" the whole team sees the note, "2" only its author.
public enum NoteVisibility: Int, Sendable, CaseIterable {
    case team = 1
    case author = 2
}

/// Saleshandy's status codes: "1" active, "0" archived.
public enum NoteStatus: Int, Sendable, CaseIterable {
    case archived = 0
    case active = 1
}

/// A file uploaded for a note or an email step, kept under the data directory.
public struct Attachment: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.attachment

    public let id: EntityID<Attachment>
    public let accountID: AccountID
    public let purpose: AttachmentPurpose
    public let fileName: String
    public let contentType: String
    public let size: Int
    /// Where the bytes are, relative to the attachment store's root.
    public let storageKey: String
    public let createdAt: Date

    public init(
        id: EntityID<Attachment>, accountID: AccountID, purpose: AttachmentPurpose, fileName: String, contentType: String, size: Int,
        storageKey: String, createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.purpose = purpose
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.storageKey = storageKey
        self.createdAt = createdAt
    }
}

public typealias AttachmentID = EntityID<Attachment>

public enum AttachmentPurpose: String, Sendable {
    case note
    case email
}

extension PublicIDKind {
    public static let note = PublicIDKind(rawValue: "note")
    public static let attachment = PublicIDKind(rawValue: "attachment")
}
