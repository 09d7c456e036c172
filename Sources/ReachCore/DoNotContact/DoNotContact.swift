import Foundation

/// A Do Not Contact list: emails and domains Reach must never write to.
public struct DoNotContactList: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.doNotContactList

    public let id: EntityID<DoNotContactList>
    public let accountID: AccountID
    public let name: String
    public let clientID: ClientID?
    public let createdBy: UserID?
    public let itemCount: Int
    public let createdAt: Date
    public let updatedAt: Date

    public init(
        id: EntityID<DoNotContactList>, accountID: AccountID, name: String, clientID: ClientID?, createdBy: UserID?, itemCount: Int,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.clientID = clientID
        self.createdBy = createdBy
        self.itemCount = itemCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public typealias DoNotContactListID = EntityID<DoNotContactList>

public struct DoNotContactItem: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.doNotContactItem

    public let id: EntityID<DoNotContactItem>
    public let listID: DoNotContactListID
    public let value: String
    public let type: DoNotContactEntryType
    public let addedBy: UserID?
    public let createdAt: Date

    public init(
        id: EntityID<DoNotContactItem>, listID: DoNotContactListID, value: String, type: DoNotContactEntryType, addedBy: UserID?, createdAt: Date
    ) {
        self.id = id
        self.listID = listID
        self.value = value
        self.type = type
        self.addedBy = addedBy
        self.createdAt = createdAt
    }
}

public typealias DoNotContactItemID = EntityID<DoNotContactItem>

public struct BlockedDomain: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.blockedDomain

    public let id: EntityID<BlockedDomain>
    public let domain: String
    public let createdAt: Date

    public init(id: EntityID<BlockedDomain>, domain: String, createdAt: Date) {
        self.id = id
        self.domain = domain
        self.createdAt = createdAt
    }
}

extension PublicIDKind {
    public static let doNotContactList = PublicIDKind(rawValue: "dnc-list")
    public static let doNotContactItem = PublicIDKind(rawValue: "dnc-item")
    public static let blockedDomain = PublicIDKind(rawValue: "blocked-domain")
}

public enum DoNotContactEntryType: String, Sendable, CaseIterable {
    case email
    case domain
}

/// A value for a Do Not Contact list, read the way people paste them: `ann@acme.com`,
/// `@acme.com`, `acme.com`, `https://www.acme.com/about`, in any case.
public struct DoNotContactEntry: Sendable, Hashable {
    public let value: String
    public let type: DoNotContactEntryType

    public init?(_ text: String) {
        var text = text.trimmingWhitespace().lowercased()
        if text.hasPrefix("mailto:") { text.removeFirst("mailto:".count) }
        if text.contains("@"), !text.hasPrefix("@") {
            guard let email = EmailAddress(text) else { return nil }
            value = email.normalized
            type = .email
            return
        }
        guard let domain = Self.domain(from: text) else { return nil }
        value = domain
        type = .domain
    }

    /// A bare domain from `@acme.com`, `acme.com.` or a URL.
    public static func domain(from text: String) -> String? {
        var text = text.trimmingWhitespace().lowercased()
        if text.hasPrefix("@") { text.removeFirst() }
        for scheme in ["http://", "https://"] where text.hasPrefix(scheme) { text.removeFirst(scheme.count) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        if text.hasSuffix(".") { text.removeLast() }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        return EmailAddress.isValidDomain(text) ? text : nil
    }

    /// What a Do Not Contact entry or a blocked domain would have to be to cover this address:
    /// the address itself, its domain, and each parent domain (a block on acme.com covers
    /// mail.acme.com).
    public static func candidates(for email: EmailAddress) -> [String] {
        let labels = email.domain.split(separator: ".")
        let domains = (0..<max(1, labels.count - 1)).map { labels[$0...].joined(separator: ".") }
        return [email.normalized] + domains
    }
}
