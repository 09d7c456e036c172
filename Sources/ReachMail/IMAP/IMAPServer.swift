/// A mailbox server to read from, and how to talk to it.
public struct IMAPServer: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var security: MailSecurity
    public var credentials: MailCredentials

    public init(host: String, port: Int, security: MailSecurity, credentials: MailCredentials) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
    }
}

public struct IMAPTimeouts: Sendable, Equatable {
    public var connect: Duration
    /// Greeting, login and every command but FETCH of bodies.
    public var command: Duration
    /// A FETCH may carry megabytes; it gets longer.
    public var fetch: Duration

    public static let standard = IMAPTimeouts(connect: .seconds(15), command: .seconds(60), fetch: .seconds(300))

    public init(connect: Duration, command: Duration, fetch: Duration) {
        self.connect = connect
        self.command = command
        self.fetch = fetch
    }
}

/// What SELECT or EXAMINE learnt about a mailbox.
public struct IMAPMailboxStatus: Sendable, Equatable {
    public var exists = 0
    /// Changes when the server renumbered the mailbox: every stored UID of it is void then.
    public var uidValidity: UInt32 = 0
    public var uidNext: UInt32?
    public var flags: [String] = []
    public var readOnly = false
}

/// One message as UID FETCH returned it; only what was asked for is set.
public struct IMAPMessage: Sendable, Equatable {
    public var uid: UInt32
    public var flags: [String] = []
    public var size: Int?
    /// When the server received it (INTERNALDATE), as text: RFC 3501 date-time.
    public var internalDate: String?
    public var header: [UInt8]?
    public var body: [UInt8]?
}

/// What to fetch. Bodies are read with BODY.PEEK so reading never marks a message seen:
/// Reach does not change mail it does not own.
public struct IMAPFetchItems: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let flags = IMAPFetchItems(rawValue: 1)
    public static let size = IMAPFetchItems(rawValue: 2)
    public static let internalDate = IMAPFetchItems(rawValue: 4)
    public static let header = IMAPFetchItems(rawValue: 8)
    /// The whole message, header included.
    public static let body = IMAPFetchItems(rawValue: 16)

    var attributes: String {
        var names = ["UID"]
        if contains(.flags) { names.append("FLAGS") }
        if contains(.size) { names.append("RFC822.SIZE") }
        if contains(.internalDate) { names.append("INTERNALDATE") }
        if contains(.header) { names.append("BODY.PEEK[HEADER]") }
        if contains(.body) { names.append("BODY.PEEK[]") }
        return "(" + names.joined(separator: " ") + ")"
    }
}
