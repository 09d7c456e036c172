import Foundation

/// DKIM private keys kept as files named `DOMAIN.SELECTOR.pem` in one directory (by default
/// DATA_DIR/dkim, written by `reach dkim generate`). Keys are read when needed, so a key added
/// while Reach runs is used from the next message on.
public struct DKIMKeyDirectory: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func file(domain: String, selector: String) -> URL {
        directory.appendingPathComponent("\(domain.lowercased()).\(selector).pem")
    }

    /// The selectors that have a key for `domain`, newest file first (so a rotated key wins).
    public func selectors(for domain: String) -> [String] {
        let prefix = domain.lowercased() + "."
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        return files
            .filter { $0.lastPathComponent.hasPrefix(prefix) && $0.pathExtension == "pem" }
            .sorted { Self.modified($0) > Self.modified($1) }
            .map { String($0.deletingPathExtension().lastPathComponent.dropFirst(prefix.count)) }
            .filter { !$0.isEmpty && !$0.contains(".") }
    }

    /// A signer with the newest key for `domain`, or nil when there is none.
    public func signer(for domain: String) throws -> DKIMSigner? {
        guard let selector = selectors(for: domain).first else { return nil }
        let pem = try String(contentsOf: file(domain: domain, selector: selector), encoding: .utf8)
        return try DKIMSigner(domain: domain.lowercased(), selector: selector, privateKeyPEM: pem)
    }

    private static func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }
}
