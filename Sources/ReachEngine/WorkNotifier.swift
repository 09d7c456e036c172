import ReachCore
import Synchronization

/// Wakes the workers of this process as soon as work is queued in it; workers still poll, for
/// work queued by other processes sharing the database.
///
/// Each signal moves a generation on and wakes every waiting worker (each looks at its own
/// queue). A worker notes the generation before it looks for work, so a signal that comes
/// while it works is not lost: its next wait returns at once.
public final class WorkNotifier: WorkSignal, Sendable {
    private struct State {
        var generation = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func notify() {
        let woken = state.withLock { state in
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// The count of signals so far, to pass to `waitForWork(after:upTo:)`.
    public var generation: Int { state.withLock { $0.generation } }

    /// Returns when a signal newer than `seen` comes (at once if one came already) or when
    /// `timeout` has passed, whichever is first.
    public func waitForWork(after seen: Int, upTo timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.signal(after: seen) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func signal(after seen: Int) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    guard state.generation == seen, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
