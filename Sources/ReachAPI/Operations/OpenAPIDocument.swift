import ReachJSON

/// Builds the OpenAPI 3.1 document served at `/api-doc-json` from the operation list.
public struct OpenAPIDocument: Sendable {
    public let operations: [APIOperation]
    public let version: String

    public init(operations: [APIOperation], version: String) {
        self.operations = operations
        self.version = version
    }

    public func json() -> JSONValue {
        var components: [String: JSONValue] = ["Error": Self.errorSchema]
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = describe(operation, &components)
        }
        let tags = Set(operations.map(\.tag)).sorted().map { JSONValue.object(["name": .string($0)]) }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Reach API",
                "version": .string(version),
                "description": .string(Self.introduction),
            ],
            "tags": .array(tags),
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": [
                "schemas": .object(components),
                "securitySchemes": [
                    "apiKey": ["type": "apiKey", "in": "header", "name": "x-api-key"],
                ],
            ],
            "security": [["apiKey": []]],
        ]
    }

    static let introduction = """
        Reach speaks the Saleshandy Open API (v1): same paths, fields, enums, codes and envelopes. \
        Success answers are {"message", "payload"} unless an operation documents another shape; errors are \
        {"error": true, "type", "code", "message", "payload": null}. Operations marked x-reach-extension \
        are Reach's additions. Every /v1 request needs the x-api-key header (Authorization: Bearer is also accepted).
        """

    static let errorSchema: JSONValue = [
        "type": "object",
        "required": ["error", "type", "code", "message", "payload"],
        "additionalProperties": false,
        "properties": [
            "error": ["const": true],
            "type": ["type": "string", "enum": .array(ErrorType.allCases.map { .string($0.rawValue) })],
            "code": ["type": "integer"],
            "message": ["type": "string"],
            "payload": ["type": "null"],
        ],
    ]

    func describe(_ operation: APIOperation, _ components: inout [String: JSONValue]) -> JSONValue {
        var entry: [String: JSONValue] = [
            "operationId": .string(operation.id),
            "summary": .string(operation.summary),
            "tags": [.string(operation.tag)],
        ]
        if let description = operation.description { entry["description"] = .string(description) }
        if operation.isExtension { entry["x-reach-extension"] = true }
        switch operation.authentication {
        case .apiKey: break
        case .none: entry["security"] = []
        case .apiKeyOrSignedLink: entry["security"] = [["apiKey": []], [:]]
        }
        if !operation.parameters.isEmpty {
            entry["parameters"] = .array(operation.parameters.map { parameter in
                var described: [String: JSONValue] = [
                    "name": .string(parameter.name),
                    "in": .string(parameter.location.rawValue),
                    "required": .bool(parameter.isRequired),
                    "schema": parameter.schema.openAPI(&components),
                ]
                if let text = parameter.description { described["description"] = .string(text) }
                if case .array = parameter.schema {
                    described["style"] = "form"
                    described["explode"] = false
                }
                return .object(described)
            })
        }
        if let body = operation.requestBody {
            let mediaType: JSONValue
            switch body.contentType {
            case .json:
                mediaType = ["application/json": ["schema": body.schema.openAPI(&components, asRequest: true)]]
            case .multipartFile(let field):
                mediaType = [
                    "multipart/form-data": [
                        "schema": [
                            "type": "object",
                            "required": [.string(field)],
                            "properties": [.init(stringLiteral: field): ["type": "string", "contentMediaType": "application/octet-stream"]],
                        ],
                    ],
                ]
            }
            entry["requestBody"] = ["required": .bool(body.isRequired), "content": mediaType]
        }
        var responses: [String: JSONValue] = [:]
        if let success = successResponse(operation.response, &components) { responses[String(operation.response.status)] = success }
        for (status, errors) in Dictionary(grouping: allErrors(of: operation), by: \.status) {
            let lines = errors.map { "\($0.code): \($0.message)" }.joined(separator: "\n")
            responses[String(status)] = [
                "description": .string(lines),
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
        }
        if operation.authentication != .none, case .object(var tooMany)? = responses["429"] {
            tooMany["headers"] = .object(Self.rateLimitHeaders)
            responses["429"] = .object(tooMany)
        }
        entry["responses"] = .object(responses)
        return .object(entry)
    }

    static let rateLimitHeaders: [String: JSONValue] =
        [
            "Retry-After": ["description": "Seconds to wait before the next request.", "schema": ["type": "integer"]],
            "RateLimit-Limit": ["description": "Requests allowed per window.", "schema": ["type": "integer"]],
            "RateLimit-Remaining": ["description": "Requests left in the window.", "schema": ["type": "integer"]],
            "RateLimit-Reset": ["description": "Seconds until the window is whole again.", "schema": ["type": "integer"]],
        ]

    /// The operation's own errors plus the ones every operation of its kind can answer.
    public func allErrors(of operation: APIOperation) -> [DocumentedError] {
        var errors = operation.errors
        func add(_ error: DocumentedError) {
            if !errors.contains(where: { $0.status == error.status }) { errors.append(error) }
        }
        if operation.authentication != .none {
            add(ErrorCatalog.invalidToken)
            add(ErrorCatalog.rateLimited)
        }
        if operation.requestBody != nil || !operation.parameters.isEmpty {
            add(DocumentedError(status: 400, code: operation.validationErrorCode, message: ErrorCatalog.validationFailed.message))
        }
        if operation.requestBody != nil { add(ErrorCatalog.payloadTooLarge) }
        if !operation.pathParameters.isEmpty { add(ErrorCatalog.notFound) }
        add(ErrorCatalog.internalError)
        return errors.sorted { ($0.status, $0.code) < ($1.status, $1.code) }
    }

    /// nil when the operation never succeeds (its errors are its only answers).
    func successResponse(_ shape: ResponseShape, _ components: inout [String: JSONValue]) -> JSONValue? {
        let schema: JSONValue
        switch shape {
        case .unavailable:
            return nil
        case .envelope(_, let message, let payload):
            schema = Self.envelope(message: message, payload: payload.openAPI(&components))
        case .nestedEnvelope(_, let message, let payload, let meta):
            var inner = Self.envelope(message: message, payload: payload.openAPI(&components))
            if let meta, case .object(var members) = inner, case .object(var properties)? = members["properties"] {
                properties["meta"] = meta.openAPI(&components)
                members["properties"] = .object(properties)
                inner = .object(members)
            }
            schema = [
                "type": "object",
                "required": ["payload"],
                "properties": ["payload": inner],
            ]
        case .bare(_, let bare):
            schema = bare.openAPI(&components)
        case .text(_, let contentType):
            let text: JSONValue = contentType.hasPrefix("text/") ? ["type": "string"] : ["type": "string", "format": "binary"]
            return ["description": "OK", "content": [.init(stringLiteral: contentType): ["schema": text]]]
        case .redirect:
            return ["description": "Redirects to the URL in Location", "headers": ["Location": ["schema": ["type": "string", "format": "uri"]]]]
        }
        return ["description": "OK", "content": ["application/json": ["schema": schema]]]
    }

    static func envelope(message: String, payload: JSONValue) -> JSONValue {
        [
            "type": "object",
            "required": ["message", "payload"],
            "properties": [
                "message": ["type": "string", "examples": [.string(message)]],
                "payload": payload,
            ],
        ]
    }
}

extension JSONSchema {
    /// This schema as OpenAPI 3.1 JSON Schema, publishing named components into `components`.
    /// As a request (`asRequest`), an optional property also accepts null, which the validator
    /// treats as absent the way Saleshandy's `@IsOptional()` does; components are inlined there
    /// so that the published ones keep describing responses exactly.
    public func openAPI(_ components: inout [String: JSONValue], asRequest: Bool = false) -> JSONValue {
        switch self {
        case .any:
            return [:]
        case .boolean:
            return ["type": "boolean"]
        case .component(_, let schema) where asRequest:
            return schema.openAPI(&components, asRequest: true)
        case .component(let name, let schema):
            if components[name] == nil {
                components[name] = [:]  // reserve the name first: a schema may refer to itself
                components[name] = schema.openAPI(&components)
            }
            return ["$ref": .string("#/components/schemas/\(name)")]
        case .nullable(let schema):
            return ["anyOf": [schema.openAPI(&components, asRequest: asRequest), ["type": "null"]]]
        case .anyOf(let alternatives):
            return ["anyOf": .array(alternatives.map { $0.openAPI(&components, asRequest: asRequest) })]
        case .string(let rules):
            var described: [String: JSONValue] = ["type": "string"]
            if let allowed = rules.allowed { described["enum"] = .array(allowed.map(JSONValue.string)) }
            if let minimum = rules.minLength { described["minLength"] = .integer(Int64(minimum)) }
            if let maximum = rules.maxLength { described["maxLength"] = .integer(Int64(maximum)) }
            if let format = rules.format { described["format"] = .string(format.rawValue) }
            if let description = rules.description { described["description"] = .string(description) }
            return .object(described)
        case .integer(let rules):
            var described: [String: JSONValue] = ["type": "integer"]
            if let allowed = rules.allowed { described["enum"] = .array(allowed.map(JSONValue.integer)) }
            if let minimum = rules.minimum { described["minimum"] = .integer(minimum) }
            if let maximum = rules.maximum { described["maximum"] = .integer(maximum) }
            return .object(described)
        case .number(let rules):
            var described: [String: JSONValue] = ["type": "number"]
            if let minimum = rules.minimum { described["minimum"] = .double(minimum) }
            if let maximum = rules.maximum { described["maximum"] = .double(maximum) }
            return .object(described)
        case .array(let items, let rules):
            var described: [String: JSONValue] = ["type": "array", "items": items.openAPI(&components, asRequest: asRequest)]
            if let minimum = rules.minItems { described["minItems"] = .integer(Int64(minimum)) }
            if let maximum = rules.maxItems { described["maxItems"] = .integer(Int64(maximum)) }
            return .object(described)
        case .object(let object):
            var properties: [String: JSONValue] = [:]
            for property in object.properties {
                var schema = property.schema.openAPI(&components, asRequest: asRequest)
                if let description = property.description, case .object(var members) = schema, members["$ref"] == nil {
                    members["description"] = .string(description)
                    schema = .object(members)
                }
                if asRequest, !property.isRequired, !property.schema.isNullable {
                    schema = ["anyOf": [schema, ["type": "null"]]]
                }
                properties[property.name] = schema
            }
            var described: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
            let required = object.properties.filter(\.isRequired).map { JSONValue.string($0.name) }
            if !required.isEmpty { described["required"] = .array(required) }
            switch object.additionalProperties {
            case .forbidden: described["additionalProperties"] = false
            case .matching(let schema): described["additionalProperties"] = schema.openAPI(&components, asRequest: asRequest)
            }
            if !object.requiresOneOf.isEmpty {
                described["anyOf"] = .array(object.requiresOneOf.map { ["required": [.string($0)]] })
            }
            return .object(described)
        }
    }
}
