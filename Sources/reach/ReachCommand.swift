import ArgumentParser
import Foundation
import Logging
import ReachApp

/// `reach RESOURCE ...` runs a client command from the catalog; anything else is one of the
/// server and administration commands argument-parser knows.
@main
enum Main {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, let resource = ResourceCatalog.resource(named: first) {
            exit(await ResourceCommand(resource: resource).run(Array(arguments.dropFirst())))
        }
        await ReachCommand.main()
    }
}

struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Reach: self-hosted sales outreach that speaks the Saleshandy Open API.",
        discussion: """
            CLIENT COMMANDS (against a Reach server or Saleshandy's cloud; `reach RESOURCE --help` lists each one's commands):
            \(ResourceCatalog.resources.map { "  \($0.name.padding(toLength: 16, withPad: " ", startingAt: 0))\($0.summary)" }.joined(separator: "\n"))

            Client commands exit 0 on success, 1 on an API error, 2 on a usage error, 3 when the key is refused, 4 when the \
            server cannot be reached.
            """,
        version: ReachVersion.current,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, AccountsCommand.self, UsersCommand.self, KeysCommand.self, DKIMCommand.self,
            LoginCommand.self, ProfilesCommand.self, APICommand.self, MCPCommand.self, CompletionsCommand.self,
        ])
}

/// Options shared by every command that opens the database directly.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB (env REACH_DATABASE_URL).", valueName: "url"))
    var database: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical (env REACH_LOG_LEVEL).")
    var logLevel: String?

    var databaseURL: String {
        database ?? ProcessInfo.processInfo.environment["REACH_DATABASE_URL"] ?? ServerConfiguration.defaultDatabaseURL
    }

    /// Logs go to standard error: standard output is for what scripts read.
    func bootstrapLogging(default level: Logger.Level) -> Logger {
        let text = logLevel ?? ProcessInfo.processInfo.environment["REACH_LOG_LEVEL"]
        let level = text.flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "reach")
    }
}
