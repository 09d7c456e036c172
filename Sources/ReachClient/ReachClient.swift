import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReachAPI
import ReachJSON

/// Reach's API (or Saleshandy's) over HTTP, for the CLI and the MCP server: one request per
/// call, the key in `x-api-key`, answers unwrapped from their envelope, errors as `ClientError`.
///
/// A request refused with 429 or 503 is tried again after the server's `Retry-After`, but only
/// when repeating it cannot do a thing twice: GET, PUT and DELETE. A POST or PATCH is never
/// repeated: neither Saleshandy nor Reach yet honours an idempotency key.
public struct ReachClient: Sendable {
    public let configuration: ClientConfiguration
    let http: HTTPClient

    /// The longest `Retry-After` honoured; a server asking for more is reported, not waited on.
    static let longestWait: Duration = .seconds(120)

    /// One client for the process that never follows a redirect: AsyncHTTPClient would carry
    /// `x-api-key` to wherever a redirect points (it strips only `Authorization` and cookies),
    /// and the API never redirects a call that carries a key.
    static let withoutRedirects = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
        http = Self.withoutRedirects
    }

    /// Sends one request. `path` begins with `/v1`; `query` is added in order.
    public func send(_ method: APIOperation.Method, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) async throws -> ClientResponse {
        var request = HTTPClientRequest(url: configuration.serverURL + path + Self.queryString(query))
        request.method = HTTPMethod(rawValue: method.rawValue)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "reach-cli")
        if let key = configuration.apiKey { request.headers.add(name: "x-api-key", value: key) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: JSONWriter.string(body)))
        }
        let repeatable = method != .post && method != .patch
        var attempt = 0
        while true {
            let response = try await execute(request)
            attempt += 1
            guard repeatable, attempt <= configuration.retries, response.status == 429 || response.status == 503,
                let wait = Self.retryAfter(response.header("Retry-After"), attempt: attempt), wait <= Self.longestWait
            else { return response }
            try await Task.sleep(for: wait)
        }
    }

    /// Sends one request and returns its payload, or throws the error it answered with.
    public func call(_ method: APIOperation.Method, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) async throws -> JSONValue {
        try await answer(method, path, query: query, body: body).payload
    }

    /// As `call`, with the envelope's message ("Sequence created successfully") beside the payload.
    public func answer(
        _ method: APIOperation.Method, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil
    ) async throws -> (payload: JSONValue, message: String?) {
        let response = try await send(method, path, query: query, body: body)
        if let error = response.error() { throw error }
        return try response.envelope()
    }

    func execute(_ request: HTTPClientRequest) async throws -> ClientResponse {
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(configuration.timeout.components.seconds) * 1_000_000_000))
            var body = try await response.body.collect(upTo: 256 * 1024 * 1024)
            return ClientResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: body.readBytes(length: body.readableBytes) ?? [])
        } catch let error as HTTPClientError {
            throw ClientError.network(Self.describe(error))
        } catch let error as ClientError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ClientError.network("\(error)")
        }
    }

    static func describe(_ error: HTTPClientError) -> String {
        switch error {
        case .deadlineExceeded, .readTimeout: "no answer in time"
        case .connectTimeout: "the connection timed out"
        default: "\(error)"
        }
    }

    /// `Retry-After` in seconds or as an HTTP date; without one, 1, 2, 4 seconds.
    static func retryAfter(_ header: String?, attempt: Int, now: Date = Date()) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces) else { return .seconds(1 << (attempt - 1)) }
        if let seconds = Int(header) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
    }

    static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return "?" + query.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
