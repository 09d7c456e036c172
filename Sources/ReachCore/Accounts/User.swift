import Foundation

/// A person in an account. The email identifies them across Reach (it names them in the CLI).
public struct User: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.user

    public let id: EntityID<User>
    public let accountID: AccountID
    public let email: String
    public let firstName: String
    public let lastName: String
    public let role: UserRole
    public let createdAt: Date

    public init(
        id: EntityID<User>, accountID: AccountID, email: String, firstName: String, lastName: String, role: UserRole, createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.role = role
        self.createdAt = createdAt
    }
}

public typealias UserID = EntityID<User>

public enum UserRole: String, Sendable, CaseIterable {
    case admin
    case member
}

/// A user to be created; checked by `AccountService` before any store sees it.
public struct NewUser: Sendable, Equatable {
    public let email: EmailAddress
    public let firstName: String
    public let lastName: String
    public let role: UserRole

    public init(email: EmailAddress, firstName: String, lastName: String, role: UserRole) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.role = role
    }
}
