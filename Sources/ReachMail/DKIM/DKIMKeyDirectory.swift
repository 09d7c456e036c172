import Foundation
import Synchronization

/// DKIM private keys kept as files named `DOMAIN.SELECTOR.pem` in one directory (by default
/// DATA_DIR/dkim, written by `reach dkim generate`). A key added or rotated while Reach runs is
/// used within `recheckInterval`: the directory is looked at again for a domain once its last
/// look is that old (listing it and reading file dates for every message cost more than the
/// rest of the message's MIME work), and a key is parsed once and kept while its file stays
/// unchanged.
public struct DKIMKeyDirectory: Sendable {
    public let directory: URL
    public let recheckInterval: Duration
    private let parsed = ParsedKeys()

    public init(directory: URL, recheckInterval: Duration = .seconds(1)) {
        self.directory = directory
        self.recheckInterval = recheckInterval
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
        let now = ContinuousClock.now
        // Nil when the last look is too old; the signer it found (or nil, none) otherwise.
        if let recent = parsed.recent(domain, since: now - recheckInterval) { return recent }
        guard let selector = selectors(for: domain).first else {
            parsed.looked(at: domain, found: nil, at: now)
            return nil
        }
        let file = file(domain: domain, selector: selector)
        let modified = Self.modified(file)
        if let signer = parsed.signer(file.path, modified: modified) {
            parsed.looked(at: domain, found: signer, at: now)
            return signer
        }
        let pem = try String(contentsOf: file, encoding: .utf8)
        let signer = try DKIMSigner(domain: domain.lowercased(), selector: selector, privateKeyPEM: pem)
        parsed.keep(signer, file.path, modified: modified)
        parsed.looked(at: domain, found: signer, at: now)
        return signer
    }

    private static func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }
}

/// Signers by key file, with the file's modification time when it was parsed, and what the
/// last look at each domain found.
private final class ParsedKeys: Sendable {
    private let signers = Mutex<[String: (modified: Date, signer: DKIMSigner)]>([:])
    private let looks = Mutex<[String: (at: ContinuousClock.Instant, signer: DKIMSigner?)]>([:])

    func signer(_ path: String, modified: Date) -> DKIMSigner? {
        signers.withLock { $0[path].flatMap { $0.modified == modified ? $0.signer : nil } }
    }

    func keep(_ signer: DKIMSigner, _ path: String, modified: Date) {
        signers.withLock { $0[path] = (modified, signer) }
    }

    /// What the last look at `domain` found, if it was after `instant`.
    func recent(_ domain: String, since instant: ContinuousClock.Instant) -> DKIMSigner?? {
        looks.withLock { $0[domain].flatMap { $0.at > instant ? .some($0.signer) : nil } }
    }

    func looked(at domain: String, found signer: DKIMSigner?, at instant: ContinuousClock.Instant) {
        looks.withLock { $0[domain] = (instant, signer) }
    }
}
