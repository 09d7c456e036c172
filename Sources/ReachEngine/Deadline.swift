/// Runs `body` for at most `limit`; past it the body's task is cancelled (which cancels an HTTP
/// request in flight) and `fallback` is the answer. For answers that arrive slowly after their
/// headers, which a request timeout alone does not bound.
func withDeadline<Value: Sendable>(
    _ limit: Duration, orElse fallback: @autoclosure @escaping @Sendable () -> Value, _ body: @escaping @Sendable () async -> Value
) async -> Value {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await body() }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first ?? fallback()
    }
}
