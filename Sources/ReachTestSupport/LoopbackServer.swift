import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL
import ServiceLifecycle

/// Runs a Hummingbird router on a free loopback port for the length of `body`, which gets the
/// port, over TLS when given a configuration; the server is then stopped gracefully (not
/// cancelled), so it closes without complaint.
func withLoopbackServer<Result: Sendable>(
    _ router: Router<BasicRequestContext>, port: Int = 0, tls: TLSConfiguration? = nil, label: String,
    _ body: @escaping @Sendable (Int) async throws -> Result
) async throws -> Result {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
        configuration: .init(address: .hostname("127.0.0.1", port: port)),
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
