import Crypto
import Foundation

/// Signs links that must work without an API key (a report opened in a browser, and later
/// tracking and unsubscribe links): HMAC-SHA256 over what the link is for and when it expires.
public struct LinkSigner: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) {
        precondition(secret.count >= 32, "the signing secret must have at least 256 bits")
        key = SymmetricKey(data: secret)
    }

    /// 9999-12-31, for links that must work as long as an email is kept: unsubscribe and tracking.
    static let neverExpires = 253_402_300_799

    public struct Signature: Sendable, Equatable {
        public let expires: Int
        public let signature: String
    }

    /// A signature for `resource` valid until `expires` (Unix seconds).
    public func sign(_ resource: String, expires: Int) -> Signature {
        Signature(expires: expires, signature: mac(resource, expires: expires))
    }

    public func sign(_ resource: String, validFor lifetime: TimeInterval, now: Date) -> Signature {
        sign(resource, expires: Int(now.addingTimeInterval(lifetime).timeIntervalSince1970))
    }

    /// True when the signature is this installation's for `resource` and has not expired.
    public func verify(_ resource: String, expires: Int, signature: String, now: Date) -> Bool {
        guard Double(expires) >= now.timeIntervalSince1970 else { return false }
        let expected = Array(mac(resource, expires: expires).utf8)
        let given = Array(signature.utf8)
        // Constant time, so the comparison leaks nothing about where a guess goes wrong.
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func mac(_ resource: String, expires: Int) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("\(resource)\n\(expires)".utf8), using: key)
        return Base64URL.encode(code)
    }
}
