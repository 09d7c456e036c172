import Foundation
import Logging
import MCP
import ReachAPI
import ReachClient
import ReachJSON

/// Reach's tools for AI assistants, over any MCP transport: each call goes to the API through
/// `ReachClient`, so the tools work against a Reach server or Saleshandy's cloud alike, and the
/// server behind them enforces every rule.
public struct ReachMCPServer: Sendable {
    let client: ReachClient
    let version: String

    public init(client: ReachClient, version: String) {
        self.client = client
        self.version = version
    }

    /// A server with the tools registered; start it on a transport.
    public func makeServer() async -> Server {
        let server = Server(
            name: "reach", version: version,
            instructions: """
                Reach is a sales outreach platform that speaks the Saleshandy Open API. Sequences are created paused; \
                tools that send email, resume a sequence, enrol or import prospects, delete or act in bulk need confirm: true \
                and otherwise answer with a plan: show it to the user before confirming. Imports are asynchronous: poll \
                check_prospect_import_status.
                """,
            capabilities: .init(tools: .init(listChanged: false)))
        let offered = ToolCatalog.tools(for: client.configuration.serverURL)
        let tools = offered.compactMap { Self.descriptions[$0.name] }
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: tools)
        }
        let client = client
        await server.withMethodHandler(CallTool.self) { parameters in
            guard let tool = offered.first(where: { $0.name == parameters.name }) else { return Self.failure("There is no tool named \(parameters.name).") }
            return await Self.call(tool, arguments: parameters.arguments ?? [:], client: client)
        }
        return server
    }

    /// Every tool as MCP lists it, rendered once: `/mcp` makes a server for each message.
    static let descriptions = Dictionary(uniqueKeysWithValues: ToolCatalog.tools.map { ($0.name, describe($0)) })

    static func describe(_ tool: ReachTool) -> Tool {
        let annotations: Tool.Annotations
        switch tool.effect {
        case .read:
            annotations = Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
        case .write:
            annotations = Tool.Annotations(
                readOnlyHint: false, destructiveHint: false, idempotentHint: tool.operation.method == .put || tool.operation.method == .patch,
                openWorldHint: false)
        case .needsConfirmation(let destructive):
            annotations = Tool.Annotations(
                readOnlyHint: false, destructiveHint: destructive, idempotentHint: tool.operation.method == .delete, openWorldHint: true)
        }
        return Tool(name: tool.name, description: tool.description, inputSchema: MCPValue.from(tool.inputSchema), annotations: annotations)
    }

    /// Runs one tool. Every failure becomes a tool error the assistant can read; none escapes.
    static func call(_ tool: ReachTool, arguments: [String: Value], client: ReachClient) async -> CallTool.Result {
        var given: [String: JSONValue] = [:]
        for (key, value) in arguments { given[key] = MCPValue.json(value) }
        do {
            let request = try tool.request(from: given)
            let path = try tool.operation.path(with: request.path)
            if tool.needsConfirmation, given["confirm"] != .bool(true) {
                let plan: JSONValue = [
                    "plan": .string("\(tool.operation.method.rawValue) \(path)"),
                    "summary": .string(tool.operation.summary),
                    "query": .object(Dictionary(request.query.map { ($0.0, JSONValue.string($0.1)) }, uniquingKeysWith: { _, last in last })),
                    "body": request.body ?? .null,
                    "confirmed": false,
                ]
                return Self.result(plan, text: "Nothing was done. \(tool.operation.summary): \(tool.operation.method.rawValue) \(path). Call again with confirm: true to do it.")
            }
            let answer = try await client.answer(tool.operation.method, path, query: request.query, body: request.body)
            return Self.result(answer.payload, text: Self.summary(message: answer.message, payload: answer.payload))
        } catch let error as ClientError {
            return failure(Self.describe(error))
        } catch let error as ToolInputError {
            return failure(error.description)
        } catch {
            return failure("\(error)")
        }
    }

    static func describe(_ error: ClientError) -> String {
        switch error {
        case .api(_, let code?, let message): "Error \(code): \(message)"
        default: error.description
        }
    }

    /// Structured content is an object: a list or a bare value is wrapped in `result`.
    static func result(_ payload: JSONValue, text: String) -> CallTool.Result {
        let structured: JSONValue = payload.objectValue != nil ? payload : ["result": payload]
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: MCPValue.from(structured) as Value?, isError: false)
    }

    static func failure(_ text: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], isError: true)
    }

    /// A line an assistant can repeat, and the payload itself, cut where it is long.
    static func summary(message: String?, payload: JSONValue) -> String {
        var lines: [String] = []
        if let message { lines.append(message + ".") }
        if let items = payload.arrayValue { lines.append("\(items.count) item\(items.count == 1 ? "" : "s").") }
        if payload != .null {
            let json = JSONWriter.string(payload)
            lines.append(json.count <= 4000 ? json : String(json.prefix(4000)) + "… (cut; the structured content has all of it)")
        }
        return lines.joined(separator: " ")
    }
}
