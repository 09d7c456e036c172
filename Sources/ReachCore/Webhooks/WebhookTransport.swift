import Foundation

/// Posts a delivery's body to a webhook's URL.
public protocol WebhookTransport: Sendable {
    /// Never throws: a refused connection, a timeout or a broken answer come back as `error`.
    func post(to url: String, headers: [WebhookHeader], body: [UInt8], timeout: Duration) async -> WebhookResponse
}

public struct WebhookResponse: Sendable, Equatable {
    public let statusCode: Int?
    /// The start of the answer's body, for the delivery log.
    public let body: String?
    public let error: String?
    public let duration: Duration

    public init(statusCode: Int?, body: String?, error: String?, duration: Duration) {
        self.statusCode = statusCode
        self.body = body
        self.error = error
        self.duration = duration
    }
}
