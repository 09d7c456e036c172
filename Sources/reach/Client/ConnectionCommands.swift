import ArgumentParser
import Foundation
import ReachAPI
import ReachClient
import ReachJSON

/// The connection options of the commands argument-parser runs (`reach api`, `reach login`).
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The server: a Reach server, or https://open-api.saleshandy.com/v1 (env REACH_BASE_URL).", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("The API key (env REACH_API_KEY).", valueName: "key"))
    var apiKey: String?

    @Option(help: ArgumentHelp("A profile saved by `reach login` (env REACH_PROFILE).", valueName: "name"))
    var profile: String?

    var flags: ConnectionFlags { ConnectionFlags(baseURL: baseURL, apiKey: apiKey, profile: profile) }
}

/// Runs a client command body and turns its failure into the documented exit status.
func exitingWithClientStatus(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        throw ExitCode(ClientExit.report(error))
    }
}

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Check an API key against a server and save both as a profile.",
        discussion: """
            The key is read from --api-key, else from standard input (asked for without echo on a terminal). \
            The profile becomes the current one.

            EXAMPLE: reach login --base-url https://reach.example.com --profile prod
            """)

    @Option(help: ArgumentHelp("The server (default: a Reach server on this machine).", valueName: "url"))
    var baseURL = ClientConfiguration.localServer

    @Option(help: ArgumentHelp("The API key; asked for when missing.", valueName: "key"))
    var apiKey: String?

    @Option(help: ArgumentHelp("The profile's name.", valueName: "name"))
    var profile = "default"

    func run() async throws {
        try await exitingWithClientStatus {
            let key = try apiKey ?? Self.askForKey()
            let client = ReachClient(configuration: ClientConfiguration(baseURL: baseURL, apiKey: key))
            // Any authenticated read proves the key; the team list exists on both Reach and Saleshandy.
            _ = try await client.call(.get, TeamAPI.memberList.path)
            var file = try ProfileFile.load(ProcessInfo.processInfo.environment)
            file.profiles[profile] = .init(baseURL: client.configuration.serverURL, apiKey: key)
            file.current = profile
            try file.save()
            print("Logged in to \(client.configuration.serverURL) as profile \(profile) (saved in \(file.path))")
        }
    }

    static func askForKey() throws -> String {
        if isatty(STDIN_FILENO) == 1, let typed = getpass("API key: ") {
            let key = String(cString: typed).trimmingCharacters(in: .whitespaces)
            if !key.isEmpty { return key }
        } else if let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty {
            return line.trimmingCharacters(in: .whitespaces)
        }
        throw UsageError("no API key given")
    }
}

struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles", abstract: "List the saved connections and choose the current one.", subcommands: [List.self, Use.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List profiles; the current one is marked *.")

        func run() async throws {
            try await exitingWithClientStatus {
                let file = try ProfileFile.load(ProcessInfo.processInfo.environment)
                guard !file.profiles.isEmpty else {
                    print("No profiles yet: reach login --base-url URL --profile NAME")
                    return
                }
                printTable(
                    ["", "NAME", "SERVER", "KEY"],
                    file.profiles.keys.sorted().map { name in
                        let profile = file.profiles[name]!
                        return [name == file.current ? "*" : "", name, profile.baseURL, "…" + String(profile.apiKey.suffix(4))]
                    })
            }
        }
    }

    struct Use: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a profile the current one.")

        @Argument(help: "The profile's name.") var name: String

        func run() async throws {
            try await exitingWithClientStatus {
                var file = try ProfileFile.load(ProcessInfo.processInfo.environment)
                guard file.profiles[name] != nil else { throw UsageError("no profile named \(name) (see `reach profiles list`)") }
                file.current = name
                try file.save()
                print("Using \(name)")
            }
        }
    }
}

struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Send any request to the API and print the answer as it came.",
        discussion: """
            The exit status is 0 for a 2xx answer, 1 for an API error, 3 for 401/403 and 4 when the server cannot be reached.

            EXAMPLE: reach api GET /v1/prospects -q search=ann
                     reach api POST /v1/sequences --data '{"title":"Q3"}'
            """)

    @Argument(help: "GET, POST, PUT, PATCH or DELETE.") var method: String
    @Argument(help: "The path, e.g. /v1/prospects.") var path: String
    @Option(name: .shortAndLong, help: ArgumentHelp("A query parameter, NAME=VALUE (repeatable).", valueName: "name=value"))
    var query: [String] = []
    @Option(help: ArgumentHelp("The JSON body, @FILE or - for standard input.", valueName: "json")) var data: String?
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        try await exitingWithClientStatus {
            guard let method = APIOperation.Method(rawValue: method.uppercased()) else { throw UsageError("unknown method \(method)") }
            let pairs = try query.map { pair -> (String, String) in
                guard let equals = pair.firstIndex(of: "=") else { throw UsageError("-q takes NAME=VALUE, got \(pair)") }
                return (String(pair[..<equals]), String(pair[pair.index(after: equals)...]))
            }
            let client = ReachClient(configuration: try connection.flags.resolve())
            let path = path.hasPrefix("/") ? path : "/" + path
            let response = try await client.send(method, path, query: pairs, body: try data.map(ResourceCommand.readData))
            let pretty = isatty(STDOUT_FILENO) == 1
            if let json = try? response.json() {
                print(pretty ? JSONWriter.pretty(json) : JSONWriter.string(json))
            } else if !response.body.isEmpty {
                FileHandle.standardOutput.write(Data(response.body))
            }
            if let error = response.error() { throw ExitCode(ClientExit.exitStatus(of: error)) }
        }
    }
}
