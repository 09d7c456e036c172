import Hummingbird
import Logging
import ReachAPI
import ReachCore
import ReachJSON

/// A request that passed its operation's checks: authenticated when the operation needs a key,
/// path and query parameters and body validated against the operation's schemas.
public struct APIRequest: Sendable {
    public let operation: APIOperation
    /// Path and query parameters that were present, read as their schemas say.
    public let parameters: [String: JSONValue]
    public let body: JSONValue?
    /// The file of a multipart upload.
    public let upload: Upload?
    public let codec: PublicIDCodec
    public let logger: Logger
    private let caller: Principal?

    public struct Upload: Sendable {
        public let fileName: String
        public let bytes: [UInt8]
    }

    init(
        operation: APIOperation, parameters: [String: JSONValue], body: JSONValue?, upload: Upload?, codec: PublicIDCodec, logger: Logger,
        caller: Principal?
    ) {
        self.operation = operation
        self.parameters = parameters
        self.body = body
        self.upload = upload
        self.codec = codec
        self.logger = logger
        self.caller = caller
    }

    /// The caller, when a key was sent (operations that also take signed links may have none).
    public var optionalPrincipal: Principal? { caller }

    /// Who is calling. Every operation with `.apiKey` authentication has one.
    public var principal: Principal {
        get throws {
            guard let caller else { throw ReachError.invalidToken }
            return caller
        }
    }

    /// The account every query of this request is scoped to.
    public var account: AccountID {
        get throws { try principal.accountID }
    }

    public func decodeBody<Body: Decodable>(_ type: Body.Type) throws -> Body {
        try decode(type, from: body ?? .null)
    }

    /// The path and query parameters as one object.
    public func decodeParameters<Parameters: Decodable>(_ type: Parameters.Type) throws -> Parameters {
        try decode(type, from: .object(parameters))
    }

    public func parameter(_ name: String) -> String? {
        parameters[name]?.stringValue
    }

    /// An id from the wire (string, or a number written by a client that follows Saleshandy's
    /// number-typed fields), or nil when it names nothing this installation could have issued.
    public func id<Entity: PubliclyIdentified>(_ value: JSONValue?, as entity: Entity.Type) -> EntityID<Entity>? {
        guard let text = Self.idText(value) else { return nil }
        return codec.decode(text, as: entity)
    }

    /// A path or query parameter as an id of `entity`, or `notFound` when it names nothing of this kind.
    public func parameterID<Entity: PubliclyIdentified>(_ name: String, as entity: Entity.Type, notFound: ReachError) throws -> EntityID<Entity> {
        guard let id = id(parameters[name], as: entity) else { throw notFound }
        return id
    }

    /// Decodes a list of wire ids; the count of those that could not be ours comes back too.
    public func ids<Entity: PubliclyIdentified>(_ values: [JSONValue], as entity: Entity.Type) -> (ids: [EntityID<Entity>], undecodable: Int) {
        var ids: [EntityID<Entity>] = []
        var undecodable = 0
        for value in values {
            if let id = id(value, as: entity) { ids.append(id) } else { undecodable += 1 }
        }
        return (ids, undecodable)
    }

    public static func idText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        default: nil
        }
    }

    public func encode<Entity: PubliclyIdentified>(_ id: EntityID<Entity>) -> String {
        codec.encode(id)
    }

    private func decode<Value: Decodable>(_ type: Value.Type, from value: JSONValue) throws -> Value {
        do {
            return try JSONValueDecoder().decode(type, from: value)
        } catch let error as DecodingError {
            // The schema let through something the model cannot hold: say which field.
            throw ReachError.invalidInput(error.fieldMessage, code: operation.validationErrorCode)
        }
    }
}

extension DecodingError {
    var fieldMessage: String {
        switch self {
        case .keyNotFound(let key, let context): "\(Self.path(context.codingPath + [key])) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(Self.path(context.codingPath)) has an unexpected value"
        @unknown default: "the request has an unexpected value"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }
}
