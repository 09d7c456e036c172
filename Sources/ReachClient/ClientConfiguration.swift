import Foundation

/// Where the client sends requests and with which key.
public struct ClientConfiguration: Sendable, Equatable {
    /// The server's root, without the `/v1` the operations' paths begin with.
    public var serverURL: String
    public var apiKey: String?
    /// How long one request may take, connection included.
    public var timeout: Duration
    /// How many times a request refused with 429 or 503 is tried again.
    public var retries: Int

    public static let localServer = "http://127.0.0.1:8080"
    public static let saleshandyCloud = "https://open-api.saleshandy.com/v1"

    /// `baseURL` may end with `/v1`, as Saleshandy writes its own (`https://open-api.saleshandy.com/v1`).
    public init(baseURL: String, apiKey: String?, timeout: Duration = .seconds(60), retries: Int = 3) {
        serverURL = Self.serverURL(of: baseURL)
        self.apiKey = apiKey
        self.timeout = timeout
        self.retries = retries
    }

    /// The server's root a base URL names: without trailing slashes or `/v1`.
    public static func serverURL(of baseURL: String) -> String {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        return root
    }
}
