import Foundation

/// Issuing, listing, revoking and checking API keys.
public struct APIKeyService: Sendable {
    let accounts: any AccountStore
    let keys: any APIKeyStore
    let clock: any WallClock

    /// How stale `lastUsedAt` may get before a request writes it again: one write a minute per
    /// key instead of one per request.
    static let lastUsedResolution: TimeInterval = 60

    public init(accounts: any AccountStore, keys: any APIKeyStore, clock: any WallClock) {
        self.accounts = accounts
        self.keys = keys
        self.clock = clock
    }

    public func issueKey(forUserEmail email: String, name: String = "api key") async throws -> IssuedAPIKey {
        guard let address = EmailAddress(email), let user = try await accounts.user(email: address) else {
            throw ReachError.notFound("No user has the email \(email)")
        }
        let name = name.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 100 else { throw ReachError.invalidInput("Key name must be 1 to 100 characters", field: "name") }
        let (secret, stored) = APIKeySecret.generate(name: name)
        let key = try await keys.createKey(stored, for: user, at: clock.now)
        return IssuedAPIKey(key: key, secret: secret)
    }

    public func listKeys(ownedBy email: String? = nil) async throws -> [APIKeyListing] {
        guard let email else { return try await keys.keys(ownedBy: nil) }
        guard let address = EmailAddress(email) else { throw ReachError.invalidInput("email must be an email", field: "email") }
        return try await keys.keys(ownedBy: address)
    }

    public func revokeKey(_ id: APIKeyID) async throws {
        guard try await keys.revoke(id, at: clock.now) else { throw ReachError.notFound("No live API key has that id") }
    }

    /// The caller behind a key, or `ReachError.invalidToken`.
    public func authenticate(secret: String) async throws -> Principal {
        guard APIKeySecret.isWellFormed(secret),
            let (principal, lastUsedAt) = try await keys.principal(secretHash: APIKeySecret.hash(secret))
        else { throw ReachError.invalidToken }
        let now = clock.now
        if lastUsedAt.map({ now.timeIntervalSince($0) >= Self.lastUsedResolution }) ?? true {
            try await keys.recordUse(of: principal.apiKeyID, at: now)
        }
        return principal
    }
}
