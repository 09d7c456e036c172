import Logging
import ReachCore
import ServiceLifecycle

/// Runs the IDLE watches of `ReplyWatch` beside the server, until graceful shutdown.
public struct ReplyWatchService: Service {
    let watch: ReplyWatch
    let logger: Logger

    public init(watch: ReplyWatch, logger: Logger) {
        self.watch = watch
        self.logger = logger
    }

    public func run() async throws {
        let worker = WorkerIdentity.make(role: "watch")
        await cancelWhenGracefulShutdown { await watch.run(worker: worker, logger: logger) }
        // With watching turned off (--reply-idle 0) there was nothing to run; a service that ends
        // before shutdown would stop the whole server.
        if !Task.isCancelled { try? await gracefulShutdown() }
    }
}
