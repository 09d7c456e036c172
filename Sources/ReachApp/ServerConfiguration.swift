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

    public static let defaultDatabaseURL = "sqlite://./reach.db"
    public static let defaultRequestsPerMinute = RateLimitPolicy.standard.requestsPerWindow

    /// Throws when the database URL cannot be used or the rate limit is not positive.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, databaseURL: String = defaultDatabaseURL, dataDirectory: URL,
        requestsPerMinute: Int = defaultRequestsPerMinute, defaultAdminEmail: String = "admin@reach.local", publicURL: String? = nil,
        secretKey: String? = nil
    ) throws {
        guard requestsPerMinute > 0 else { throw ConfigurationError("the rate limit must be a positive number of requests") }
        self.host = host
        self.port = port
        self.database = try DatabaseConfiguration(url: databaseURL)
        self.dataDirectory = dataDirectory
        self.rateLimit = RateLimitPolicy(requestsPerWindow: requestsPerMinute)
        self.defaultAdminEmail = defaultAdminEmail
        let base = publicURL ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw ConfigurationError("the public URL must start with http:// or https://")
        }
        self.publicURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.secretKey = secretKey
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
