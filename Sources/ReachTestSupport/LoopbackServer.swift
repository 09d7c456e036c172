import Hummingbird
import Logging
import ServiceLifecycle

/// Runs a Hummingbird router on a free loopback port for the length of `body`, which gets the
/// port; the server is then stopped gracefully (not cancelled), so it closes without complaint.
func withLoopbackServer<Result: Sendable>(
    _ router: Router<BasicRequestContext>, port: Int = 0, label: String, _ body: @escaping @Sendable (Int) async throws -> Result
) async throws -> Result {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
    let services = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: label)))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw TestFailure(description: "\(label) did not start") }
        let result: Result
        do {
            result = try await body(bound)
        } catch {
            await services.triggerGracefulShutdown()
            throw error
        }
        await services.triggerGracefulShutdown()
        try await group.waitForAll()
        return result
    }
}
