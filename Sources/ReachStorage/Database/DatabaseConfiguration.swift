import Foundation
import Logging
import PostgresNIO

/// Where the data lives, from `--database` / `REACH_DATABASE_URL`:
/// `sqlite://./reach.db`, `sqlite:///var/lib/reach/reach.db`, or
/// `postgres://user:password@host:5432/database?sslmode=disable|prefer|require`.
public enum DatabaseConfiguration: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    public static let defaultURL = "sqlite://./reach.db"

    public struct PostgresSettings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var sslMode: SSLMode
        public var maximumConnections: Int
        /// Tests isolate themselves in a schema of their own.
        public var searchPath: String?

        public enum SSLMode: String, Sendable { case disable, prefer, require }
    }

    public init(url: String) throws {
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw DatabaseConfigurationError(url: url, reason: "no file path after sqlite://") }
            self = .sqlite(path: path)
            return
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), let components = URLComponents(string: url) else {
            throw DatabaseConfigurationError(url: url, reason: "use sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else { throw DatabaseConfigurationError(url: url, reason: "no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw DatabaseConfigurationError(url: url, reason: "no database name after the host") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        guard let sslMode = PostgresSettings.SSLMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw DatabaseConfigurationError(url: url, reason: "sslmode must be disable, prefer or require")
        }
        let maximumConnections = Int(query["pool_size"] ?? "") ?? 10
        self = .postgres(PostgresSettings(
            host: host, port: components.port ?? 5432,
            username: components.percentEncodedUser?.removingPercentEncoding ?? "postgres",
            password: components.percentEncodedPassword?.removingPercentEncoding,
            database: database, sslMode: sslMode, maximumConnections: max(2, maximumConnections), searchPath: query["search_path"]))
    }

    public var kind: DatabaseKind {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgresql
        }
    }

    /// A description safe to log: never the password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let settings): "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database)"
        }
    }

    func open(logger: Logger) async throws -> any DatabaseBackend {
        switch self {
        case .sqlite(let path):
            return try await SQLiteBackend(path: path, logger: logger)
        case .postgres(let settings):
            return PostgresBackend(settings: settings, logger: logger)
        }
    }
}

public struct DatabaseConfigurationError: Error, CustomStringConvertible {
    public let url: String
    public let reason: String
    public var description: String { "Cannot use database URL: \(reason)" }
}
