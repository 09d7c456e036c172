import Foundation

/// Runs blocking work (waiting for a child process, reading a pipe to its end) on a thread of
/// its own. Swift's cooperative pool has one thread per core (two on the CI machine): a test
/// that blocks one of them slows every other test, the database pools' work included.
public func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
    }
}

extension Process {
    /// Waits for the process to end without holding a thread of the cooperative pool.
    public func exited() async throws {
        let process = self
        try await onOwnThread { process.waitUntilExit() }
    }

    /// Runs the process to its end and returns what it wrote to standard output, reading the
    /// pipe and waiting on a thread of its own.
    public func outputAfterExit(input: Data? = nil) async throws -> Data {
        let output = Pipe()
        standardOutput = output
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe { standardInput = inputPipe }
        try run()
        let process = self
        return try await onOwnThread {
            if let input, let inputPipe {
                try inputPipe.fileHandleForWriting.write(contentsOf: input)
                try inputPipe.fileHandleForWriting.close()
            }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
    }
}
