import Foundation
import ReachClient
import ReachJSON

/// Named connections kept in a file, so `reach login` once and then every command just works.
///
/// The file (`$REACH_CONFIG`, else `$XDG_CONFIG_HOME/reach/config.json`, else
/// `~/.config/reach/config.json`) holds API keys, so it is written readable by its owner only.
struct ProfileFile {
    struct Profile: Equatable {
        var baseURL: String
        var apiKey: String
    }

    let path: String
    var current: String?
    var profiles: [String: Profile]

    static func defaultPath(_ environment: [String: String]) -> String {
        if let path = environment["REACH_CONFIG"], !path.isEmpty { return path }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(environment["HOME"] ?? NSHomeDirectory())/.config"
        return "\(base)/reach/config.json"
    }

    static func load(_ environment: [String: String]) throws -> ProfileFile {
        let path = defaultPath(environment)
        guard let data = FileManager.default.contents(atPath: path) else { return ProfileFile(path: path, current: nil, profiles: [:]) }
        guard let json = try? JSONParser.parse(Array(data)) else { throw UsageError("\(path) is not valid JSON; fix or remove it") }
        var profiles: [String: Profile] = [:]
        for (name, entry) in json["profiles"]?.objectValue ?? [:] {
            guard let url = entry["baseURL"]?.stringValue, let key = entry["apiKey"]?.stringValue else { continue }
            profiles[name] = Profile(baseURL: url, apiKey: key)
        }
        return ProfileFile(path: path, current: json["current"]?.stringValue, profiles: profiles)
    }

    func save() throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var entries: [String: JSONValue] = [:]
        for (name, profile) in profiles {
            entries[name] = ["baseURL": .string(profile.baseURL), "apiKey": .string(profile.apiKey)]
        }
        let json: JSONValue = ["current": current.map(JSONValue.string) ?? .null, "profiles": .object(entries)]
        // Written beside the file, readable by its owner only from its first byte, flushed, then
        // moved over it: a crash never leaves half a file, and no one else ever reads a key.
        let temporary = path + ".tmp"
        let bytes = Array((JSONWriter.pretty(json) + "\n").utf8)
        unlink(temporary)
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw UsageError("could not write \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let flushed = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, flushed, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw UsageError("could not write \(path)")
        }
    }
}

/// Where a client command connects: flags first, then the environment, then the chosen
/// profile, then a Reach server on this machine.
struct ConnectionFlags {
    var baseURL: String?
    var apiKey: String?
    var profile: String?

    func resolve(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClientConfiguration {
        // A variable set but empty counts as unset, as shells and CI systems often leave them.
        let environment = environment.filter { !$0.value.isEmpty }
        let file = try ProfileFile.load(environment)
        let name = profile ?? environment["REACH_PROFILE"] ?? file.current
        let chosen = try name.map { name in
            guard let found = file.profiles[name] else { throw UsageError("no profile named \(name) in \(file.path) (see `reach profiles list`)") }
            return found
        }
        let url = baseURL ?? environment["REACH_BASE_URL"] ?? chosen?.baseURL ?? ClientConfiguration.localServer
        // A profile's key goes only to the profile's own server: a --base-url or a REACH_BASE_URL
        // left set in a shell must not receive it.
        let server = ClientConfiguration.serverURL(of: url)
        let profileKey = chosen.flatMap { ClientConfiguration.serverURL(of: $0.baseURL) == server ? $0.apiKey : nil }
        return ClientConfiguration(baseURL: url, apiKey: apiKey ?? environment["REACH_API_KEY"] ?? profileKey)
    }
}

/// A mistake in how a command was called: printed with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The documented exit statuses of client commands.
enum ClientExit {
    static let ok: Int32 = 0
    static let apiError: Int32 = 1
    static let usage: Int32 = 2
    static let unauthorized: Int32 = 3
    static let network: Int32 = 4

    static func exitStatus(of error: ClientError) -> Int32 {
        switch error {
        case .unauthorized: unauthorized
        case .network: network
        case .api, .unreadableAnswer: apiError
        case .missingArgument: usage
        }
    }

    /// Prints `error` on standard error as the API gave it and returns its exit status.
    static func report(_ error: any Error) -> Int32 {
        func say(_ text: String) { FileHandle.standardError.write(Data("error: \(text)\n".utf8)) }
        switch error {
        case let error as ClientError:
            say(error.description)
            return exitStatus(of: error)
        case let error as UsageError:
            say(error.description)
            return usage
        default:
            say("\(error)")
            return apiError
        }
    }
}
