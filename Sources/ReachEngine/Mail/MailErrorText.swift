import ReachMail

/// Mail errors in words a user can act on.
enum MailErrorText {
    static func smtp(_ error: SMTPError) -> String {
        switch (error.stage, error.kind) {
        case (.authentication, .rejected(let reply)): "SMTP login failed: the server answered \(reply). Check the user name and password (an app password where the provider requires one)."
        case (_, .tlsFailed(let reason)): "SMTP TLS failed (\(reason)). Check the host, port and encryption."
        case (.connect, .connectionFailed(let reason)): "SMTP connection failed (\(reason)). Check the host and port."
        case (_, .timedOut): "The SMTP server did not answer in time during \(error.stage.rawValue)."
        default: "SMTP \(error.description)"
        }
    }

    static func imap(_ error: IMAPError) -> String {
        if error.isAuthenticationFailure, case .rejected(let response) = error.kind {
            return "IMAP login failed: the server answered \(response). Check the user name and password (an app password where the provider requires one)."
        }
        switch (error.stage, error.kind) {
        case (_, .tlsFailed(let reason)): return "IMAP TLS failed (\(reason)). Check the host, port and encryption."
        case (.connect, .connectionFailed(let reason)): return "IMAP connection failed (\(reason)). Check the host and port."
        case (_, .timedOut): return "The IMAP server did not answer in time during \(error.stage.rawValue)."
        default: return "IMAP \(error.description)"
        }
    }
}
