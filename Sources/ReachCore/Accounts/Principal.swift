/// Who is calling: the account every query is scoped to, and the user and key behind the call.
public struct Principal: Sendable, Equatable {
    public let accountID: AccountID
    public let userID: UserID
    public let apiKeyID: APIKeyID
    public let role: UserRole

    public init(accountID: AccountID, userID: UserID, apiKeyID: APIKeyID, role: UserRole) {
        self.accountID = accountID
        self.userID = userID
        self.apiKeyID = apiKeyID
        self.role = role
    }
}
