import Foundation
import HTTPTypes
import ReachCore
import Synchronization

/// How many requests one API key may make.
public struct RateLimitPolicy: Sendable, Equatable {
    public var requestsPerWindow: Int
    public var window: Duration

    public init(requestsPerWindow: Int, window: Duration = .seconds(60)) {
        precondition(requestsPerWindow > 0)
        self.requestsPerWindow = requestsPerWindow
        self.window = window
    }

    /// 600 a minute: ten a second on average, with the whole minute's allowance usable as a burst.
    public static let standard = RateLimitPolicy(requestsPerWindow: 600)
}

/// Per-key request limiting with the generic cell rate algorithm: one timestamp per key, exact
/// `Retry-After`, no background timers. The state is per process; with several `reach serve`
/// processes behind a balancer, each allows the full rate.
final class RateLimiter: Sendable {
    struct Decision: Sendable {
        let allowed: Bool
        let limit: Int
        let remaining: Int
        /// Seconds until the allowance is whole again.
        let resetSeconds: Int
        /// Seconds to wait before the next request is allowed (0 when allowed).
        let retryAfterSeconds: Int

        var headers: HTTPFields {
            var fields: HTTPFields = [
                .rateLimitLimit: String(limit),
                .rateLimitRemaining: String(remaining),
                .rateLimitReset: String(resetSeconds),
            ]
            if !allowed { fields[.retryAfter] = String(retryAfterSeconds) }
            return fields
        }
    }

    let policy: RateLimitPolicy
    private let emissionInterval: Double
    private let windowSeconds: Double
    /// Theoretical arrival time of the next request, per key.
    private let arrivals = Mutex<[APIKeyID: Double]>([:])

    init(policy: RateLimitPolicy) {
        self.policy = policy
        windowSeconds = Double(policy.window.components.seconds) + Double(policy.window.components.attoseconds) / 1e18
        emissionInterval = windowSeconds / Double(policy.requestsPerWindow)
    }

    func admit(_ key: APIKeyID, at now: Double = Date().timeIntervalSince1970) -> Decision {
        arrivals.withLock { arrivals in
            if arrivals.count > 50_000 { arrivals = arrivals.filter { $0.value > now } }
            let theoretical = max(arrivals[key] ?? now, now)
            let next = theoretical + emissionInterval
            if next - now > windowSeconds {
                let wait = next - now - windowSeconds
                return Decision(
                    allowed: false, limit: policy.requestsPerWindow, remaining: 0,
                    resetSeconds: Int((theoretical - now).rounded(.up)), retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            arrivals[key] = next
            let remaining = Int(((windowSeconds - (next - now)) / emissionInterval).rounded(.down))
            return Decision(
                allowed: true, limit: policy.requestsPerWindow, remaining: max(0, remaining),
                resetSeconds: Int((next - now).rounded(.up)), retryAfterSeconds: 0)
        }
    }
}

/// Thrown when a key is over its limit; answered with 429 and the limit headers.
struct RateLimitExceeded: Error {
    let decision: RateLimiter.Decision
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("RateLimit-Limit")!
    static let rateLimitRemaining = Self("RateLimit-Remaining")!
    static let rateLimitReset = Self("RateLimit-Reset")!
    static let apiKey = Self("x-api-key")!
}
