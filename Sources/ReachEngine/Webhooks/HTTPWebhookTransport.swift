import AsyncHTTPClient
import Foundation
import NIOCore
import ReachCore

/// Posts webhook deliveries with one AsyncHTTPClient for the process (its connection pool lives
/// as long as the process), keeping only the first kilobyte of an answer for the log.
///
/// Redirects are never followed: a receiver that answers 3xx has not taken the delivery, and
/// following it would send the signed body and the webhook's own headers to whatever host the
/// answer names, and show that host's reply in the delivery log.
public struct HTTPWebhookTransport: WebhookTransport {
    static let keptResponseBytes = 1024
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    public init() {}

    public func post(to url: String, headers: [WebhookHeader], body: [UInt8], timeout: Duration) async -> WebhookResponse {
        let started = ContinuousClock.now
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await Self.client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
            // Read to the end (the timeout bounds it) so the connection can be reused; keep the start.
            var kept: [UInt8] = []
            for try await chunk in response.body where kept.count < Self.keptResponseBytes {
                kept += chunk.readableBytesView.prefix(Self.keptResponseBytes - kept.count)
            }
            return WebhookResponse(
                statusCode: Int(response.status.code), body: String(decoding: kept, as: UTF8.self), error: nil, duration: ContinuousClock.now - started)
        } catch {
            return WebhookResponse(statusCode: nil, body: nil, error: Self.describe(error), duration: ContinuousClock.now - started)
        }
    }

    /// What the delivery log says went wrong, without the library's internals.
    static func describe(_ error: any Error) -> String {
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "The receiver did not answer in time"
            case .invalidURL, .emptyHost: return "The webhook URL cannot be used"
            case .remoteConnectionClosed: return "The receiver closed the connection"
            default: break
            }
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return "The receiver refused the connection"
        }
        return "The delivery failed: \(text)"
    }
}
