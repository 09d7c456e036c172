import ArgumentParser
import Foundation
import Logging
import ReachApp

@main
struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Reach: self-hosted sales outreach that speaks the Saleshandy Open API.",
        version: ReachVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self, AccountsCommand.self, UsersCommand.self, KeysCommand.self, DKIMCommand.self])
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
