import Crypto
import Foundation

/// Seals the secrets Reach must be able to read back (mailbox passwords, webhook signing
/// secrets) for storage: AES-256-GCM under a key derived (HKDF-SHA256) from the installation's
/// secret, so a database dump alone reveals none of them. (The derivation's label still says
/// "mailbox passwords": changing it would make every stored value unreadable.) A sealed value is
/// `v1:` + base64 of nonce, ciphertext and tag; the version leaves room to rotate the scheme.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) {
        precondition(secret.count >= 32, "the secret must have at least 256 bits")
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), salt: Array("reach".utf8), info: Array("mailbox passwords v1".utf8), outputByteCount: 32)
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Array(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw ReachError.internalFailure }
        return "v1:" + combined.base64EncodedString()
    }

    /// The password, or an error when the value was sealed under another secret (a restored
    /// database without its key file) or altered.
    public func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(sealed.dropFirst(3))) else { throw Self.unreadable }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw Self.unreadable
        }
    }

    static let unreadable = ReachError(
        .internalFailure, code: 5002,
        message: "A stored secret (a mailbox password or a webhook signing secret) cannot be decrypted with this installation's secret key; restore the key, or reconnect the mailbox or re-create the webhook")
}
