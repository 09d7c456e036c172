import Crypto
import Foundation
import Synchronization

/// Turns internal row ids into short opaque strings and back, like Saleshandy's hashids.
///
/// A keyed 4-round Feistel permutation over 64 bits (SHA-256 as the round function, a separate
/// key per kind of entity) followed by fixed-width base62: ids look random, reveal neither order
/// nor count, need no look-up table, and decode without touching the database. The secret lives
/// in the database, so every process of one installation agrees and a backup keeps its ids.
public struct PublicIDCodec: Sendable {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let width = 11  // 62^11 > 2^64
    /// Internal ids above this are never issued, so a random string almost never decodes to one.
    static let largestID: Int64 = 1 << 48

    private let secret: [UInt8]
    private let roundKeys = RoundKeyCache()

    public init(secret: [UInt8]) {
        precondition(secret.count >= 16, "the id secret must have at least 128 bits")
        self.secret = secret
    }

    public func encode<Entity: PubliclyIdentified>(_ id: EntityID<Entity>) -> String {
        encode(id.rawValue, kind: Entity.publicIDKind)
    }

    public func decode<Entity: PubliclyIdentified>(_ text: String, as entity: Entity.Type) -> EntityID<Entity>? {
        guard let rawID = decode(text, kind: Entity.publicIDKind) else { return nil }
        return EntityID(rawID)
    }

    public func encode(_ rawID: Int64, kind: PublicIDKind) -> String {
        let key = roundKey(for: kind)
        var left = UInt32(truncatingIfNeeded: UInt64(bitPattern: rawID) >> 32)
        var right = UInt32(truncatingIfNeeded: UInt64(bitPattern: rawID))
        for round in 0..<4 {
            (left, right) = (right, left ^ mix(key, UInt8(round), right))
        }
        return Self.base62(UInt64(left) << 32 | UInt64(right))
    }

    public func decode(_ text: String, kind: PublicIDKind) -> Int64? {
        guard let permuted = Self.base62Value(text) else { return nil }
        let key = roundKey(for: kind)
        var left = UInt32(truncatingIfNeeded: permuted >> 32)
        var right = UInt32(truncatingIfNeeded: permuted)
        for round in (0..<4).reversed() {
            (left, right) = (right ^ mix(key, UInt8(round), left), left)
        }
        let rawID = Int64(bitPattern: UInt64(left) << 32 | UInt64(right))
        return (1..<Self.largestID).contains(rawID) ? rawID : nil
    }

    private func roundKey(for kind: PublicIDKind) -> SHA256.Digest {
        roundKeys.key(for: kind) {
            var hasher = SHA256()
            hasher.update(data: secret)
            hasher.update(data: Array(kind.rawValue.utf8))
            return hasher.finalize()
        }
    }

    private func mix(_ key: SHA256.Digest, _ round: UInt8, _ half: UInt32) -> UInt32 {
        var hasher = SHA256()
        key.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.update(data: [round, UInt8(truncatingIfNeeded: half >> 24), UInt8(truncatingIfNeeded: half >> 16),
                             UInt8(truncatingIfNeeded: half >> 8), UInt8(truncatingIfNeeded: half)])
        return hasher.finalize().withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    }

    static func base62(_ value: UInt64) -> String {
        var digits = [UInt8](repeating: alphabet[0], count: width)
        var rest = value
        for index in (0..<width).reversed() {
            digits[index] = alphabet[Int(rest % 62)]
            rest /= 62
        }
        return String(decoding: digits, as: UTF8.self)
    }

    static func base62Value(_ text: String) -> UInt64? {
        let utf8 = text.utf8
        guard utf8.count == width else { return nil }
        var value: UInt64 = 0
        for byte in utf8 {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = byte - UInt8(ascii: "a") + 36
            default: return nil
            }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 62)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}

/// Each kind's round key, derived once: lists encode hundreds of ids per answer.
private final class RoundKeyCache: Sendable {
    private let keys = Mutex<[PublicIDKind: SHA256.Digest]>([:])

    func key(for kind: PublicIDKind, derive: () -> SHA256.Digest) -> SHA256.Digest {
        if let key = keys.withLock({ $0[kind] }) { return key }
        let key = derive()
        keys.withLock { $0[kind] = key }
        return key
    }
}
