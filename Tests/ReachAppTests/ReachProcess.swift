import Foundation
import Glibc
import ReachTestSupport
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `reach` executable, run as a user would run it.
struct ReachProcess {
    static var executable: URL {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return testBundle.appendingPathComponent("reach")
    }

    struct Output {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Runs `reach` with `arguments` to completion. The waiting happens on a thread of its own:
    /// blocking the few threads of the concurrency pool would stall every other test.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        try await onOwnThread { try runBlocking(arguments, environment: environment) }
    }

    static func runBlocking(executable: URL = executable, _ arguments: [String], environment: [String: String]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}

/// `reach serve` running in the background on a free port.
final class RunningServer: Sendable {
    let process: Process
    let port: Int
    let standardOutput: String
    private let errors: Pipe
    /// The end of the last line read so far, and the warnings and errors logged.
    private let keptLog = Mutex<(partial: String, problems: [String])>(("", []))
    /// Problems kept, the latest: enough to tell why a test failed, never a whole run's log.
    static let problemsKept = 200

    static func start(database: String, dataDirectory: String, extraArguments: [String] = []) async throws -> RunningServer {
        try await onOwnThread { try RunningServer(database: database, dataDirectory: dataDirectory, extraArguments: extraArguments) }
    }

    private init(database: String, dataDirectory: String, extraArguments: [String]) throws {
        let process = Process()
        process.executableURL = ReachProcess.executable
        process.arguments = ["serve", "--port", "0", "--database", database, "--data-dir", dataDirectory] + extraArguments
        let out = Pipe()
        errors = Pipe()
        process.standardOutput = out
        process.standardError = errors
        try process.run()
        self.process = process
        // The server logs its address once it listens (a worker, that it works); what it
        // printed before that is the first-start message, if any.
        let worker = zip(extraArguments, extraArguments.dropFirst()).contains { $0 == ("--role", "worker") }
        var log = ""
        let deadline = Date().addingTimeInterval(60)
        var port: Int?
        while port == nil, Date() < deadline, process.isRunning {
            let chunk = errors.fileHandleForReading.availableData
            log += String(decoding: chunk, as: UTF8.self)
            if worker, log.contains("reach is working") {
                port = 0
            } else if let range = log.range(of: #"address=http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(log[range].split(separator: ":").last!)
            }
        }
        guard let port else { throw ServerFailedToStart(log: log) }
        self.port = port
        out.fileHandleForReading.readabilityHandler = nil
        let printed = out.fileHandleForReading.availableDataWithoutBlocking()
        standardOutput = String(decoding: printed, as: UTF8.self)
        // From now on the log is read as it comes, so a busy server never blocks on a full
        // pipe; only its warnings and errors are kept.
        keepProblems(from: log)
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            self?.keepProblems(from: String(decoding: chunk, as: UTF8.self))
        }
    }

    /// The warnings and errors the server has logged (the latest), for a failing test to show.
    var problems: [String] { keptLog.withLock { $0.problems } }

    private func keepProblems(from text: String) {
        keptLog.withLock { log in
            var lines = (log.partial + text).split(separator: "\n", omittingEmptySubsequences: false)
            log.partial = String(lines.removeLast())
            // A line reads "<time> <level> <label>: <message>".
            log.problems += lines.filter { ["warning", "error", "critical"].contains($0.split(separator: " ").dropFirst().first) }.map(String.init)
            log.problems.removeFirst(max(0, log.problems.count - Self.problemsKept))
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func get(_ path: String, key: String? = nil) async throws -> (status: Int, body: String) {
        try await send("GET", path, key: key, body: nil)
    }

    func send(_ method: String, _ path: String, key: String?, body: String?) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 300
        if let key { request.setValue(key, forHTTPHeaderField: "x-api-key") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async throws -> Int32 {
        let process = process
        return try await onOwnThread {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    struct ServerFailedToStart: Error, CustomStringConvertible {
        let log: String
        var description: String { "reach serve did not start:\n\(log)" }
    }
}

extension FileHandle {
    /// What is already in the pipe, without waiting for more.
    func availableDataWithoutBlocking() -> Data {
        let descriptor = fileDescriptor
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(descriptor, F_SETFL, flags) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
