import Foundation
import Logging
import ReachCore
import ServiceLifecycle

/// Works through one kind of queued work (prospect imports, bulk mailbox connects, due emails), one job at a
/// time per process. `runNext` claims and runs a job and says whether there was one; between
/// jobs the worker sleeps until notified or until the poll interval passes, which is how jobs
/// queued by another process are found. On shutdown it stops between jobs (or between a job's
/// chunks); an interrupted job is taken over when its lease runs out.
public struct QueueWorker: Service {
    public typealias RunNext = @Sendable (_ worker: String, _ logger: Logger) async throws -> Bool

    let role: String
    let notifier: WorkNotifier
    let logger: Logger
    let workerID: String
    let pollInterval: Duration
    let runNext: RunNext

    public init(role: String, notifier: WorkNotifier, logger: Logger, pollInterval: Duration = .seconds(2), runNext: @escaping RunNext) {
        self.role = role
        self.notifier = notifier
        self.logger = logger
        self.workerID = WorkerIdentity.make(role: role)
        self.pollInterval = pollInterval
        self.runNext = runNext
    }

    public static func imports(_ importer: ProspectImporter, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "import", notifier: notifier, logger: logger) { try await importer.runNextJob(worker: $0, logger: $1) }
    }

    public static func emailAccountJobs(_ service: EmailAccountService, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "email-accounts", notifier: notifier, logger: logger) { try await service.runNextJob(worker: $0, logger: $1) }
    }

    public static func taskBulkActions(_ tasks: TaskService, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "task-bulk", notifier: notifier, logger: logger) { try await tasks.runNextBulkAction(worker: $0, logger: $1) }
    }

    /// Verifies queued email addresses, a batch at a time.
    public static func verification(_ service: VerificationService, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "verification", notifier: notifier, logger: logger, pollInterval: .seconds(5)) { try await service.runPass(worker: $0, logger: $1) }
    }

    /// Works enrichment jobs, a few records at a time.
    public static func enrichment(_ service: EnrichmentService, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "enrichment", notifier: notifier, logger: logger) { try await service.runNextJob(worker: $0, logger: $1) }
    }

    /// Reads mailboxes for replies and bounces: folders fall due by the poller's interval,
    /// which the database keeps; this loop looks for due ones every few seconds of real time
    /// (sooner when an IDLE connection reports mail, or when a pass stopped at its budget), so
    /// even a sandbox clock running a day a second never makes it hammer the mail servers.
    public static func replies(_ poller: ReplyPoller, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "replies", notifier: notifier, logger: logger, pollInterval: .seconds(5)) { worker, logger in
            try await poller.runPass(worker: worker, logger: logger).moreMayBeDue
        }
    }

    /// Posts events to webhooks: a pass at once while there is more, else every second (of real
    /// time: retries fall due by the database's clock, which this only looks at).
    public static func webhooks(_ delivery: WebhookDelivery, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "webhooks", notifier: notifier, logger: logger, pollInterval: .seconds(1)) { worker, logger in
            try await delivery.runPass(worker: worker, logger: logger)
        }
    }

    /// The sending loop: a pass whenever the last one sent something, else after the poll
    /// interval (or when new work is signalled).
    public static func sending(_ engine: SendingEngine, notifier: WorkNotifier, logger: Logger) -> QueueWorker {
        QueueWorker(role: "sender", notifier: notifier, logger: logger) { _, logger in try await engine.runPass(logger: logger).didWork }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let seen = notifier.generation
                do {
                    if try await runNext(workerID, logger) { continue }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("\(role) worker could not run a job: \(error)")
                }
                await notifier.waitForWork(after: seen, upTo: pollInterval)
            }
        }
    }
}

/// Names a worker uniquely across processes and machines sharing one database.
enum WorkerIdentity {
    static func make(role: String) -> String {
        "\(LocalHost.name):\(ProcessInfo.processInfo.processIdentifier):\(role):\(UUID().uuidString.prefix(8))"
    }
}
