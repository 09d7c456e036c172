import Foundation
import Synchronization

/// DKIM private keys kept as files named `DOMAIN.SELECTOR.pem` in one directory (by default
/// DATA_DIR/dkim, written by `reach dkim generate`). The directory is looked at for every
/// message, so a key added while Reach runs is used from the next message on; a key is parsed
/// once and kept while its file stays unchanged.
public struct DKIMKeyDirectory: Sendable {
    public let directory: URL
    private let parsed = ParsedKeys()

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
        let file = file(domain: domain, selector: selector)
        let modified = Self.modified(file)
        if let signer = parsed.signer(file.path, modified: modified) { return signer }
        let pem = try String(contentsOf: file, encoding: .utf8)
        let signer = try DKIMSigner(domain: domain.lowercased(), selector: selector, privateKeyPEM: pem)
        parsed.keep(signer, file.path, modified: modified)
        return signer
    }

    private static func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }
}

/// Signers by key file, with the file's modification time when it was parsed.
private final class ParsedKeys: Sendable {
    private let signers = Mutex<[String: (modified: Date, signer: DKIMSigner)]>([:])

    func signer(_ path: String, modified: Date) -> DKIMSigner? {
        signers.withLock { $0[path].flatMap { $0.modified == modified ? $0.signer : nil } }
    }

    func keep(_ signer: DKIMSigner, _ path: String, modified: Date) {
        signers.withLock { $0[path] = (modified, signer) }
    }
}
