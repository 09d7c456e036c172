import ReachJSON

/// The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that Reach's API is described in.
///
/// One description serves three purposes: the served OpenAPI document, the validation of every
/// request (so an error can name the field), and the input schemas of the MCP tools.
public indirect enum JSONSchema: Sendable {
    case string(StringRules)
    case integer(IntegerRules)
    case number(NumberRules)
    case boolean
    case array(items: JSONSchema, rules: ArrayRules)
    case object(ObjectSchema)
    /// Valid when any one alternative is: used to accept ids as strings or numbers.
    case anyOf([JSONSchema])
    case nullable(JSONSchema)
    /// Any JSON value.
    case any
    /// A schema published once under `components/schemas` and referenced by name.
    case component(name: String, schema: JSONSchema)

    /// Whether null is a valid value in its own right.
    public var isNullable: Bool {
        switch self {
        case .nullable, .any: true
        case .component(_, let schema): schema.isNullable
        case .anyOf(let alternatives): alternatives.contains(where: \.isNullable)
        default: false
        }
    }

    public struct StringRules: Sendable {
        public var allowed: [String]?
        public var minLength: Int?
        public var maxLength: Int?
        public var format: Format?
        public var description: String?

        public enum Format: String, Sendable {
            case email
            case date
            case dateTime = "date-time"
            case uri
        }
    }

    public struct IntegerRules: Sendable {
        public var allowed: [Int64]?
        public var minimum: Int64?
        public var maximum: Int64?
    }

    public struct NumberRules: Sendable {
        public var minimum: Double?
        public var maximum: Double?
    }

    public struct ArrayRules: Sendable {
        public var minItems: Int?
        public var maxItems: Int?
    }
}

/// An object's properties, in the order they are documented.
public struct ObjectSchema: Sendable {
    public var properties: [Property]
    public var additionalProperties: AdditionalProperties
    /// At least one of these properties must be present (documented where Saleshandy requires it).
    public var requiresOneOf: [String]

    public enum AdditionalProperties: Sendable {
        /// Unknown properties are an error ("property X should not exist"), as in Saleshandy.
        case forbidden
        /// Any further property must match this schema (maps keyed by field label, headers).
        case matching(JSONSchema)
    }

    public init(properties: [Property], additionalProperties: AdditionalProperties = .forbidden, requiresOneOf: [String] = []) {
        self.properties = properties
        self.additionalProperties = additionalProperties
        self.requiresOneOf = requiresOneOf
    }
}

public struct Property: Sendable {
    public var name: String
    public var schema: JSONSchema
    public var isRequired: Bool
    public var description: String?

    public static func required(_ name: String, _ schema: JSONSchema, _ description: String? = nil) -> Property {
        Property(name: name, schema: schema, isRequired: true, description: description)
    }

    public static func optional(_ name: String, _ schema: JSONSchema, _ description: String? = nil) -> Property {
        Property(name: name, schema: schema, isRequired: false, description: description)
    }
}

extension JSONSchema {
    public static func string(
        oneOf allowed: [String]? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        format: StringRules.Format? = nil, description: String? = nil
    ) -> JSONSchema {
        .string(StringRules(allowed: allowed, minLength: minLength, maxLength: maxLength, format: format, description: description))
    }

    public static var string: JSONSchema { .string() }

    public static func integer(oneOf allowed: [Int64]? = nil, minimum: Int64? = nil, maximum: Int64? = nil) -> JSONSchema {
        .integer(IntegerRules(allowed: allowed, minimum: minimum, maximum: maximum))
    }

    public static var integer: JSONSchema { .integer() }

    public static func number(minimum: Double? = nil, maximum: Double? = nil) -> JSONSchema {
        .number(NumberRules(minimum: minimum, maximum: maximum))
    }

    public static func array(of items: JSONSchema, minItems: Int? = nil, maxItems: Int? = nil) -> JSONSchema {
        .array(items: items, rules: ArrayRules(minItems: minItems, maxItems: maxItems))
    }

    public static func object(
        _ properties: [Property], additionalProperties: ObjectSchema.AdditionalProperties = .forbidden, requiresOneOf: [String] = []
    ) -> JSONSchema {
        .object(ObjectSchema(properties: properties, additionalProperties: additionalProperties, requiresOneOf: requiresOneOf))
    }

    /// A map with string keys and values of one schema.
    public static func map(of values: JSONSchema) -> JSONSchema {
        .object(ObjectSchema(properties: [], additionalProperties: .matching(values)))
    }

    /// A public id. Reach writes ids as short opaque strings; it also accepts numbers, because
    /// Saleshandy's own document types several id fields as numbers.
    public static var id: JSONSchema { .anyOf([.string(minLength: 1, maxLength: 64), .integer]) }

    /// An ISO 8601 timestamp as Reach writes it.
    public static var dateTime: JSONSchema { .string(format: .dateTime) }

    /// A count written as a decimal string, as Saleshandy writes counts in several payloads.
    public static var countString: JSONSchema { .string(description: "A whole number written as a string.") }
}

extension JSONSchema {
    /// The properties of an object schema (through a named component), or nil for another kind.
    public var objectProperties: [Property]? {
        switch self {
        case .object(let object): object.properties
        case .component(_, let schema): schema.objectProperties
        default: nil
        }
    }
}
