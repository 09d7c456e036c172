/// A mail server to submit through, and how to talk to it.
public struct SMTPServer: Sendable, Equatable {
    public typealias Security = MailSecurity
    public typealias Credentials = MailCredentials

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials?
    /// The name Reach gives in EHLO: the sending domain's host name.
    public var clientName: String
    /// The address to connect to when the caller resolved `host` itself (an MX host through
    /// Reach's DNS resolver); `host` still names the server for TLS.
    public var address: String?

    public init(host: String, port: Int, security: Security, credentials: Credentials?, clientName: String, address: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.clientName = clientName
        self.address = address
    }
}

/// How long each stage may take. RFC 5321 §4.5.3.2 suggests minutes; a sender with many
/// mailboxes does better to give up sooner and retry.
public struct SMTPTimeouts: Sendable, Equatable {
    public var connect: Duration
    /// Greeting and every command.
    public var command: Duration
    /// From the final "." to the server's answer: servers scan the message then.
    public var dataEnd: Duration

    public static let standard = SMTPTimeouts(connect: .seconds(15), command: .seconds(60), dataEnd: .seconds(180))

    public init(connect: Duration, command: Duration, dataEnd: Duration) {
        self.connect = connect
        self.command = command
        self.dataEnd = dataEnd
    }
}

/// The extensions a server announced in its EHLO reply.
public struct SMTPCapabilities: Sendable, Equatable {
    public let keywords: [String: String]

    init(ehlo reply: SMTPReply) {
        var keywords: [String: String] = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            keywords[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
        self.keywords = keywords
    }

    public func supports(_ keyword: String) -> Bool { keywords[keyword.uppercased()] != nil }

    public var authMechanisms: Set<String> {
        Set((keywords["AUTH"] ?? "").split(separator: " ").map { $0.uppercased() })
    }

    /// The largest message the server takes, when it says (SIZE 0 means no stated limit).
    public var maximumSize: Int? {
        keywords["SIZE"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }
}

/// What the server did with one message.
public struct SMTPDelivery: Sendable, Equatable {
    public let acceptedRecipients: [String]
    /// Recipients the server refused, with its reply; the message went to the others.
    public let rejectedRecipients: [String: SMTPReply]
    /// The reply to the end of the message: usually carries the server's queue id.
    public let reply: SMTPReply
}
