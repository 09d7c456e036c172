import Foundation

/// A person Reach may write to: an email unique in its account, and the values of its fields.
public struct Prospect: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.prospect

    public let id: EntityID<Prospect>
    public let accountID: AccountID
    public let email: String
    /// Every field value but the email, keyed by field; absent means no value.
    public let values: [FieldID: String]
    public let ownerID: UserID?
    public let verificationStatus: VerificationStatus
    /// A verification of the address is queued or running (a retry included).
    public let verificationPending: Bool
    public let unsubscribedAt: Date?
    public let createdAt: Date
    public let updatedAt: Date

    public init(
        id: EntityID<Prospect>, accountID: AccountID, email: String, values: [FieldID: String], ownerID: UserID?,
        verificationStatus: VerificationStatus, verificationPending: Bool = false, unsubscribedAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.email = email
        self.values = values
        self.ownerID = ownerID
        self.verificationStatus = verificationStatus
        self.verificationPending = verificationPending
        self.unsubscribedAt = unsubscribedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public typealias ProspectID = EntityID<Prospect>

extension PublicIDKind {
    public static let prospect = PublicIDKind(rawValue: "prospect")
    public static let tag = PublicIDKind(rawValue: "tag")
}

/// The stored verdict of email verification.
public enum VerificationStatus: String, Sendable, CaseIterable {
    case unverified, valid, invalid, risky, unknown
}

/// What a store writes for one prospect: the full new state, searchable names included.
public struct ProspectWrite: Sendable, Equatable {
    /// Set when the prospect exists and is being changed.
    public let existingID: ProspectID?
    public let email: EmailAddress
    public let values: [FieldID: String]
    public let firstName: String
    public let lastName: String
    public let ownerID: UserID?

    public init(existingID: ProspectID?, email: EmailAddress, values: [FieldID: String], catalog: FieldCatalog, ownerID: UserID?) {
        self.existingID = existingID
        self.email = email
        self.values = values
        firstName = catalog.field(.firstName).flatMap { values[$0.id] } ?? ""
        lastName = catalog.field(.lastName).flatMap { values[$0.id] } ?? ""
        self.ownerID = ownerID
    }
}

public struct Tag: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.tag

    public let id: EntityID<Tag>
    public let name: String

    public init(id: EntityID<Tag>, name: String) {
        self.id = id
        self.name = name
    }
}

public typealias TagID = EntityID<Tag>

/// A tag with how many prospects carry it.
public struct TagSummary: Sendable, Equatable {
    public let tag: Tag
    public let prospectCount: Int

    public init(tag: Tag, prospectCount: Int) {
        self.tag = tag
        self.prospectCount = prospectCount
    }
}

public enum ProspectSortField: Sendable {
    case createdAt
    case owner
}

public struct ProspectListQuery: Sendable, Equatable {
    /// Lower-cased text that an email, email domain, first name, last name or full name starts with.
    public let search: String?
    public let page: PageRequest
    public let sortField: ProspectSortField
    public let direction: SortDirection
}

/// How incoming values combine with a prospect's stored ones: `conflictAction` of imports.
public enum ConflictAction: String, Sendable, CaseIterable {
    /// The row decides every field it names: its values replace stored ones, an empty cell clears.
    case overwrite
    /// A prospect that exists keeps its values untouched.
    case noUpdate
    /// Values fill only the fields the prospect has no value for.
    case addMissingFields
    /// Non-empty values replace stored ones; empty cells change nothing.
    case upsert

    /// The merged values. `incoming` holds normalized values, "" for an empty cell.
    public func merge(_ incoming: [FieldID: String], into stored: [FieldID: String]) -> [FieldID: String] {
        var merged = stored
        switch self {
        case .noUpdate:
            break
        case .overwrite:
            for (field, value) in incoming { merged[field] = value.isEmpty ? nil : value }
        case .upsert:
            for (field, value) in incoming where !value.isEmpty { merged[field] = value }
        case .addMissingFields:
            for (field, value) in incoming where !value.isEmpty && (merged[field] ?? "").isEmpty { merged[field] = value }
        }
        return merged
    }
}
