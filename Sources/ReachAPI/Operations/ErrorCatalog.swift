/// The error answers every client of Reach can meet, whatever the operation.
///
/// Codes below 10000 follow Saleshandy's (1001, 4000, 4003, 5001); 4004, 4005, 4013, 4029 and
/// 5010 are Reach's own for answers Saleshandy does not document, each mirroring its HTTP status.
public enum ErrorCatalog {
    public static let invalidToken = DocumentedError(status: 401, code: 1001, message: "Invalid access token")
    public static let validationFailed = DocumentedError(status: 400, code: 4000, message: "The request is not valid: the message names the field")
    public static let forbidden = DocumentedError(status: 403, code: 4003, message: "You don't have required permissions to perform this task")
    public static let notFound = DocumentedError(status: 404, code: 4004, message: "Not found")
    public static let methodNotAllowed = DocumentedError(status: 405, code: 4005, message: "Method not allowed on this path")
    public static let conflict = DocumentedError(status: 409, code: 4009, message: "Conflicts with existing data")
    public static let payloadTooLarge = DocumentedError(status: 413, code: 4013, message: "Request body is larger than this operation accepts")
    public static let rateLimited = DocumentedError(status: 429, code: 4029, message: "Too many requests: wait for Retry-After seconds")
    public static let internalError = DocumentedError(status: 500, code: 5001, message: "Internal server error, please try again later")
    public static let notAvailableSelfHosted = DocumentedError(
        status: 501, code: 5010, message: "Not available in a self-hosted Reach")
}

/// The `type` field of the error envelope.
public enum ErrorType: String, Sendable, CaseIterable {
    case auth
    case validation
    case forbidden
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case conflict
    case payloadTooLarge = "payload_too_large"
    case rateLimit = "rate_limit"
    case server
    case notImplemented = "not_implemented"
}
