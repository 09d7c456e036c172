import Foundation
import ReachTestSupport

@testable import ReachMail

/// The servers scripts/mail-peers.sh started, found through the environment it printed.
struct MailPeers {
    static let environment = ProcessInfo.processInfo.environment
    static var available: Bool { environment["REACH_TEST_MAIL_CA"] != nil }
    static var required: Bool { environment["REACH_REQUIRE_MAIL"] == "1" }

    func caFile() throws -> String {
        guard let path = Self.environment["REACH_TEST_MAIL_CA"] else { throw MailPeersMissing() }
        return path
    }

    func port(_ name: String) throws -> Int {
        guard let port = Self.environment["REACH_TEST_SMTP_\(name)_PORT"].flatMap(Int.init) else { throw MailPeersMissing() }
        return port
    }

    func imapPort(_ name: String) throws -> Int {
        guard let port = Self.environment["REACH_TEST_IMAP_\(name)_PORT"].flatMap(Int.init) else { throw MailPeersMissing() }
        return port
    }

    func spooled(_ name: String) -> [URL] {
        guard let directory = Self.environment["REACH_TEST_MAIL_DIR"] else { return [] }
        let spool = URL(fileURLWithPath: directory).appendingPathComponent("spool-\(name)")
        let files = (try? FileManager.default.contentsOfDirectory(at: spool, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "eml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    func envelopes(_ name: String) -> [[String: Any]] {
        guard let directory = Self.environment["REACH_TEST_MAIL_DIR"],
              let text = try? String(contentsOfFile: "\(directory)/spool-\(name)/envelopes.jsonl", encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func closedPort() throws -> Int {
        let socket = try SocketProbe()
        return socket.port
    }

    /// Reads a stored message with Python's `email` package, the reference parser.
    func parseWithPython(_ file: URL) async throws -> [String: Any] {
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            def body(kind):
                part = m.get_body(preferencelist=(kind,))
                return part.get_content() if part else None
            defects = len(m.defects) + sum(len(p.defects) for p in m.walk())
            print(json.dumps({"subject": str(m["subject"]), "from": str(m["from"]), "to": str(m["to"]),
                "text": body("plain"), "html": body("html"), "in_reply_to": str(m["in-reply-to"]),
                "list_unsubscribe_post": str(m["list-unsubscribe-post"]),
                "attachments": [p.get_filename() for p in m.iter_attachments()], "defects": defects}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let data = try await process.outputAfterExit()
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

struct MailPeersMissing: Error {}

/// A TCP socket bound to a free loopback port.
func boundLoopbackSocket() -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A port that nothing listens on: bound, read, and released.
struct SocketProbe {
    let port: Int

    init() throws {
        let (descriptor, port) = boundLoopbackSocket()
        close(descriptor)
        self.port = port
    }
}

/// A port that accepts connections (the kernel completes the handshake) but never says a word:
/// the shape of a hung server.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        (descriptor, port) = boundLoopbackSocket()
        listen(descriptor, 8)
    }

    deinit { close(descriptor) }
}

extension MailPeers {
    /// The loopback DNS server, answering from the zone file tests may extend. The Python server
    /// shares two cores with the whole test run, so it gets more time and tries than a real one.
    func resolver() throws -> DNSResolver {
        guard let port = Self.environment["REACH_TEST_DNS_PORT"].flatMap(Int.init) else { throw MailPeersMissing() }
        return DNSResolver(servers: [.init(host: "127.0.0.1", port: port)], timeout: .seconds(5), attempts: 4)
    }

    func addDNSRecords(_ lines: String) throws {
        guard let zone = Self.environment["REACH_TEST_DNS_ZONE"] else { throw MailPeersMissing() }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: zone))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((lines + "\n").utf8))
        try handle.close()
    }
}
