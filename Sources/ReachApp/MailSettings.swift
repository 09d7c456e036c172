import Foundation
import ReachCore
import ReachEngine
import ReachMail

/// How `reach serve` reaches mail servers, from flags and environment.
public struct MailSettings: Sendable {
    /// A PEM bundle of extra trusted roots (`--mail-ca-file`, `REACH_MAIL_CA_FILE`), for private
    /// mail servers; the system's roots are always trusted too.
    public var caFile: String?
    /// DNS servers for MX, SPF, DKIM and DMARC look-ups (`--dns-server`, `REACH_DNS_SERVER`);
    /// empty means the system's (/etc/resolv.conf).
    public var dnsServers: [DNSResolver.Server]
    /// The name Reach gives in SMTP EHLO (`--helo-name`, `REACH_HELO_NAME`; this machine's name by default).
    public var heloName: String
    /// Which folders are read for replies and bounces, how often and over how many connections
    /// at once (`--reply-folders`, `--reply-poll-seconds`, `--reply-connections`).
    public var replies: ReplyPoller.Settings
    /// How email verification asks mail exchangers (`--verify-port`, `--verify-sender`).
    public var verification: Verification

    public struct Verification: Sendable {
        /// 25 in the world; tests point it at a local server.
        public var port: Int
        /// The probes' MAIL FROM; empty is the null sender `<>`.
        public var sender: String

        public init(port: Int = 25, sender: String = "") {
            self.port = port
            self.sender = sender
        }
    }

    public init(
        caFile: String? = nil, dnsServers: [DNSResolver.Server] = [], heloName: String? = nil,
        replies: ReplyPoller.Settings = ReplyPoller.Settings(), verification: Verification = Verification()
    ) {
        self.caFile = caFile
        self.dnsServers = dnsServers
        self.heloName = heloName ?? LocalHost.name
        self.replies = replies
        self.verification = verification
    }

    /// `host` or `host:port` (IPv6 addresses in brackets: `[::1]:53`).
    public static func dnsServer(_ text: String) throws -> DNSResolver.Server {
        var host = text.trimmingCharacters(in: .whitespaces)
        var port = 53
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":") {
                guard let number = Int(rest.dropFirst()) else { throw ConfigurationError("\(text) is not host:port") }
                port = number
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]) else { throw ConfigurationError("\(text) is not host:port") }
            port = number
            host = String(host[..<colon])
        }
        guard !host.isEmpty, (1...65535).contains(port) else { throw ConfigurationError("\(text) is not a DNS server address") }
        return DNSResolver.Server(host: host, port: port)
    }
}
