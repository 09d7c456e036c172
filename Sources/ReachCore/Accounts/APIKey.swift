import Crypto
import Foundation

/// What Reach keeps of an API key: never the key itself, only its SHA-256 and a short prefix
/// that lets a person recognise it in a listing.
public struct APIKey: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.apiKey

    public let id: EntityID<APIKey>
    public let accountID: AccountID
    public let userID: UserID
    public let name: String
    public let prefix: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?

    public init(
        id: EntityID<APIKey>, accountID: AccountID, userID: UserID, name: String, prefix: String,
        createdAt: Date, lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

public typealias APIKeyID = EntityID<APIKey>

/// A key with the owner's email and account name, for `reach keys list`.
public struct APIKeyListing: Sendable, Equatable {
    public let key: APIKey
    public let userEmail: String
    public let accountName: String

    public init(key: APIKey, userEmail: String, accountName: String) {
        self.key = key
        self.userEmail = userEmail
        self.accountName = accountName
    }
}

/// A key as it is about to be stored.
public struct NewAPIKey: Sendable, Equatable {
    public let name: String
    public let prefix: String
    public let secretHash: String
}

/// A freshly issued key: the only moment its secret exists outside the caller's hands.
public struct IssuedAPIKey: Sendable, Equatable {
    public let key: APIKey
    public let secret: String
}

/// The secret part of API keys: format, generation and hashing.
public enum APIKeySecret {
    static let marker = "rk_"
    static let randomLength = 40  // base62 characters: about 238 bits
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// A new random secret and what to store of it.
    static func generate(name: String) -> (secret: String, stored: NewAPIKey) {
        var generator = SystemRandomNumberGenerator()
        let random = String((0..<randomLength).map { _ in alphabet.randomElement(using: &generator)! })
        let secret = marker + random
        return (secret, NewAPIKey(name: name, prefix: String(secret.prefix(marker.count + 8)), secretHash: hash(secret)))
    }

    /// Keys are long random strings, so a fast hash is enough: guessing is the only attack.
    public static func hash(_ secret: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(secret.utf8)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Rejects at once what cannot be a key, before any look-up.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == marker.utf8.count + randomLength && text.hasPrefix(marker)
    }
}
