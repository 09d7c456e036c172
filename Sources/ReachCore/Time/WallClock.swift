import Foundation

/// Where Reach reads the time: injected everywhere so that tests and the sandbox can move it.
public protocol WallClock: Sendable {
    var now: Date { get }
}

public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}

/// Sandbox time (`reach serve --time-scale N`): starts at the real time and runs `scale` times
/// faster, so that a fourteen-day sequence plays out in minutes against a test mailbox. Day
/// boundaries, schedules, quotas and intervals all follow it; only real network timeouts do not.
public struct ScaledClock: WallClock {
    let origin: Date
    let scale: Double

    public init(scale: Double, origin: Date = Date()) {
        self.origin = origin
        self.scale = scale
    }

    public var now: Date { origin.addingTimeInterval(Date().timeIntervalSince(origin) * scale) }
}
