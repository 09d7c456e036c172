import Foundation

/// When a failed delivery is tried again, when it is given up, and when a webhook that keeps
/// failing is turned off: the rules in one place.
public enum WebhookRetryPolicy {
    /// A delivery is retried for a day after it was queued (normally moments after its event).
    public static let retryWindow: TimeInterval = 24 * 3600
    /// 30 s after the first failure, doubling, at most an hour apart: about 30 attempts a day.
    public static func delay(afterAttempt attempt: Int) -> TimeInterval {
        min(30 * pow(2, Double(max(0, attempt - 1))), 3600)
    }

    /// What becomes of a delivery after its `attempt`-th try.
    public static func outcome(succeeded: Bool, attempt: Int, createdAt: Date, now: Date) -> DeliveryOutcome {
        if succeeded { return .delivered }
        // Up to a tenth more, so deliveries that failed together do not all come back at once.
        let delay = delay(afterAttempt: attempt) * Double.random(in: 1...1.1)
        let next = now.addingTimeInterval(delay)
        return next.timeIntervalSince(createdAt) > retryWindow ? .failed : .retry(at: next)
    }

    /// A webhook is disabled once every attempt for a whole retry window has failed (and there
    /// were enough of them for that to mean something).
    public static func shouldDisable(_ webhook: Webhook, now: Date) -> Bool {
        guard webhook.status == .active, let since = webhook.failingSince else { return false }
        return webhook.consecutiveFailures >= 10 && now.timeIntervalSince(since) >= retryWindow
    }
}
