import ReachJSON

/// One operation of Reach's HTTP API: what the router serves, what the OpenAPI document
/// describes and what requests are validated against are all read from this one value.
public struct APIOperation: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    public enum Authentication: Sendable {
        /// `x-api-key` (or `Authorization: Bearer`) scoped to one account.
        case apiKey
        /// Open: health, metrics, the document itself, tracking links.
        case none
        /// The API key, or a signed link's `expires` and `signature` (reports opened in a browser).
        case apiKeyOrSignedLink
    }

    /// Saleshandy's operationId where the operation is theirs, so generated clients keep their names.
    public var id: String
    public var method: Method
    /// The path in OpenAPI form: `/v1/clients/assign/{resourceType}`.
    public var path: String
    public var tag: String
    public var summary: String
    public var description: String?
    public var parameters: [Parameter]
    public var requestBody: RequestBody?
    public var response: ResponseShape
    /// Errors particular to this operation; the common ones (401, 429, 500, ...) are added for all.
    public var errors: [DocumentedError]
    /// Not in Saleshandy's API: marked `x-reach-extension: true` in the document.
    public var isExtension: Bool
    public var authentication: Authentication

    public init(
        id: String, method: Method, path: String, tag: String, summary: String, description: String? = nil,
        parameters: [Parameter] = [], requestBody: RequestBody? = nil, response: ResponseShape,
        errors: [DocumentedError] = [], isExtension: Bool = false, authentication: Authentication = .apiKey
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.tag = tag
        self.summary = summary
        self.description = description
        self.parameters = parameters
        self.requestBody = requestBody
        self.response = response
        self.errors = errors
        self.isExtension = isExtension
        self.authentication = authentication
    }

    public var pathParameters: [Parameter] { parameters.filter { $0.location == .path } }
    public var queryParameters: [Parameter] { parameters.filter { $0.location == .query } }

    /// The 400 code this operation answers for input it cannot accept.
    public var validationErrorCode: Int {
        errors.first { $0.status == 400 }?.code ?? ErrorCatalog.validationFailed.code
    }
}

public struct Parameter: Sendable {
    public enum Location: String, Sendable { case path, query }

    public var name: String
    public var location: Location
    public var schema: JSONSchema
    public var isRequired: Bool
    public var description: String?

    public static func path(_ name: String, _ schema: JSONSchema = .string(minLength: 1), _ description: String? = nil) -> Parameter {
        Parameter(name: name, location: .path, schema: schema, isRequired: true, description: description)
    }

    public static func query(_ name: String, _ schema: JSONSchema, required: Bool = false, _ description: String? = nil) -> Parameter {
        Parameter(name: name, location: .query, schema: schema, isRequired: required, description: description)
    }

    /// Reads a query or path string as the JSON value the schema expects, leaving it a string
    /// when it cannot be read that way so that validation names the problem.
    public func value(from texts: [String]) -> JSONValue {
        Self.coerce(texts, to: schema)
    }

    static func coerce(_ texts: [String], to schema: JSONSchema) -> JSONValue {
        switch schema {
        case .component(_, let inner), .nullable(let inner):
            return coerce(texts, to: inner)
        case .array(let items, _):
            // An empty item ("a,,b" or "owners=") stays, so that validation refuses it as the
            // document's items schema says, rather than quietly meaning something else.
            let parts = texts.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return .array(parts.map { coerce([$0], to: items) })
        default:
            break
        }
        let text = texts.last ?? ""
        switch schema {
        case .integer:
            return Int64(text).map(JSONValue.integer) ?? .string(text)
        case .number:
            return Double(text).map(JSONValue.double) ?? .string(text)
        case .boolean:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(text)
            }
        default:
            return .string(text)
        }
    }
}

public struct RequestBody: Sendable {
    public enum ContentType: Sendable {
        case json
        /// multipart/form-data with one file in the named field.
        case multipartFile(field: String)
    }

    public var schema: JSONSchema
    public var contentType: ContentType
    /// Bodies above this size are refused with 413 before they are parsed.
    public var maximumBytes: Int
    /// False where the body only carries options (completing a task with or without an outcome).
    public var isRequired = true

    public static let defaultMaximumBytes = 2 * 1024 * 1024

    public static func json(_ schema: JSONSchema, maximumBytes: Int = defaultMaximumBytes, required: Bool = true) -> RequestBody {
        RequestBody(schema: schema, contentType: .json, maximumBytes: maximumBytes, isRequired: required)
    }
}

/// How the success answer of an operation is wrapped.
public enum ResponseShape: Sendable {
    /// `{"message": ..., "payload": ...}`: the usual Saleshandy envelope.
    case envelope(status: Int, message: String, payload: JSONSchema)
    /// `{"payload": {"message": ..., "payload": ...}}`: the doubly nested form Saleshandy documents
    /// for clients, DNC lists and client assignment. Reach adds paging `meta` beside the inner
    /// payload where a list has pages.
    case nestedEnvelope(status: Int, message: String, payload: JSONSchema, meta: JSONSchema? = nil)
    /// A bare JSON object, as Saleshandy documents for a few endpoints.
    case bare(status: Int, schema: JSONSchema)
    /// Not JSON: Prometheus text, CSV reports, the tracking pixel.
    case text(status: Int, contentType: String)
    /// A redirect to the URL in its `Location` header, with no body.
    case redirect(status: Int)
    /// No success on a self-hosted server: every call answers the operation's documented 501.
    case unavailable

    public var status: Int {
        switch self {
        case .envelope(let status, _, _), .nestedEnvelope(let status, _, _, _), .bare(let status, _), .text(let status, _), .redirect(let status):
            status
        case .unavailable:
            501
        }
    }
}

/// An error answer documented for an operation.
public struct DocumentedError: Sendable, Equatable {
    public var status: Int
    public var code: Int
    public var message: String

    public init(status: Int, code: Int, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }
}
