import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import ReachCore
import ReachMail

/// Reads a company's home page for enrichment: `https://domain/`, else `http://domain/`,
/// following up to five redirects by hand. Every host is resolved with Reach's own resolver
/// and the connection made to that address (the name kept for the Host header, SNI and the
/// certificate), so a private or loopback address is refused before anything is sent to it:
/// a domain typed by a user never makes the server fetch from its own network. Only HTML is
/// read, and only its first 512 KiB.
public struct HTTPWebsiteReader: WebsiteReader {
    let resolver: DNSResolver
    let tls: TLSConfiguration
    let httpPort: Int
    let httpsPort: Int
    let allowPrivateAddresses: Bool
    let timeout: TimeAmount

    static let maximumBytes = 512 * 1024
    static let maximumRedirects = 5

    /// `httpPort`, `httpsPort` and `allowPrivateAddresses` exist for tests, whose websites listen on loopback.
    public init(
        resolver: DNSResolver, tls: TLSConfiguration, httpPort: Int = 80, httpsPort: Int = 443, allowPrivateAddresses: Bool = false,
        timeout: TimeAmount = .seconds(10)
    ) {
        self.resolver = resolver
        self.tls = tls
        self.httpPort = httpPort
        self.httpsPort = httpsPort
        self.allowPrivateAddresses = allowPrivateAddresses
        self.timeout = timeout
    }

    public func homepage(of domain: String) async -> WebsiteVisit {
        let secure = await visit(Self.url("https", domain, port: httpsPort, standard: 443))
        if case .page = secure { return secure }
        let plain = await visit(Self.url("http", domain, port: httpPort, standard: 80))
        if case .page = plain { return plain }
        if case .unavailable(let secureReason) = secure, case .unavailable(let plainReason) = plain {
            return .unavailable(secureReason == plainReason ? secureReason : "https: \(secureReason); http: \(plainReason)")
        }
        return plain
    }

    static func url(_ scheme: String, _ domain: String, port: Int, standard: Int) -> String {
        port == standard ? "\(scheme)://\(domain)/" : "\(scheme)://\(domain):\(port)/"
    }

    func visit(_ start: String) async -> WebsiteVisit {
        var current = start
        for _ in 0...Self.maximumRedirects {
            // The host exactly as the URL writes it: AsyncHTTPClient looks its override up by that text.
            guard let url = URL(string: current), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host,
                !host.isEmpty
            else {
                return .unavailable("\(current) is not a web address")
            }
            let address: String
            if Self.ipBytes(host) != nil {
                address = host
            } else {
                do {
                    switch try await resolver.addresses(host.lowercased()) {
                    case .records(let found): address = found[0]
                    case .noRecords: return .unavailable("\(host) has no address")
                    case .nonexistentDomain: return .unavailable("\(host) does not exist")
                    }
                } catch {
                    return .unavailable("the address of \(host) could not be looked up: \(error)")
                }
            }
            if !allowPrivateAddresses, Self.isPrivate(address) {
                return .unavailable("\(host) resolves to the private address \(address), which is not fetched")
            }
            switch await fetch(current, host: host, address: address) {
            case .page(let html): return .page(html: html, url: current)
            case .redirect(let location):
                guard let next = URL(string: location, relativeTo: url)?.absoluteURL.absoluteString else {
                    return .unavailable("\(current) redirects to an unusable address")
                }
                current = next
            case .unavailable(let reason): return .unavailable(reason)
            }
        }
        return .unavailable("more than \(Self.maximumRedirects) redirects from \(start)")
    }

    enum Fetched: Sendable {
        case page(String)
        case redirect(String)
        case unavailable(String)
    }

    /// One request to the address already checked, within one overall deadline: a server that
    /// sends its body a byte at a time is cut off, the request cancelled.
    func fetch(_ url: String, host: String, address: String) async -> Fetched {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout))
        if Self.ipBytes(host) == nil { configuration.dnsOverride = [host: address] }
        // A refused connection is an answer (no HTTPS here, say), not a reason to retry until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        // A client per address: dnsOverride is the client's, and a fetch is rare enough not to need a pool.
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let limit = Duration.nanoseconds(timeout.nanoseconds) * 2
        let fetched = await withDeadline(limit, orElse: .unavailable("\(url) took more than \(limit.components.seconds) seconds to answer")) {
            await self.fetch(url, with: client)
        }
        try? await client.shutdown()
        return fetched
    }

    func fetch(_ url: String, with client: HTTPClient) async -> Fetched {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "Reach/1 (self-hosted enrichment; reads the home page's title and description)")
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml")
        do {
            let response = try await client.execute(request, timeout: timeout)
            // The body is read to its end in every case (the deadline bounds it): a response left
            // unread holds the connection, and the client's shutdown waits for it.
            let type = response.headers.first(name: "content-type")?.lowercased() ?? ""
            let isPage = (200..<300).contains(response.status.code) && (type.isEmpty || type.contains("html"))
            var bytes: [UInt8] = []
            for try await chunk in response.body where isPage && bytes.count < Self.maximumBytes {
                bytes += chunk.readableBytesView.prefix(Self.maximumBytes - bytes.count)
            }
            switch response.status.code {
            case 300..<400:
                guard let location = response.headers.first(name: "location") else { return .unavailable("\(url) answered \(response.status.code) without a location") }
                return .redirect(location)
            case 200..<300:
                guard isPage else { return .unavailable("\(url) is not an HTML page (\(type))") }
                return .page(String(decoding: bytes, as: UTF8.self))
            default:
                return .unavailable("\(url) answered HTTP \(response.status.code)")
            }
        } catch {
            return .unavailable(Self.describe(error, url: url))
        }
    }

    static func describe(_ error: any Error, url: String) -> String {
        let text = String(describing: error)
        if text.contains("onnection refused") || text.contains("connectionRefused") { return "\(url) refused the connection" }
        if let client = error as? HTTPClientError, [.deadlineExceeded, .readTimeout, .connectTimeout].contains(client) { return "\(url) did not answer in time" }
        if text.contains("handshake") || text.contains("certificate") || text.contains("SSL") { return "\(url) has no certificate this server trusts" }
        return "\(url) could not be read: \(text)"
    }

    /// The bytes of an IPv4 or IPv6 address written as text, or nil for a name.
    static func ipBytes(_ text: String) -> [UInt8]? {
        let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// Addresses a user's domain must never make the server fetch from: loopback, private
    /// (RFC 1918, RFC 4193), link-local, carrier-grade NAT, benchmarking, multicast, reserved and
    /// unspecified ones, IPv4 inside IPv6 (mapped, compatible, NAT64) judged as IPv4. Text that
    /// is not an address counts as private.
    static func isPrivate(_ address: String) -> Bool {
        guard let bytes = ipBytes(address) else { return true }
        if bytes.count == 4 { return isPrivateV4(bytes) }
        let zeros = bytes[0..<10].allSatisfy { $0 == 0 }
        if zeros, bytes[10] == 0xFF, bytes[11] == 0xFF { return isPrivateV4(Array(bytes[12...])) }  // ::ffff:a.b.c.d
        if zeros, bytes[10] == 0, bytes[11] == 0 { return bytes[12...].allSatisfy { $0 == 0 } || bytes[0..<15].allSatisfy { $0 == 0 } || isPrivateV4(Array(bytes[12...])) }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return isPrivateV4(Array(bytes[12...])) }  // 64:ff9b::/96
        return (bytes[0] & 0xFE) == 0xFC || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80) || bytes[0] == 0xFF
    }

    static func isPrivateV4(_ octets: [UInt8]) -> Bool {
        switch (octets[0], octets[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168), (172, 16...31), (100, 64...127), (198, 18...19): true
        case (224..., _): true
        default: false
        }
    }
}
