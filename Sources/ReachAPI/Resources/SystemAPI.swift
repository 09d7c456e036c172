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
}
