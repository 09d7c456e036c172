import ReachJSON

/// Prospect fields: the system fields and custom ones (Saleshandy §4).
public enum FieldsAPI {
    public static let tag = "Fields"

    public struct Metadata: Codable, Sendable, Equatable {
        public var options: [String]?
        public var currencyCode: String?

        public init(options: [String]?, currencyCode: String?) {
            self.options = options
            self.currencyCode = currencyCode
        }
    }

    public struct Field: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        public var fieldType: String
        public var isDefault: Bool
        public var fallbackText: String
        public var metadata: Metadata
        public var tags: [String]
        public var createdAt: String

        public init(
            id: String, label: String, fieldType: String, isDefault: Bool, fallbackText: String, metadata: Metadata, tags: [String], createdAt: String
        ) {
            self.id = id
            self.label = label
            self.fieldType = fieldType
            self.isDefault = isDefault
            self.fallbackText = fallbackText
            self.metadata = metadata
            self.tags = tags
            self.createdAt = createdAt
        }

        public static let types = ["text", "number", "date", "long-text", "dropdown", "currency"]

        public static let schema: JSONSchema = .component(
            name: "Field",
            schema: .object([
                .required("id", .string),
                .required("label", .string),
                .required("fieldType", .string(oneOf: types)),
                .required("isDefault", .boolean),
                .required("fallbackText", .string),
                .required("metadata", .object([.optional("options", .array(of: .string)), .optional("currencyCode", .string)])),
                .required("tags", .array(of: .string)),
                .required("createdAt", .dateTime),
            ]))
    }

    public static let currencyCodes = [
        "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "SGD", "HKD", "NZD", "KRW", "SEK", "AED", "BRL", "MXN", "ZAR", "SAR",
    ]

    public struct CreateRequest: Codable, Sendable {
        public var label: String
        public var fieldType: String
        public var fallbackText: String?
        public var metadata: Metadata?
        public var tags: [String]?
    }

    public struct UpdateRequest: Codable, Sendable {
        public var label: String?
        public var fallbackText: String?
        public var tags: [String]?
    }

    public static let list = APIOperation(
        id: "FieldController_getFields", method: .get, path: "/v1/fields", tag: tag,
        summary: "List fields", description: "Custom fields only, unless systemFields=true (then system fields first, then custom).",
        parameters: [.query("systemFields", .boolean)],
        response: .envelope(status: 200, message: "Successfully fetched fields of the user", payload: .array(of: Field.schema)),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch the fields")])

    public static let create = APIOperation(
        id: "FieldController_createField", method: .post, path: "/v1/fields", tag: tag,
        summary: "Create a custom field",
        description: "dropdown needs metadata.options (at most 50); currency needs metadata.currencyCode.",
        requestBody: .json(.object([
            .required("label", .string(minLength: 1, maxLength: 100)),
            .required("fieldType", .string(oneOf: Field.types)),
            .optional("fallbackText", .string(maxLength: 1_000)),
            .optional("metadata", .object([
                .optional("options", .array(of: .string(minLength: 1, maxLength: 200), maxItems: 50)),
                .optional("currencyCode", .string(oneOf: currencyCodes)),
            ])),
            .optional("tags", .array(of: .string(maxLength: 100), maxItems: 50)),
        ])),
        response: .envelope(status: 201, message: "Custom field created successfully", payload: Field.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Default fields cannot be added as custom fields")])

    public static let update = APIOperation(
        id: "FieldController_updateField", method: .patch, path: "/v1/fields/{fieldId}", tag: tag,
        summary: "Update a field", description: "A system field's label cannot change; its fallback text can.",
        parameters: [.path("fieldId")],
        requestBody: .json(.object(
            [
                .optional("label", .string(minLength: 1, maxLength: 100)),
                .optional("fallbackText", .string(maxLength: 1_000)),
                .optional("tags", .array(of: .string(maxLength: 100), maxItems: 50)),
            ], requiresOneOf: ["label", "fallbackText", "tags"])),
        response: .envelope(status: 200, message: "Custom field updated successfully", payload: Field.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Field not found; Default field names cannot be edited")])

    public static let all = [list, create, update]
}
