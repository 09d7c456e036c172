import ReachJSON

/// The mailboxes a sequence sends from, and its test emails (Saleshandy §5.12–5.15).
public enum SequenceMailboxesAPI {
    public static let tag = "Sequences"

    /// Saleshandy's bare shape: the sequence's link record with its mailboxes under `emailAccount`.
    public struct Links: Codable, Sendable, Equatable {
        public var id: String
        public var sequenceId: String
        public var createdAt: String
        @ExplicitNull public var deletedAt: String?
        public var emailAccount: [EmailAccountsAPI.EmailAccount]

        public init(id: String, sequenceId: String, createdAt: String, emailAccount: [EmailAccountsAPI.EmailAccount]) {
            self.id = id
            self.sequenceId = sequenceId
            self.createdAt = createdAt
            self.deletedAt = nil
            self.emailAccount = emailAccount
        }
    }

    public struct TestEmailRequest: Codable, Sendable {
        public var to: [String]
        public var fromEmailAccountId: JSONValue
        public var subject: String
        public var content: String
        public var preheader: String?

        public init(to: [String], fromEmailAccountId: String, subject: String, content: String, preheader: String? = nil) {
            self.to = to
            self.fromEmailAccountId = .string(fromEmailAccountId)
            self.subject = subject
            self.content = content
            self.preheader = preheader
        }
    }

    static let sequenceNotFound = DocumentedError(status: 400, code: 40100, message: "Sequence is not found")

    public static let list = APIOperation(
        id: "SequenceController_sequenceEmailAccountList", method: .get, path: "/v1/sequences/{sequenceId}/email-accounts", tag: tag,
        summary: "List a sequence's sending accounts",
        description: "A bare object, as Saleshandy answers: id and sequenceId are the sequence's, createdAt when its first mailbox was attached.",
        parameters: [.path("sequenceId")],
        response: .bare(status: 200, schema: .object([
            .required("id", .string), .required("sequenceId", .string), .required("createdAt", .dateTime), .required("deletedAt", .nullable(.dateTime)),
            .required("emailAccount", .array(of: EmailAccountsAPI.EmailAccount.schema)),
        ])),
        errors: [sequenceNotFound])

    public static let add = APIOperation(
        id: "SequenceController_addEmailAccountToSequence", method: .post, path: "/v1/sequences/{sequenceId}/email-accounts/add", tag: tag,
        summary: "Add email accounts to a sequence",
        description: "All or nothing; up to 50 per call. Each mailbox must be active and not attached already.",
        parameters: [.path("sequenceId")],
        requestBody: .json(.object([.required("emailAccountIds", .array(of: .id, minItems: 1, maxItems: 1000))])),
        response: .envelope(status: 200, message: "Email accounts added to the sequence", payload: .nullable(.any)),
        errors: [
            sequenceNotFound,
            DocumentedError(status: 400, code: 40105, message: "Email account is already attached to this sequence"),
            DocumentedError(status: 400, code: 40200, message: "Email account is not found"),
            DocumentedError(status: 400, code: 40201, message: "Email account is inactive"),
            DocumentedError(
                status: 413, code: 40003, message: "The maximum email account limit has been exceeded. You can add up to 50 email accounts at a time"),
        ])

    public static let remove = APIOperation(
        id: "SequenceController_removeEmailAccountFromSequence", method: .post, path: "/v1/sequences/{sequenceId}/email-accounts/remove", tag: tag,
        summary: "Remove email accounts from a sequence",
        description: "All or nothing: every id must be attached to the sequence.",
        parameters: [.path("sequenceId")],
        requestBody: .json(.object([.required("emailAccountIds", .array(of: .id, minItems: 1, maxItems: 1000))])),
        response: .envelope(status: 200, message: "Email accounts removed from the sequence", payload: .nullable(.any)),
        errors: [sequenceNotFound, DocumentedError(status: 400, code: 40200, message: "Email account is not found")])

    public static let testEmail = APIOperation(
        id: "SequenceController_sendTestEmail", method: .post, path: "/v1/sequences/{sequenceId}/test-email", tag: tag,
        summary: "Send a test email",
        description: """
            Renders subject, content and preheader with the same renderer as real sends (merge tags take the first recipient's \
            values when they are a prospect, else their fallbacks; sender tags the mailbox's) and sends it for real from the mailbox, \
            which must be attached to the sequence and active.
            """,
        parameters: [.path("sequenceId")],
        requestBody: .json(.object([
            .required("to", .array(of: .string(minLength: 3, maxLength: 254, format: .email), minItems: 1, maxItems: 10)),
            .required("fromEmailAccountId", .id),
            .required("subject", .string(minLength: 1, maxLength: 1000)),
            .required("content", .string(minLength: 1, maxLength: 100_000)),
            .optional("preheader", .string(maxLength: 1000)),
        ])),
        response: .envelope(status: 200, message: "Test email sent successfully", payload: .nullable(.any)),
        errors: [
            sequenceNotFound,
            DocumentedError(status: 400, code: 1001, message: "Please connect email account with this sequence"),
            DocumentedError(status: 400, code: 40201, message: "Email account is inactive"),
        ])

    public static let all = [list, add, remove, testEmail]
}
