import Foundation
import Logging
import ReachCore
import ServiceLifecycle

/// Works through queued prospect imports, one at a time per process. On shutdown it stops
/// between chunks; the interrupted import resumes from its last chunk when its lease runs out.
public struct ImportWorker: Service {
    let importer: ProspectImporter
    let notifier: WorkNotifier
    let logger: Logger
    let workerID: String
    let pollInterval: Duration

    public init(importer: ProspectImporter, notifier: WorkNotifier, logger: Logger, pollInterval: Duration = .seconds(2)) {
        self.importer = importer
        self.notifier = notifier
        self.logger = logger
        self.workerID = WorkerIdentity.make(role: "import")
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await importer.runNextJob(worker: workerID, logger: logger) { continue }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("import worker could not claim work: \(error)")
                }
                await notifier.waitForWork(upTo: pollInterval)
            }
        }
    }
}

/// Names a worker uniquely across processes and machines sharing one database.
enum WorkerIdentity {
    static func make(role: String) -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(role):\(UUID().uuidString.prefix(8))"
    }
}
