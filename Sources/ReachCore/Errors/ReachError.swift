/// The one error type of Reach's domain. Each way in (HTTP, CLI, MCP) maps it at its own edge:
/// `kind` decides the HTTP status or exit code, `code` is the numeric code clients see (Saleshandy's
/// where it documents one), `message` is safe to show to the caller.
public struct ReachError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case invalidInput
        case unauthenticated
        case forbidden
        case notFound
        case conflict
        case payloadTooLarge
        case rateLimited
        case unavailable
        case notImplemented
        case internalFailure
    }

    public let kind: Kind
    public let code: Int
    public let message: String
    /// The input field the error is about, when there is one.
    public let field: String?

    public init(_ kind: Kind, code: Int, message: String, field: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(code): \(message)" }

    public static func invalidInput(_ message: String, field: String? = nil, code: Int = 4000) -> ReachError {
        ReachError(.invalidInput, code: code, message: message, field: field)
    }

    public static func notFound(_ message: String, code: Int = 4004) -> ReachError {
        ReachError(.notFound, code: code, message: message)
    }

    public static func conflict(_ message: String, code: Int = 4009) -> ReachError {
        ReachError(.conflict, code: code, message: message)
    }

    public static let invalidToken = ReachError(.unauthenticated, code: 1001, message: "Invalid access token")
    public static let internalFailure = ReachError(.internalFailure, code: 5001, message: "Internal server error, please try again later")
}
