/// Why an IMAP operation failed: the stage, the server's own answer when it gave one, and
/// whether trying later may work.
public struct IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: String, Sendable {
        case connect, greeting, startTLS, tls, authentication, command, idle, logout
    }

    public enum Kind: Sendable, Equatable {
        /// The server answered NO or BAD (or BYE) to the command.
        case rejected(IMAPStatusResponse)
        case timedOut
        case connectionFailed(String)
        case tlsFailed(String)
        /// The server lacks what the configuration requires (STARTTLS, an AUTH method).
        case unsupported(String)
        case protocolViolation(String)
    }

    public let stage: Stage
    public let kind: Kind

    public init(stage: Stage, kind: Kind) {
        self.stage = stage
        self.kind = kind
    }

    /// Wrong user name or password, as opposed to a server that is down.
    public var isAuthenticationFailure: Bool {
        guard stage == .authentication, case .rejected(let response) = kind else { return false }
        return response.status == .no || response.codeName == "AUTHENTICATIONFAILED"
    }

    /// Timeouts, lost connections and the codes RFC 5530 marks as passing (UNAVAILABLE, INUSE,
    /// SERVERBUG) may work later; refusals, TLS and configuration problems will not.
    public var isTransient: Bool {
        switch kind {
        case .timedOut, .connectionFailed: true
        case .rejected(let response): ["UNAVAILABLE", "INUSE", "SERVERBUG", "LIMIT"].contains(response.codeName ?? "")
        case .tlsFailed, .unsupported, .protocolViolation: false
        }
    }

    public var description: String {
        switch kind {
        case .rejected(let response): "\(stage.rawValue): the server answered \(response)"
        case .timedOut: "\(stage.rawValue): the server did not answer in time"
        case .connectionFailed(let reason): "\(stage.rawValue): connection failed: \(reason)"
        case .tlsFailed(let reason): "\(stage.rawValue): TLS failed: \(reason)"
        case .unsupported(let what): "\(stage.rawValue): the server does not offer \(what)"
        case .protocolViolation(let what): "\(stage.rawValue): protocol error: \(what)"
        }
    }
}
