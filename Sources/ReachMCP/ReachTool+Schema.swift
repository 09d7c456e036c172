import ReachAPI
import ReachJSON

extension ReachTool {
    /// What the assistant reads to decide whether and how to call the tool.
    var description: String {
        var parts = [operation.summary + "."]
        if let text = operation.description { parts.append(text) }
        if let guidance { parts.append(guidance) }
        if needsConfirmation {
            parts.append("Changes nothing unless confirm is true: without it, answers with the plan of what it would do. Show the plan to the user and ask before confirming.")
        }
        return parts.joined(separator: " ")
    }

    /// The tool's input: the operation's path and query parameters and its JSON body's fields,
    /// side by side in one object (the assistant need not know which goes where), plus `confirm`.
    var inputSchema: JSONValue {
        var components: [String: JSONValue] = [:]
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        for parameter in operation.parameters {
            var schema = parameter.schema.openAPI(&components, asRequest: true)
            if let description = parameter.description, case .object(var members) = schema {
                members["description"] = .string(description)
                schema = .object(members)
            }
            properties[parameter.name] = schema
            if parameter.isRequired { required.append(.string(parameter.name)) }
        }
        if let body = operation.requestBody {
            let schema = body.schema.openAPI(&components, asRequest: true)
            if case .object(let fields)? = schema["properties"] {
                for (name, field) in fields where properties[name] == nil { properties[name] = field }
                if body.isRequired { required += schema["required"]?.arrayValue ?? [] }
            } else {
                properties["body"] = schema
                if body.isRequired { required.append("body") }
            }
        }
        if needsConfirmation {
            properties["confirm"] = ["type": "boolean", "description": "true to do it; absent or false to see the plan only."]
        }
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }

    /// The tool's arguments sorted into the request: path values, query pairs and the body.
    func request(from arguments: [String: JSONValue]) throws -> (path: [String: String], query: [(String, String)], body: JSONValue?) {
        var path: [String: String] = [:]
        var query: [(String, String)] = []
        var body: [String: JSONValue] = [:]
        var wholeBody: JSONValue?
        let pathNames = Set(operation.pathParameters.map(\.name))
        let queryNames = Set(operation.queryParameters.map(\.name))
        for (name, value) in arguments.sorted(by: { $0.key < $1.key }) where name != "confirm" {
            if pathNames.contains(name) {
                path[name] = Self.text(value)
            } else if queryNames.contains(name) {
                if value != .null { query.append((name, Self.text(value))) }
            } else if operation.requestBody != nil {
                if name == "body", operation.requestBody.map({ $0.schema.objectProperties == nil }) == true {
                    wholeBody = value
                } else {
                    body[name] = value
                }
            } else {
                throw ToolInputError("\(name) is not an argument of \(self.name)")
            }
        }
        let sent: JSONValue? = operation.requestBody == nil ? nil : wholeBody ?? .object(body)
        return (path, query, sent)
    }

    /// A query value as the API reads it: a list as its items joined by commas.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .array(let items): items.map(text).joined(separator: ",")
        default: JSONWriter.string(value)
        }
    }
}

/// Arguments the tool cannot use; reported as a tool error, nothing is sent.
struct ToolInputError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
