import ReachJSON

/// One problem found in a request, named by the field it is about.
public struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// The field path, e.g. `prospectList[3].Email`; empty for the document itself.
    public let field: String
    public let message: String

    public var description: String { message }

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

extension JSONSchema {
    /// Every violation of this schema by `value`, with messages in the style Saleshandy's
    /// validation answers use ("property x should not exist", "x must be a string").
    /// `format` is an annotation except for dates: email syntax is a business rule checked in
    /// ReachCore, so that it lives in one place.
    public func violations(of value: JSONValue, at path: String = "") -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        collectViolations(of: value, at: path, into: &found)
        return found
    }

    func collectViolations(of value: JSONValue, at path: String, into found: inout [SchemaViolation]) {
        func fail(_ message: String) {
            found.append(SchemaViolation(field: path, message: "\(path.isEmpty ? "request body" : path) \(message)"))
        }
        switch self {
        case .any:
            return
        case .component(_, let schema):
            schema.collectViolations(of: value, at: path, into: &found)
        case .nullable(let schema):
            if value != .null { schema.collectViolations(of: value, at: path, into: &found) }
        case .boolean:
            if value.boolValue == nil { fail("must be a boolean value") }
        case .string(let rules):
            guard let text = value.stringValue else { return fail("must be a string") }
            if let allowed = rules.allowed, !allowed.contains(text) {
                return fail("must be one of the following values: \(allowed.joined(separator: ", "))")
            }
            // Lengths count code points, as JSON Schema does: "é" written as e + U+0301 is two.
            if let minLength = rules.minLength, text.unicodeScalars.count < minLength {
                fail(minLength == 1 ? "should not be empty" : "must be longer than or equal to \(minLength) characters")
            }
            if let maxLength = rules.maxLength, text.unicodeScalars.count > maxLength {
                fail("must be shorter than or equal to \(maxLength) characters")
            }
            switch rules.format {
            case .date?:
                if text.count != 10 || ISO8601Parsing.date(from: text) == nil { fail("must be a date in the form YYYY-MM-DD") }
            case .dateTime?:
                if ISO8601Parsing.date(from: text) == nil { fail("must be a valid ISO 8601 date string") }
            default:
                break
            }
        case .integer(let rules):
            guard let number = value.integerValue else { return fail("must be an integer number") }
            if let allowed = rules.allowed, !allowed.contains(number) {
                return fail("must be one of the following values: \(allowed.map(String.init).joined(separator: ", "))")
            }
            if let minimum = rules.minimum, number < minimum { fail("must not be less than \(minimum)") }
            if let maximum = rules.maximum, number > maximum { fail("must not be greater than \(maximum)") }
        case .number(let rules):
            guard let number = value.numberValue else { return fail("must be a number") }
            if let minimum = rules.minimum, number < minimum { fail("must not be less than \(minimum.formattedForMessage)") }
            if let maximum = rules.maximum, number > maximum { fail("must not be greater than \(maximum.formattedForMessage)") }
        case .array(let items, let rules):
            guard let elements = value.arrayValue else { return fail("must be an array") }
            if let minItems = rules.minItems, elements.count < minItems {
                fail(minItems == 1 ? "should not be empty" : "must contain at least \(minItems) elements")
            }
            if let maxItems = rules.maxItems, elements.count > maxItems {
                return fail("must contain no more than \(maxItems) elements")
            }
            for (index, element) in elements.enumerated() {
                items.collectViolations(of: element, at: "\(path)[\(index)]", into: &found)
            }
        case .object(let schema):
            guard let members = value.objectValue else { return fail("must be an object") }
            schema.collectViolations(of: members, at: path, into: &found)
        case .anyOf(let alternatives):
            if alternatives.contains(where: { $0.isPlainlySatisfied(by: value) }) { return }
            if alternatives.contains(where: { $0.violations(of: value, at: path).isEmpty }) { return }
            let kinds = alternatives.map(\.kindDescription)
            if alternatives.allSatisfy({ !$0.acceptsType(of: value) }) {
                fail("must be \(kinds.joined(separator: " or "))")
            } else if let matching = alternatives.first(where: { $0.acceptsType(of: value) }) {
                matching.collectViolations(of: value, at: path, into: &found)
            }
        }
    }

    /// True when the schema has no rule beyond the value's type and the type matches: answers
    /// the common case without building violation lists (a 100,000-row import has 1.5M cells).
    func isPlainlySatisfied(by value: JSONValue) -> Bool {
        switch (self, value) {
        case (.any, _): true
        case (.boolean, .bool): true
        case (.string(let rules), .string):
            rules.allowed == nil && rules.minLength == nil && rules.maxLength == nil && rules.format == nil
        case (.integer(let rules), _): rules.allowed == nil && rules.minimum == nil && rules.maximum == nil && value.integerValue != nil
        case (.number(let rules), _): rules.minimum == nil && rules.maximum == nil && value.numberValue != nil
        case (.nullable, .null): true
        case (.nullable(let inner), _): inner.isPlainlySatisfied(by: value)
        case (.component(_, let inner), _): inner.isPlainlySatisfied(by: value)
        case (.anyOf(let alternatives), _): alternatives.contains { $0.isPlainlySatisfied(by: value) }
        default: false
        }
    }

    /// Whether the value has the JSON type this schema expects, ignoring its other rules.
    func acceptsType(of value: JSONValue) -> Bool {
        switch self {
        case .any: true
        case .component(_, let schema): schema.acceptsType(of: value)
        case .nullable(let schema): value == .null || schema.acceptsType(of: value)
        case .boolean: value.boolValue != nil
        case .string: value.stringValue != nil
        case .integer: value.integerValue != nil
        case .number: value.numberValue != nil
        case .array: value.arrayValue != nil
        case .object: value.objectValue != nil
        case .anyOf(let alternatives): alternatives.contains { $0.acceptsType(of: value) }
        }
    }

    var kindDescription: String {
        switch self {
        case .any: "any value"
        case .component(_, let schema): schema.kindDescription
        case .nullable(let schema): "\(schema.kindDescription) or null"
        case .boolean: "a boolean value"
        case .string: "a string"
        case .integer: "an integer number"
        case .number: "a number"
        case .array: "an array"
        case .object: "an object"
        case .anyOf(let alternatives): alternatives.map(\.kindDescription).joined(separator: " or ")
        }
    }
}

extension ObjectSchema {
    func collectViolations(of members: [String: JSONValue], at path: String, into found: inout [SchemaViolation]) {
        let prefix = path.isEmpty ? "" : "\(path)."
        for property in properties {
            let fieldPath = prefix + property.name
            guard let member = members[property.name] else {
                if property.isRequired {
                    found.append(SchemaViolation(field: fieldPath, message: "\(fieldPath) is required"))
                }
                continue
            }
            if member == .null && !property.isRequired { continue }
            property.schema.collectViolations(of: member, at: fieldPath, into: &found)
        }
        if !requiresOneOf.isEmpty, !requiresOneOf.contains(where: { members[$0] != nil && members[$0] != .null }) {
            let names = requiresOneOf.map { prefix + $0 }.joined(separator: " or ")
            found.append(SchemaViolation(field: prefix + requiresOneOf[0], message: "provide at least one of \(names)"))
        }
        // Members beyond the properties, in name order; with a schema for them, those that
        // plainly satisfy it are passed over before a path is built or a name sorted (each row
        // of a 100,000-row import is an object of 15 such members).
        let further = members.compactMap { key, value -> String? in
            if properties.contains(where: { $0.name == key }) { return nil }
            if case .matching(let schema) = additionalProperties, schema.isPlainlySatisfied(by: value) { return nil }
            return key
        }
        for key in further.sorted() {
            switch additionalProperties {
            case .forbidden:
                found.append(SchemaViolation(field: prefix + key, message: "property \(prefix + key) should not exist"))
            case .matching(let schema):
                schema.collectViolations(of: members[key]!, at: prefix + key, into: &found)
            }
        }
    }
}

extension Double {
    fileprivate var formattedForMessage: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
