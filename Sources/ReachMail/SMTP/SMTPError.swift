/// Why sending failed, with what a caller needs to decide: the stage, the server's own words,
/// and whether trying later may work.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: String, Sendable {
        case connect, greeting, hello, startTLS, tls, authentication, sender, recipient, data, message, quit
    }

    public enum Kind: Sendable, Equatable {
        /// The server answered with this reply.
        case rejected(SMTPReply)
        /// No answer within the stage's time limit.
        case timedOut
        /// The connection could not be made or was lost.
        case connectionFailed(String)
        /// The TLS handshake failed (certificate not trusted, wrong host name, protocol).
        case tlsFailed(String)
        /// The server does not offer what the configuration requires (STARTTLS, an AUTH method).
        case unsupported(String)
        /// The server spoke something that is not SMTP.
        case protocolViolation(String)
    }

    public let stage: Stage
    public let kind: Kind

    public init(stage: Stage, kind: Kind) {
        self.stage = stage
        self.kind = kind
    }

    /// Whether the same message may succeed later: 4xx replies, timeouts and lost connections.
    /// 5xx replies, TLS and configuration problems will fail again the same way.
    public var isTransient: Bool {
        switch kind {
        case .rejected(let reply): reply.isTransient
        case .timedOut, .connectionFailed: true
        case .tlsFailed, .unsupported, .protocolViolation: false
        }
    }

    public var reply: SMTPReply? {
        if case .rejected(let reply) = kind { return reply }
        return nil
    }

    public var description: String {
        switch kind {
        case .rejected(let reply): "\(stage.rawValue): the server answered \(reply)"
        case .timedOut: "\(stage.rawValue): the server did not answer in time"
        case .connectionFailed(let reason): "\(stage.rawValue): connection failed: \(reason)"
        case .tlsFailed(let reason): "\(stage.rawValue): TLS failed: \(reason)"
        case .unsupported(let what): "\(stage.rawValue): the server does not offer \(what)"
        case .protocolViolation(let what): "\(stage.rawValue): protocol error: \(what)"
        }
    }
}
