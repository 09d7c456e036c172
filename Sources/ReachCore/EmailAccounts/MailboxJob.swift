import Foundation

/// A bulk connect or reconnect, run in the background: each mailbox is checked against its
/// servers, which takes seconds, so the request answers with the job's id at once.
public struct MailboxJob: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "email-account-job")

    public enum Kind: String, Sendable {
        case connect, reconnect
    }

    public let id: MailboxJobID
    public let accountID: AccountID
    public let userID: UserID
    public let kind: Kind
    /// For connect: the mailboxes to add, as JSON sealed by `SecretBox` (it holds passwords).
    /// For reconnect: the ids of the mailboxes, comma-separated.
    public let payload: String
    public let totalItems: Int
    public let results: [MailboxJobResult]
    public let isCompleted: Bool
    public let createdAt: Date
    public let completedAt: Date?

    public init(
        id: MailboxJobID, accountID: AccountID, userID: UserID, kind: Kind, payload: String, totalItems: Int, results: [MailboxJobResult],
        isCompleted: Bool, createdAt: Date, completedAt: Date?
    ) {
        self.id = id
        self.accountID = accountID
        self.userID = userID
        self.kind = kind
        self.payload = payload
        self.totalItems = totalItems
        self.results = results
        self.isCompleted = isCompleted
        self.createdAt = createdAt
        self.completedAt = completedAt
    }
}

public typealias MailboxJobID = EntityID<MailboxJob>

public struct NewMailboxJob: Sendable {
    public let userID: UserID
    public let kind: MailboxJob.Kind
    public let payload: String
    public let totalItems: Int

    public init(userID: UserID, kind: MailboxJob.Kind, payload: String, totalItems: Int) {
        self.userID = userID
        self.kind = kind
        self.payload = payload
        self.totalItems = totalItems
    }
}

/// One line of a job's report.
public struct MailboxJobResult: Sendable, Equatable, Codable {
    public let row: Int
    public let email: String
    /// connected, saved-not-verified, or failed.
    public let outcome: String
    public let smtpError: String?
    public let imapError: String?
    public let error: String?

    public init(row: Int, email: String, outcome: String, smtpError: String?, imapError: String?, error: String?) {
        self.row = row
        self.email = email
        self.outcome = outcome
        self.smtpError = smtpError
        self.imapError = imapError
        self.error = error
    }

    /// The report as CSV (RFC 4180), one line per mailbox.
    public static func csv(_ results: [MailboxJobResult]) -> String {
        CSV.document(
            header: ["row", "email", "outcome", "smtp_error", "imap_error", "error"],
            rows: results.sorted(by: { $0.row < $1.row }).map { [String($0.row), $0.email, $0.outcome, $0.smtpError, $0.imapError, $0.error] })
    }
}
