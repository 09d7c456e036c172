import HTTPTypes
import Hummingbird
import ReachAPI
import ReachCore
import ReachJSON

/// Registers operations with their handlers. This is the only way a route is added, so the
/// router and the OpenAPI document cannot drift apart unnoticed (`registered` is checked
/// against `APICatalog` by a test).
public struct APIRouter {
    public typealias Handler = @Sendable (APIRequest) async throws -> APIResponse

    let router: Router<ReachRequestContext>
    let services: APIServices
    let rateLimiter: RateLimiter
    public private(set) var registered: [APIOperation] = []

    init(services: APIServices) {
        self.services = services
        rateLimiter = RateLimiter(policy: services.rateLimit)
        router = Router(context: ReachRequestContext.self)
        router.add(middleware: MetricsMiddleware(registry: services.metrics))
        router.add(middleware: ErrorMiddleware(operations: APICatalog.operations))
    }

    public mutating func add(_ operation: APIOperation, _ handler: @escaping Handler) {
        registered.append(operation)
        let services = services
        let rateLimiter = rateLimiter
        router.on(RouterPath(Self.hummingbirdPath(operation.path)), method: HTTPRequest.Method(operation.method.rawValue)!) { request, context in
            var rateLimitHeaders = HTTPFields()
            var caller: Principal?
            // A signed link stands in for the key; the handler checks it.
            let keyOptional = operation.authentication == .apiKeyOrSignedLink && Self.keyText(request) == nil
            if operation.authentication != .none, !keyOptional {
                let principal = try await Self.authenticate(request, with: services.apiKeys)
                let decision = rateLimiter.admit(principal.apiKeyID)
                guard decision.allowed else { throw RateLimitExceeded(decision: decision) }
                rateLimitHeaders = decision.headers
                caller = principal
            }
            let parameters = try Self.parameters(of: request, context: context, for: operation)
            let (body, upload) = try await Self.body(of: request, for: operation)
            let apiRequest = APIRequest(
                operation: operation, parameters: parameters, body: body, upload: upload, codec: services.codec, logger: context.logger,
                caller: caller)
            var response = try await handler(apiRequest).hummingbirdResponse
            response.headers.append(contentsOf: rateLimitHeaders)
            return response
        }
    }

    /// An operation whose handler speaks HTTP itself (MCP's transport reads the headers and
    /// answers with its own statuses); still registered, so the document keeps describing it.
    mutating func addRaw(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, ReachRequestContext) async throws -> Response) {
        registered.append(operation)
        router.on(RouterPath(Self.hummingbirdPath(operation.path)), method: HTTPRequest.Method(operation.method.rawValue)!, use: handler)
    }

    /// `/v1/clients/assign/{resourceType}` in Hummingbird's form, `/v1/clients/assign/:resourceType`.
    static func hummingbirdPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
    }

    /// The key from `x-api-key`, or from `Authorization: Bearer` as Saleshandy's samples send it.
    static func keyText(_ request: Request) -> String? {
        var secret = request.headers[.apiKey]
        if secret == nil, let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            secret = String(authorization.dropFirst("bearer ".count))
        }
        guard let secret = secret?.trimmingWhitespace(), !secret.isEmpty else { return nil }
        return secret
    }

    static func authenticate(_ request: Request, with keys: APIKeyService) async throws -> Principal {
        guard let secret = keyText(request) else { throw ReachError.invalidToken }
        return try await keys.authenticate(secret: secret)
    }

    static func parameters(of request: Request, context: ReachRequestContext, for operation: APIOperation) throws -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        var violations: [SchemaViolation] = []
        let query = request.uri.queryParameters
        for parameter in operation.parameters {
            let texts: [String]
            switch parameter.location {
            case .path: texts = context.parameters.get(parameter.name).map { [$0] } ?? []
            case .query: texts = query.getAll(parameter.name).map { String($0) }
            }
            if texts.contains(where: { $0.utf8.contains(0) }) {
                violations.append(SchemaViolation(field: parameter.name, message: "\(parameter.name) must not contain the NUL character"))
                continue
            }
            guard !texts.isEmpty else {
                if parameter.isRequired { violations.append(SchemaViolation(field: parameter.name, message: "\(parameter.name) is required")) }
                continue
            }
            let value = parameter.value(from: texts)
            violations += parameter.schema.violations(of: value, at: parameter.name)
            values[parameter.name] = value
        }
        try rejectIfAny(violations, for: operation)
        return values
    }

    static func body(of request: Request, for operation: APIOperation) async throws -> (JSONValue?, APIRequest.Upload?) {
        guard let description = operation.requestBody else { return (nil, nil) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > description.maximumBytes {
            throw ReachError(.payloadTooLarge, code: ErrorCatalog.payloadTooLarge.code,
                             message: "Request body is larger than the \(description.maximumBytes / 1_048_576) MB this operation accepts")
        }
        let bytes = try await request.body.collect(upTo: description.maximumBytes)
        if case .multipartFile(let field) = description.contentType {
            let form = MultipartForm(body: Array(bytes.readableBytesView), contentType: request.headers[.contentType] ?? "")
            guard let file = form?.file(named: field) else {
                throw ReachError.invalidInput(
                    "Send the file as multipart/form-data in the field named \(field)", field: field, code: operation.validationErrorCode)
            }
            return (nil, APIRequest.Upload(fileName: file.fileName ?? "", bytes: file.body))
        }
        guard bytes.readableBytes > 0 else {
            if !description.isRequired { return (nil, nil) }
            throw ReachError.invalidInput("A JSON request body is required", code: operation.validationErrorCode)
        }
        let value: JSONValue
        do {
            value = try bytes.withUnsafeReadableBytes { try JSONParser.parse($0) }
        } catch let error as JSONSyntaxError {
            throw ReachError.invalidInput(error.description, code: operation.validationErrorCode)
        }
        try rejectIfAny(description.schema.violations(of: value), for: operation)
        return (value, nil)
    }

    static func rejectIfAny(_ violations: [SchemaViolation], for operation: APIOperation) throws {
        guard let first = violations.first else { return }
        let shown = violations.prefix(5).map(\.message).joined(separator: "; ")
        let more = violations.count > 5 ? " (and \(violations.count - 5) more)" : ""
        throw ReachError.invalidInput(shown + more, field: first.field, code: operation.validationErrorCode)
    }
}
