import Foundation

/// An agency's client: a customer on whose behalf the account runs sequences and mailboxes.
public struct Client: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.client

    public let id: EntityID<Client>
    public let accountID: AccountID
    public let firstName: String
    public let lastName: String
    public let email: String
    public let companyName: String
    public let permission: ClientPermission
    public let createdAt: Date

    public init(
        id: EntityID<Client>, accountID: AccountID, firstName: String, lastName: String, email: String,
        companyName: String, permission: ClientPermission, createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.companyName = companyName
        self.permission = permission
        self.createdAt = createdAt
    }
}

public typealias ClientID = EntityID<Client>

public enum ClientPermission: Int, Sendable, CaseIterable {
    case fullAccess = 1
    case limitedAccess = 2
}

/// A client with the figures `GET /v1/clients` shows, counted from what is assigned to it.
public struct ClientSummary: Sendable, Equatable {
    public let client: Client
    public let activeSequences: Int
    public let totalProspects: Int
    public let emailsSent: Int
    public let activeEmailAccounts: Int

    public init(client: Client, activeSequences: Int, totalProspects: Int, emailsSent: Int, activeEmailAccounts: Int) {
        self.client = client
        self.activeSequences = activeSequences
        self.totalProspects = totalProspects
        self.emailsSent = emailsSent
        self.activeEmailAccounts = activeEmailAccounts
    }
}

public struct NewClient: Sendable, Equatable {
    public let firstName: String
    public let lastName: String
    public let email: EmailAddress
    public let companyName: String
    public let permission: ClientPermission
}

/// What can be assigned to a client.
public enum ClientResourceKind: String, Sendable, CaseIterable {
    case sequence
    case emailAccount
}

public enum ClientSortField: Sendable, CaseIterable {
    case createdDate, firstName, companyName, activeSequence, totalProspects, emailSent, activeEmailAccounts
}

public struct ClientListQuery: Sendable, Equatable {
    public let search: String?
    public let page: PageRequest
    public let sortField: ClientSortField
    public let direction: SortDirection
}
