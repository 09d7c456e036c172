import ReachCore

/// Wakes a worker as soon as work is queued in this process; workers still poll, for work
/// queued by other processes sharing the database.
public final class WorkNotifier: WorkSignal, Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    public func notify() {
        continuation.yield()
    }

    /// Returns when work is signalled or `timeout` has passed, whichever is first.
    func waitForWork(upTo timeout: Duration) async {
        let stream = stream
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                _ = await iterator.next()
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
