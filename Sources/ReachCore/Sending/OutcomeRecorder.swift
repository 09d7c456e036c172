/// Records what became of sent messages a group at a time (group commit): the outcomes that
/// arrive while one group is being written are written together next, in one transaction. Each
/// delivery still waits until its own outcome is on record. One transaction per email queued
/// every delivery behind the others on SQLite's one writer, with the next claims behind them.
actor OutcomeRecorder {
    let store: any SendingStore
    private var waiting: [(outcome: OutboundOutcome, written: CheckedContinuation<Void, any Error>)] = []
    private var isWriting = false

    init(store: any SendingStore) {
        self.store = store
    }

    /// Returns once `outcome` is written; throws what writing it threw.
    func record(_ outcome: OutboundOutcome) async throws {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((outcome, continuation))
            if !isWriting {
                isWriting = true
                Task { await writeWhileWaiting() }
            }
        }
    }

    private func writeWhileWaiting() async {
        while !waiting.isEmpty {
            let group = waiting
            waiting = []
            do {
                try await store.finishOutbounds(group.map(\.outcome))
                for entry in group { entry.written.resume() }
            } catch where group.count == 1 {
                group[0].written.resume(throwing: error)
            } catch {
                // All or none of a group is written: one outcome that cannot be (or a
                // deadlock with another engine) must not fail the others, so each is tried alone.
                for entry in group {
                    do {
                        try await store.finishOutbounds([entry.outcome])
                        entry.written.resume()
                    } catch {
                        entry.written.resume(throwing: error)
                    }
                }
            }
        }
        isWriting = false
    }
}
