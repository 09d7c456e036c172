import Foundation

/// A tenant: everything Reach stores belongs to exactly one account.
public struct Account: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.account

    public let id: EntityID<Account>
    public let name: String
    public let createdAt: Date

    public init(id: EntityID<Account>, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

public typealias AccountID = EntityID<Account>

/// An account with the number of people in it, for listings.
public struct AccountListing: Sendable, Equatable {
    public let account: Account
    public let userCount: Int

    public init(account: Account, userCount: Int) {
        self.account = account
        self.userCount = userCount
    }
}
