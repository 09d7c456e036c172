import Foundation
import ReachEngine
import Testing

/// Workers sleep between polls unless work is signalled: a wait cut short by its timeout must
/// not leave the next waits returning at once (which made every idle worker spin).
struct WorkNotifierTests {
    @Test func waitsAfterTimeoutsAndWakesOnASignal() async throws {
        let notifier = WorkNotifier()
        let clock = ContinuousClock()
        for _ in 0..<3 {
            let waited = try await clock.measure { await notifier.waitForWork(after: notifier.generation, upTo: .milliseconds(100)) }
            #expect(waited >= .milliseconds(90), "a wait returned after \(waited)")
        }
        // A signal while the worker waits wakes it long before its timeout.
        let seen = notifier.generation
        let woken = Task { try await clock.measure { await notifier.waitForWork(after: seen, upTo: .seconds(60)) } }
        try await Task.sleep(for: .milliseconds(200))
        notifier.notify()
        #expect(try await woken.value < .seconds(30))
        // A signal that came while the worker was busy is not lost: the next wait returns at once.
        let before = notifier.generation
        notifier.notify()
        #expect(try await clock.measure { await notifier.waitForWork(after: before, upTo: .seconds(60)) } < .seconds(30))
    }
}
