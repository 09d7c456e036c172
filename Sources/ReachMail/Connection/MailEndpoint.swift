/// How a mail connection is protected. Shared by SMTP and IMAP, whose servers are configured
/// the same way.
public enum MailSecurity: String, Sendable {
    /// TLS from the first byte (SMTP 465, IMAP 993).
    case implicitTLS
    /// Plain text upgraded with STARTTLS before anything else (SMTP 587/25, IMAP 143); a server
    /// that does not offer it is refused, never silently used in the clear.
    case startTLS
    /// No encryption, for a server on a trusted network only.
    case none
    /// STARTTLS when the server offers it, plain text when it does not: how one MTA reaches
    /// another's MX (RFC 3207 §4). For recipient probes only, never a mailbox's own servers.
    case startTLSWhenOffered
}

/// How Reach proves who it is to a mail server.
public enum MailCredentials: Sendable, Equatable {
    case password(username: String, password: String)
    /// An OAuth 2 access token, sent as XOAUTH2.
    case oauth2(username: String, accessToken: String)

    var username: String {
        switch self {
        case .password(let username, _), .oauth2(let username, _): username
        }
    }

    /// The SASL PLAIN token: no authorisation identity, then the user and the password.
    static func plainToken(username: String, password: String) -> String {
        Base64.encode(Array("\0\(username)\0\(password)".utf8))
    }

    /// The XOAUTH2 initial response (Google's and Microsoft's form).
    static func xoauth2Token(username: String, accessToken: String) -> String {
        Base64.encode(Array("user=\(username)\u{1}auth=Bearer \(accessToken)\u{1}\u{1}".utf8))
    }
}
