import Foundation

/// The installation's secret key: signs links and (with the mail stack) encrypts mailbox
/// passwords. From `REACH_SECRET_KEY` (64 hex digits) when set, which every process of a
/// multi-machine installation must share; otherwise generated once into the data directory.
enum SecretKey {
    static let fileName = "secret.key"

    static func load(dataDirectory: URL, configured: String?) throws -> [UInt8] {
        if let configured {
            guard let key = hexBytes(configured.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 else {
                throw ConfigurationError("REACH_SECRET_KEY must be at least 64 hexadecimal digits (32 bytes)")
            }
            return key
        }
        let url = dataDirectory.appendingPathComponent(fileName)
        if let stored = try? String(contentsOf: url, encoding: .utf8) {
            guard let key = hexBytes(stored.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 else {
                throw ConfigurationError("\(url.path) does not hold a valid key; restore it from a backup or remove it to start over")
            }
            return key
        }
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = key.map { String(format: "%02x", $0) }.joined() + "\n"
        // Readable by its owner only; created exclusively so two processes cannot both write one.
        guard FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write \(url.path)")
        }
        return try load(dataDirectory: dataDirectory, configured: nil)
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        guard text.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
