import Foundation
import Logging
import ReachHTTP
import ReachStorage

/// What `reach serve` runs with, from flags and environment.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseConfiguration
    /// Where Reach keeps files (attachments, reports) and its generated secret key.
    public var dataDirectory: URL
    public var rateLimit: RateLimitPolicy
    /// The admin email of the account created on first start with an empty database.
    public var defaultAdminEmail: String
    /// How clients reach this server, for the links Reach hands out.
    public var publicURL: String
    /// The secret key from the environment; generated into the data directory when nil.
    public var secretKey: String?
    public var mail: MailSettings
    public var enrichment: EnrichmentSettings
    public var role: ServerRole
    /// How many times faster than real time the server's clock runs (sandbox time); 1 in production.
    public var timeScale: Double

    public static let defaultDatabaseURL = "sqlite://./reach.db"
    public static let defaultRequestsPerMinute = RateLimitPolicy.standard.requestsPerWindow

    /// Throws when the database URL cannot be used or the rate limit is not positive.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, databaseURL: String = defaultDatabaseURL, dataDirectory: URL,
        requestsPerMinute: Int = defaultRequestsPerMinute, defaultAdminEmail: String = "admin@reach.local", publicURL: String? = nil,
        secretKey: String? = nil, role: ServerRole = .all, mail: MailSettings = MailSettings(),
        enrichment: EnrichmentSettings = EnrichmentSettings(), timeScale: Double = 1
    ) throws {
        guard requestsPerMinute > 0 else { throw ConfigurationError("the rate limit must be a positive number of requests") }
        guard timeScale >= 1, timeScale <= 1_000_000 else { throw ConfigurationError("the time scale must be between 1 and 1000000") }
        self.timeScale = timeScale
        self.host = host
        // Port 0 asks for any free port. It is chosen here, not by the listener, so that the
        // links Reach hands out (report and unsubscribe links) carry the real one.
        self.port = port == 0 ? try FreePort.find(host: host) : port
        self.database = try DatabaseConfiguration(url: databaseURL)
        self.dataDirectory = dataDirectory
        self.rateLimit = RateLimitPolicy(requestsPerWindow: requestsPerMinute)
        self.defaultAdminEmail = defaultAdminEmail
        let base = publicURL ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(self.port)"
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw ConfigurationError("the public URL must start with http:// or https://")
        }
        self.publicURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.secretKey = secretKey
        if let caFile = mail.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError("the mail CA file \(caFile) cannot be read")
        }
        self.mail = mail
        if let url = enrichment.providerURL {
            // Its key travels with every request: in the clear only to a service on this machine.
            guard let parsed = URLComponents(string: url), let host = parsed.host, !host.isEmpty,
                parsed.scheme == "https" || (parsed.scheme == "http" && ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host))
            else {
                throw ConfigurationError("the enrichment provider URL must be https (http only on this machine: 127.0.0.1 or localhost)")
            }
        }
        self.enrichment = enrichment
        self.role = role
    }
}

/// What one `reach serve` process runs: the HTTP API, the background work (sending, jobs), or
/// both. Several worker processes may share one PostgreSQL database; every claim is made there.
public enum ServerRole: String, Sendable, CaseIterable {
    case all, api, worker
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A TCP port nothing listens on at the moment, found by binding to port 0 and releasing it.
enum FreePort {
    static func find(host: String) throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ConfigurationError("no socket for choosing a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0 else { throw ConfigurationError("could not choose a free port on \(host)") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
