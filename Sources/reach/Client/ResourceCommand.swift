import Foundation
import ReachAPI
import ReachClient
import ReachJSON

/// Runs `reach RESOURCE VERB [ARGUMENTS] [--option value ...]` from the catalog's operation:
/// arguments fill the path, options that are the operation's query parameters go in the query,
/// other options become fields of the JSON body (a value that parses as JSON is sent as that
/// JSON: `--stepId 12` a number, `--tags '["a"]'` a list), on top of `--data JSON|@FILE|-`.
struct ResourceCommand {
    let resource: ResourceCatalog.Resource
    var environment = ProcessInfo.processInfo.environment

    struct Invocation {
        var positional: [String] = []
        var options: [(name: String, value: String)] = []
        var data: String?
        var format = OutputFormat.table
        var all = false
        var help = false
        var connection = ConnectionFlags()
    }

    static let flags: Set<String> = ["json", "csv", "quiet", "all", "help"]
    /// `--all` stops here whatever the server answers: a million rows at 100 a page.
    static let maximumPages = 10_000

    /// Runs the command and returns its exit status.
    func run(_ arguments: [String]) async -> Int32 {
        guard let verbName = arguments.first, !verbName.hasPrefix("-") else {
            print(usage())
            return arguments.contains("--help") || arguments.contains("-h") ? ClientExit.ok : ClientExit.usage
        }
        guard let verb = resource.verbs.first(where: { $0.verb == verbName }) else {
            FileHandle.standardError.write(Data("error: reach \(resource.name) has no command \(verbName)\n\n\(usage())\n".utf8))
            return ClientExit.usage
        }
        do {
            let invocation = try Self.parse(Array(arguments.dropFirst()))
            if invocation.help {
                print(Self.help(resource, verb))
                return ClientExit.ok
            }
            let client = ReachClient(configuration: try invocation.connection.resolve(environment))
            if resource.name == "prospects", verb.verb == "import", invocation.positional.first.map(CSVImport.isCSVPath) == true {
                return try await CSVImport(client: client, invocation: invocation, environment: environment).run()
            }
            let request = try Self.request(verb, invocation)
            let output = Output(format: invocation.format, environment: environment)
            if invocation.all {
                output.write(try await Self.allPages(client, request), message: nil)
            } else if case .text = verb.operation.response {
                // Reports and exports are CSV or text: printed as they came.
                let response = try await client.send(request.method, request.path, query: request.query, body: request.body)
                if let error = response.error() { throw error }
                if invocation.format != .quiet { FileHandle.standardOutput.write(Data(response.body)) }
            } else {
                let answer = try await client.answer(request.method, request.path, query: request.query, body: request.body)
                output.write(answer.payload, message: answer.message)
            }
            return ClientExit.ok
        } catch {
            return ClientExit.report(error)
        }
    }

    struct Request {
        let method: APIOperation.Method
        let path: String
        var query: [(String, String)]
        let body: JSONValue?
        let takesPages: Bool
    }

    static func parse(_ arguments: [String]) throws -> Invocation {
        var invocation = Invocation()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument.count > 1 else {
                invocation.positional.append(argument)
                continue
            }
            if argument == "-h" {
                invocation.help = true
                continue
            }
            var name = String(argument.drop(while: { $0 == "-" }))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if flags.contains(name), value == nil {
                switch name {
                case "json": invocation.format = .json
                case "csv": invocation.format = .csv
                case "quiet": invocation.format = .quiet
                case "all": invocation.all = true
                default: invocation.help = true
                }
                continue
            }
            if value == nil {
                guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            let text = value ?? ""
            switch name {
            case "data": invocation.data = text
            case "base-url": invocation.connection.baseURL = text
            case "api-key": invocation.connection.apiKey = text
            case "profile": invocation.connection.profile = text
            default: invocation.options.append((name, text))
            }
        }
        return invocation
    }

    static func request(_ verb: ResourceVerb, _ invocation: Invocation) throws -> Request {
        let operation = verb.operation
        let pathParameters = operation.pathParameters
        let ids = Array(invocation.positional.dropFirst(pathParameters.count))
        guard invocation.positional.count >= pathParameters.count, verb.idsArgument != nil ? !ids.isEmpty : ids.isEmpty else {
            throw UsageError(
                pathParameters.isEmpty && verb.idsArgument == nil
                    ? "this command takes no arguments (got \(invocation.positional.joined(separator: " ")))"
                    : "this command takes \(arguments(of: verb))")
        }
        let path = try operation.path(with: Dictionary(zip(pathParameters.map(\.name), invocation.positional)) { first, _ in first })
        let queryNames = Set(operation.queryParameters.map(\.name))
        var query: [(String, String)] = []
        var fields = verb.preset
        if let name = verb.idsArgument { fields[name] = .array(ids.map(JSONValue.string)) }
        for option in invocation.options {
            if queryNames.contains(option.name) {
                query.append((option.name, option.value))
            } else if let body = operation.requestBody {
                fields[option.name] = Self.fieldValue(option.value, for: body.schema.objectProperties?.first { $0.name == option.name }?.schema)
            } else {
                let known = operation.queryParameters.map { "--\($0.name)" }.joined(separator: ", ")
                throw UsageError("unknown option --\(option.name)" + (known.isEmpty ? "" : "; this command takes \(known)"))
            }
        }
        var body = try invocation.data.map(readData)
        if !fields.isEmpty {
            guard case .object(var members) = body ?? .object([:]) else { throw UsageError("--data must be a JSON object to add fields to it") }
            members.merge(fields) { _, field in field }
            body = .object(members)
        }
        if body != nil, operation.requestBody == nil { throw UsageError("this command sends no body; --data is not used") }
        if body == nil, operation.requestBody != nil { body = .object([:]) }
        let takesPages = operation.queryParameters.contains { $0.name == "page" }
        return Request(method: operation.method, path: path, query: query, body: body, takesPages: takesPages)
    }

    /// An option's text as the body field the operation describes: text for a string field
    /// (`--title 2025` is a title, not a number), JSON for any other (`--stepId 12`,
    /// `--tags '["a"]'`), text again when it is not JSON.
    static func fieldValue(_ text: String, for schema: JSONSchema?) -> JSONValue {
        if let schema, schema.acceptsOnlyText { return .string(text) }
        return (try? JSONParser.parse(text)) ?? .string(text)
    }

    /// `--data` as given: JSON text, `@FILE` or `-` for standard input.
    static func readData(_ argument: String) throws -> JSONValue {
        let text: String
        if argument == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = argument
        }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw UsageError("--data is not valid JSON: \(error)")
        }
    }

    /// Follows `page` until a page comes back empty (a server may cap the page size below the
    /// one asked for, so a short page proves nothing), and returns every item as one list.
    static func allPages(_ client: ReachClient, _ request: Request) async throws -> JSONValue {
        guard request.method == .get, request.takesPages else { throw UsageError("--all follows pages of a list; this command is not one") }
        var items: [JSONValue] = []
        var seen = Set<JSONValue>()
        for page in 1...maximumPages {
            var query = request.query.filter { $0.0 != "page" }
            query.append(("page", String(page)))
            let payload = try await client.call(.get, request.path, query: query, body: nil)
            guard let rows = Output.rows(in: payload) else { throw UsageError("--all follows pages of a list; this command does not answer with one") }
            // A server that ignores `page`, or repeats a page, adds nothing new: stop rather than loop.
            let fresh = rows.filter { row in row["id"].map { seen.insert($0).inserted } ?? true }
            if rows.isEmpty || fresh.isEmpty { break }
            items += fresh.map(JSONValue.object)
        }
        return .array(items)
    }

    func usage() -> String {
        let width = resource.verbs.map(\.verb.count).max() ?? 0
        return (["\(resource.summary).", "", "USAGE: reach \(resource.name) <command> [arguments] [options]", "", "COMMANDS:"]
            + resource.verbs.map { "  \($0.verb.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.description)" }
            + ["", "See `reach \(resource.name) <command> --help` for a command's arguments and options."]).joined(separator: "\n")
    }

    static func arguments(of verb: ResourceVerb) -> String {
        let path = verb.operation.pathParameters.map { "<\($0.name)>" }
        return (verb.idsArgument == nil ? path : path + ["<id> [<id> ...]"]).joined(separator: " ")
    }

    static func help(_ resource: ResourceCatalog.Resource, _ verb: ResourceVerb) -> String {
        let operation = verb.operation
        var lines = [verb.description, ""]
        let arguments = arguments(of: verb)
        lines.append("USAGE: reach \(resource.name) \(verb.verb)\(arguments.isEmpty ? "" : " " + arguments) [options]")
        lines.append("       (\(operation.method.rawValue) \(operation.path))")
        if let description = operation.description { lines += ["", description] }
        if let details = verb.details { lines += ["", details] }
        if !operation.queryParameters.isEmpty {
            lines += ["", "OPTIONS:"]
            for parameter in operation.queryParameters {
                lines.append("  --\(parameter.name) <value>\(parameter.isRequired ? " (required)" : "")\(parameter.description.map { "  \($0)" } ?? "")")
            }
        }
        if operation.requestBody != nil {
            lines += ["", "BODY:", "  --data <json|@file|->    the JSON body", "  --<field> <value>        sets one field of the body (JSON values as JSON, else text)"]
        }
        if operation.queryParameters.contains(where: { $0.name == "page" }) {
            lines.append("  --all                    follows every page and prints one list")
        }
        lines += [
            "", "OUTPUT: --json (the payload), --csv (lists), --quiet (exit status only); a table otherwise",
            "CONNECTION: --base-url URL, --api-key KEY, --profile NAME (or REACH_BASE_URL, REACH_API_KEY, REACH_PROFILE)",
            "", "EXAMPLE:", "  \(verb.example)",
        ]
        return lines.joined(separator: "\n")
    }
}

extension JSONSchema {
    /// A string field (through a component or a nullable wrapper), where any text is the value.
    var acceptsOnlyText: Bool {
        switch self {
        case .string: true
        case .component(_, let schema), .nullable(let schema): schema.acceptsOnlyText
        default: false
        }
    }
}
