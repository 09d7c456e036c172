import Foundation

/// Where Reach reads the time: injected everywhere so that tests and the sandbox can move it.
public protocol WallClock: Sendable {
    var now: Date { get }
}

public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}
