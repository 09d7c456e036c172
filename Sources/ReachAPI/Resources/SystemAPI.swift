/// Operations for operators and tools rather than for outreach: health, metrics, this document.
public enum SystemAPI {
    public static let tag = "System"

    public struct Health: Codable, Sendable, Equatable {
        public var status: String
        public var database: String

        public init(status: String, database: String) {
            self.status = status
            self.database = database
        }
    }

    public static let health = APIOperation(
        id: "ReachController_health", method: .get, path: "/healthz", tag: tag,
        summary: "Liveness and database reachability",
        response: .bare(
            status: 200,
            schema: .object([.required("status", .string(oneOf: ["ok"])), .required("database", .string(oneOf: ["sqlite", "postgresql"]))])),
        errors: [DocumentedError(status: 503, code: 5003, message: "The database cannot be reached")],
        isExtension: true, authentication: .none)

    public static let metrics = APIOperation(
        id: "ReachController_metrics", method: .get, path: "/metrics", tag: tag,
        summary: "Prometheus metrics: requests by route and status, latency",
        response: .text(status: 200, contentType: "text/plain; version=0.0.4"),
        isExtension: true, authentication: .none)

    public static let openAPIDocument = APIOperation(
        id: "ReachController_openAPIDocument", method: .get, path: "/api-doc-json", tag: tag,
        summary: "This OpenAPI 3.1 document",
        response: .bare(status: 200, schema: .map(of: .any)),
        isExtension: true, authentication: .none)

    /// MCP's streamable HTTP transport: JSON-RPC in, JSON-RPC out. The key is checked by the
    /// route itself, so that a refused call gets a JSON-RPC error, as MCP clients expect.
    public static let mcp = APIOperation(
        id: "ReachController_mcp", method: .post, path: "/mcp", tag: "MCP",
        summary: "Reach's tools for AI assistants (MCP, streamable HTTP)",
        description: """
            One JSON-RPC message per request (initialize, tools/list, tools/call, ...), answered with one JSON response. \
            Needs x-api-key (or Authorization: Bearer); without a valid key: 401 with the JSON-RPC error -32001. The tools \
            are those of `reach mcp`.
            """,
        requestBody: .json(.map(of: .any)),
        response: .bare(status: 200, schema: .map(of: .any)),
        errors: [DocumentedError(status: 401, code: -32001, message: "Authentication required. Use an API key or OAuth Bearer token.")],
        isExtension: true, authentication: .none)
}
