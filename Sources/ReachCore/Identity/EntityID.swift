/// The internal identity of a stored entity. The phantom `Entity` keeps a prospect's id from
/// being passed where a sequence's is expected; on the wire every id is a `PublicIDCodec` string.
public struct EntityID<Entity>: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int64

    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}

/// An entity whose id is shown outside Reach, each kind under its own key so that one kind's
/// id never reads as another's.
public protocol PubliclyIdentified {
    static var publicIDKind: PublicIDKind { get }
}

public struct PublicIDKind: RawRepresentable, Hashable, Sendable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let account = PublicIDKind(rawValue: "account")
    public static let user = PublicIDKind(rawValue: "user")
    public static let apiKey = PublicIDKind(rawValue: "api-key")
    public static let client = PublicIDKind(rawValue: "client")
}
