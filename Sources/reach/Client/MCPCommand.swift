import ArgumentParser
import Foundation
import Logging
import MCP
import ReachApp
import ReachClient
import ReachMCP

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "Serve Reach's tools to an AI assistant over MCP (stdio).",
        discussion: """
            Connects like the other client commands: --base-url/--api-key/--profile, REACH_BASE_URL/REACH_API_KEY/REACH_PROFILE, \
            or the current profile of `reach login`. Standard output is the protocol; logs go to standard error.

            EXAMPLE (Claude Desktop, Cursor): {"command": "reach", "args": ["mcp", "--profile", "prod"]}
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await exitingWithClientStatus {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }
            let client = ReachClient(configuration: try connection.flags.resolve())
            let server = await ReachMCPServer(client: client, version: ReachVersion.current).makeServer()
            try await server.start(transport: StdioTransport(logger: Logger(label: "reach.mcp")))
            await server.waitUntilCompleted()
        }
    }
}
