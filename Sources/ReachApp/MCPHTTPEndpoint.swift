import Foundation
import Logging
import MCP
import ReachClient
import ReachHTTP
import ReachMCP
import Synchronization

/// `POST /mcp` on `reach serve`: each message is answered by a fresh MCP server (the SDK's
/// stateless transport: one JSON answer per request), whose tools call this same server's API
/// over loopback with the caller's key, so they see exactly what the key may see.
final class MCPHTTPEndpoint: MCPEndpoint {
    /// The address the API listens on, known once the server is running.
    private let loopback = Mutex<String?>(nil)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// `address` is the one the listener bound, so the tools' calls never leave the machine.
    func listening(address: String, port: Int) {
        let reachable =
            switch address {
            case "0.0.0.0": "127.0.0.1"
            case "::": "[::1]"
            default: address.contains(":") ? "[\(address)]" : address
            }
        loopback.withLock { $0 = "http://\(reachable):\(port)" }
    }

    func handle(_ body: [UInt8], headers: [String: String], apiKey: String) async -> (status: Int, headers: [String: String], body: [UInt8]) {
        guard let base = loopback.withLock({ $0 }) else { return (503, [:], Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Starting"}}"#.utf8)) }
        // No retries: a 429 goes back to the assistant at once instead of holding this request.
        let client = ReachClient(configuration: ClientConfiguration(baseURL: base, apiKey: apiKey, retries: 0))
        let server = await ReachMCPServer(client: client, version: ReachVersion.current).makeServer()
        // The key guards this endpoint, not the browser's origin: any host name may serve it.
        let transport = StatelessHTTPServerTransport(
            validationPipeline: StandardValidationPipeline(validators: [
                AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
            ]),
            logger: logger)
        do {
            try await server.start(transport: transport)
        } catch {
            logger.error("MCP server did not start: \(error)")
            return (500, [:], Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Internal error"}}"#.utf8))
        }
        let answer = await transport.handleRequest(HTTPRequest(method: "POST", headers: headers, body: Data(body), path: "/mcp"))
        await server.stop()
        return (answer.statusCode, answer.headers, answer.bodyData.map { Array($0) } ?? [])
    }
}
