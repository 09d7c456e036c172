import Crypto
import Foundation

/// How a receiver knows a delivery came from Reach and is fresh: the header
/// `Reach-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC's key is the
/// webhook's signing secret (the whole `whsec_…` string as UTF-8) and its message is
/// `<t>.<raw body>`. Receivers recompute it, compare in constant time, and refuse a `t` more
/// than a few minutes old, which stops replays.
public enum WebhookSignature {
    public static let headerName = "Reach-Signature"

    /// A new signing secret: 256 random bits.
    public static func makeSecret() -> String {
        "whsec_" + SymmetricKey(size: .bits256).withUnsafeBytes { Base64URL.encode($0) }
    }

    public static func header(secret: String, timestamp: Date, body: [UInt8]) -> String {
        let seconds = Int64(timestamp.timeIntervalSince1970.rounded(.down))
        return "t=\(seconds),v1=\(mac(secret: secret, seconds: seconds, body: body))"
    }

    /// Whether `header` signs `body` under `secret` within `tolerance` of `now`: what a receiver does.
    public static func verify(header: String, secret: String, body: [UInt8], now: Date, tolerance: TimeInterval = 300) -> Bool {
        var seconds: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { seconds = Int64(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let seconds, abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { return false }
        let expected = Array(mac(secret: secret, seconds: seconds, body: body).utf8)
        return signatures.contains { constantTimeEqual(Array($0.utf8), expected) }
    }

    static func mac(secret: String, seconds: Int64, body: [UInt8]) -> String {
        var message = Array("\(seconds).".utf8)
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
