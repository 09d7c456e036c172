import Logging
import ReachCore
import ServiceLifecycle

/// Writes the opens and clicks the tracking links collected, every `interval`, and once more on
/// shutdown. It runs beside the HTTP server and is listed before it in the service group, so it
/// stops after the server: the opens of requests still in flight make the last batch.
public struct EngagementFlusher: Service {
    let engagement: EngagementService
    let interval: Duration
    let logger: Logger

    public init(engagement: EngagementService, interval: Duration = .milliseconds(200), logger: Logger) {
        self.engagement = engagement
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await flush()
            }
        }
        await flush()
    }

    func flush() async {
        do {
            try await engagement.flush()
        } catch {
            logger.error("could not write opens and clicks: \(error)")
        }
    }
}
