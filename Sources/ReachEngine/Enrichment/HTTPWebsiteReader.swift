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
            guard let url = URL(string: current), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host?.lowercased() else {
                return .unavailable("\(current) is not a web address")
            }
            let address: String
            do {
                switch try await resolver.addresses(host) {
                case .records(let found): address = found[0]
                case .noRecords: return .unavailable("\(host) has no address")
                case .nonexistentDomain: return .unavailable("\(host) does not exist")
                }
            } catch {
                return .unavailable("the address of \(host) could not be looked up: \(error)")
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

    enum Fetched {
        case page(String)
        case redirect(String)
        case unavailable(String)
    }

    func fetch(_ url: String, host: String, address: String) async -> Fetched {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout))
        configuration.dnsOverride = [host: address]
        // A refused connection is an answer (no HTTPS here, say), not a reason to retry until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        // A client per address: dnsOverride is the client's, and a fetch is rare enough not to need a pool.
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let fetched = await fetch(url, with: client)
        try? await client.shutdown()
        return fetched
    }

    func fetch(_ url: String, with client: HTTPClient) async -> Fetched {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "Reach/1 (self-hosted enrichment; reads the home page's title and description)")
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml")
        do {
            let response = try await client.execute(request, timeout: timeout)
            // The body is read in every case: a response left unread holds the connection, and
            // the client's shutdown waits for it until the read times out.
            let type = response.headers.first(name: "content-type")?.lowercased() ?? ""
            let isPage = (200..<300).contains(response.status.code) && (type.isEmpty || type.contains("html"))
            var bytes: [UInt8] = []
            for try await chunk in response.body {
                if isPage { bytes += chunk.readableBytesView.prefix(Self.maximumBytes - bytes.count) }
                if bytes.count >= Self.maximumBytes { break }
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

    /// Loopback, private (RFC 1918, RFC 4193), link-local, carrier-grade NAT and unspecified addresses.
    static func isPrivate(_ address: String) -> Bool {
        if address.contains(":") {
            let lower = address.lowercased()
            if lower.hasPrefix("::ffff:") { return isPrivate(String(lower.dropFirst(7))) }
            return lower == "::1" || lower == "::" || lower.hasPrefix("fc") || lower.hasPrefix("fd") || lower.hasPrefix("fe8")
                || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb")
        }
        let octets = address.split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4 else { return true }
        switch (octets[0], octets[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
        case (172, 16...31), (100, 64...127): return true
        default: return false
        }
    }
}
