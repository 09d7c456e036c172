import ReachJSON

/// The unified inbox (Saleshandy §12): the conversations Reach read from the user's mailboxes,
/// each received email classified (reply, auto-reply, bounce, unsubscribe request) with the
/// rule that decided, so the decision can be inspected and overruled.
public enum InboxAPI {
    public static let tag = "Unified Inbox"

    public static let kinds = ["reply", "auto_reply", "bounce", "unsubscribe_request"]
    public static let sentiments = ["Positive", "Negative", "Neutral", "Uncategorized"]

    public struct Person: Codable, Sendable, Equatable {
        public var email: String
        public var name: String?

        public init(email: String, name: String?) {
            self.email = email
            self.name = name
        }
    }

    public struct Reference: Codable, Sendable, Equatable {
        public var id: String
        public var email: String?
        public var title: String?

        public init(id: String, email: String? = nil, title: String? = nil) {
            self.id = id
            self.email = email
            self.title = title
        }
    }

    public struct Category: Codable, Sendable, Equatable {
        public var id: Int
        public var key: String
        public var name: String
        public var isDefault: Bool
        /// "1" positive, "2" negative, "3" neutral, as Saleshandy writes them.
        public var sentiment: String

        public init(id: Int, key: String, name: String, isDefault: Bool, sentiment: String) {
            self.id = id
            self.key = key
            self.name = name
            self.isDefault = isDefault
            self.sentiment = sentiment
        }

        public static let schema: JSONSchema = .component(
            name: "UniboxCategory",
            schema: .object([
                .required("id", .integer(minimum: 1)), .required("key", .string), .required("name", .string), .required("isDefault", .boolean),
                .required("sentiment", .string(oneOf: ["1", "2", "3"])),
            ]))
    }

    public struct Bounce: Codable, Sendable, Equatable {
        public var severity: String?
        public var status: String?
        public var address: String?

        public init(severity: String?, status: String?, address: String?) {
            self.severity = severity
            self.status = status
            self.address = address
        }
    }

    public struct Classification: Codable, Sendable, Equatable {
        public var type: String
        /// The rule that fired, in words.
        public var rule: String
        /// `rules` (Reach decided) or `user` (a person re-classified it).
        public var decidedBy: String
        public var returnDate: String?
        public var bounce: Bounce?

        public init(type: String, rule: String, decidedBy: String, returnDate: String?, bounce: Bounce?) {
            self.type = type
            self.rule = rule
            self.decidedBy = decidedBy
            self.returnDate = returnDate
            self.bounce = bounce
        }

        static let schema: JSONSchema = .object([
            .required("type", .string(oneOf: kinds)), .required("rule", .string), .required("decidedBy", .string(oneOf: ["rules", "user"])),
            .optional("returnDate", .nullable(.dateTime)),
            .optional("bounce", .nullable(.object([
                .optional("severity", .nullable(.string(oneOf: ["hard", "soft"]))), .optional("status", .nullable(.string)),
                .optional("address", .nullable(.string)),
            ]))),
        ])
    }

    public struct Content: Codable, Sendable, Equatable {
        public var html: String?
        public var text: String
        /// What the sender wrote, without the quoted history.
        public var newText: String

        public init(html: String?, text: String, newText: String) {
            self.html = html
            self.text = text
            self.newText = newText
        }
    }

    /// An email of a thread: received, sent from the inbox, or a sequence email (which has no
    /// stored content: the sequence's step renders it).
    public struct Email: Codable, Sendable, Equatable {
        public var id: String
        public var emailThreadId: String
        /// `received`, `sent` or `sequence`.
        public var direction: String
        public var messageId: String
        public var from: Person?
        public var to: [String]
        public var cc: [String]
        public var subject: String?
        public var snippet: String?
        public var occurredAt: String
        public var classification: Classification?
        public var stepId: String?
        public var content: Content?

        public init(
            id: String, emailThreadId: String, direction: String, messageId: String, from: Person?, to: [String], cc: [String], subject: String?,
            snippet: String?, occurredAt: String, classification: Classification?, stepId: String?, content: Content?
        ) {
            self.id = id
            self.emailThreadId = emailThreadId
            self.direction = direction
            self.messageId = messageId
            self.from = from
            self.to = to
            self.cc = cc
            self.subject = subject
            self.snippet = snippet
            self.occurredAt = occurredAt
            self.classification = classification
            self.stepId = stepId
            self.content = content
        }

        public static let schema: JSONSchema = .component(
            name: "InboxEmail",
            schema: .object([
                .required("id", .string), .required("emailThreadId", .string), .required("direction", .string(oneOf: ["received", "sent", "sequence"])),
                .required("messageId", .string), .optional("from", .nullable(.object([.required("email", .string), .optional("name", .nullable(.string))]))),
                .required("to", .array(of: .string)), .required("cc", .array(of: .string)), .optional("subject", .nullable(.string)),
                .optional("snippet", .nullable(.string)), .required("occurredAt", .dateTime), .optional("classification", .nullable(Classification.schema)),
                .optional("stepId", .nullable(.string)),
                .optional("content", .nullable(.object([
                    .optional("html", .nullable(.string)), .required("text", .string), .required("newText", .string),
                ]))),
            ]))
    }

    public struct Thread: Codable, Sendable, Equatable {
        public var id: String
        public var subject: String
        public var type: String
        public var category: Category
        public var isRead: Bool
        public var isArchived: Bool
        /// Why a person should look (the prospect asked to be removed), or null.
        public var reviewReason: String?
        public var lastMessageAt: String
        public var messageCount: Int?
        public var prospect: Reference?
        public var sequence: Reference?
        public var emailAccount: Reference
        public var latestEmail: Email?

        public init(
            id: String, subject: String, type: String, category: Category, isRead: Bool, isArchived: Bool, reviewReason: String?, lastMessageAt: String,
            messageCount: Int?, prospect: Reference?, sequence: Reference?, emailAccount: Reference, latestEmail: Email?
        ) {
            self.id = id
            self.subject = subject
            self.type = type
            self.category = category
            self.isRead = isRead
            self.isArchived = isArchived
            self.reviewReason = reviewReason
            self.lastMessageAt = lastMessageAt
            self.messageCount = messageCount
            self.prospect = prospect
            self.sequence = sequence
            self.emailAccount = emailAccount
            self.latestEmail = latestEmail
        }

        static let reference: JSONSchema = .object([.required("id", .string), .optional("email", .nullable(.string)), .optional("title", .nullable(.string))])

        public static let schema: JSONSchema = .component(
            name: "InboxThread",
            schema: .object([
                .required("id", .string), .required("subject", .string), .required("type", .string(oneOf: ["system", "external"])),
                .required("category", Category.schema), .required("isRead", .boolean), .required("isArchived", .boolean),
                .optional("reviewReason", .nullable(.string)), .required("lastMessageAt", .dateTime),
                .optional("messageCount", .nullable(.integer(minimum: 0))), .optional("prospect", .nullable(reference)),
                .optional("sequence", .nullable(reference)), .required("emailAccount", reference), .optional("latestEmail", .nullable(Email.schema)),
            ]))
    }

    public struct ThreadPage: Codable, Sendable, Equatable {
        public var emails: [Thread]
        public var meta: PageMeta

        public init(emails: [Thread], meta: PageMeta) {
            self.emails = emails
            self.meta = meta
        }
    }

    public struct Conversation: Codable, Sendable, Equatable {
        public var thread: Thread
        public var emails: [Email]

        public init(thread: Thread, emails: [Email]) {
            self.thread = thread
            self.emails = emails
        }
    }

    public struct UnreadCount: Codable, Sendable, Equatable {
        public var count: Int

        public init(count: Int) { self.count = count }
    }

    public struct Outcome: Codable, Sendable, Equatable {
        public var name: String
        public var isDefault: Bool

        public init(name: String, isDefault: Bool) {
            self.name = name
            self.isDefault = isDefault
        }
    }

    public struct OutcomePage: Codable, Sendable, Equatable {
        public var outcomes: [Outcome]
        public var meta: PageMeta

        public init(outcomes: [Outcome], meta: PageMeta) {
            self.outcomes = outcomes
            self.meta = meta
        }
    }

    public struct ListRequest: Codable, Sendable {
        public var page: Int
        public var limit: Int
        public var owners: [JSONValue]
        public var search: String?
        public var categoryIds: [JSONValue]?
        public var sentiment: String?
        public var sequenceIds: [JSONValue]?
        public var emailAccountIds: [JSONValue]?
        public var clientIds: [JSONValue]?
        public var startDate: String?
        public var endDate: String?
        public var isRead: Int?
        public var type: String?
        public var includeArchived: Bool?
    }

    public struct ReplyRequest: Codable, Sendable {
        public var content: String
        public var emailId: JSONValue
        public var emailThreadId: JSONValue
        public var templateId: JSONValue?
        public var unifiedScheduledId: JSONValue?
        public var to: [String]
        public var cc: [String]?
        public var bcc: [String]?
        public var attachmentIds: [JSONValue]?
    }

    public struct UpdateThreadRequest: Codable, Sendable {
        public var isRead: Bool?
        public var isArchived: Bool?
        public var category: JSONValue?
    }

    public struct ClassifyRequest: Codable, Sendable {
        public var type: String
    }

    static let threadID = Parameter.path("emailThreadId", .string(minLength: 1, maxLength: 64))
    static let emailID = Parameter.path("emailId", .string(minLength: 1, maxLength: 64))
    static let threadNotFound = DocumentedError(status: 404, code: 4004, message: "Email thread not found")
    static let emailNotFound = DocumentedError(status: 404, code: 4004, message: "Email not found in this thread")
    static let ids: JSONSchema = .array(of: .id, maxItems: 1_000)

    public static let list = APIOperation(
        id: "UnifiedInboxController_getEmailList", method: .post, path: "/v1/unified-inbox/emails", tag: tag,
        summary: "List inbox threads",
        description: """
            Threads, newest first. owners (user ids of the mailboxes' owners; empty for all), categoryIds (keys such as interested, \
            names or numeric ids from GET /v1/unibox/categories), sentiment (a category's sentiment; Uncategorized is the \
            uncategorized category), type system (in a sequence) or external (a prospect wrote first), isRead 0 or 1, startDate and \
            endDate (ISO 8601) on the latest message. limit at most 100. Archived threads are left out unless includeArchived (Reach).
            """,
        requestBody: .json(.object([
            .required("page", .integer(minimum: 1)), .required("limit", .integer(minimum: 1)), .required("owners", ids),
            .optional("search", .string(maxLength: 200)), .optional("categoryIds", ids), .optional("sentiment", .string(oneOf: sentiments)),
            .optional("sequenceIds", ids), .optional("emailAccountIds", ids), .optional("clientIds", ids),
            .optional("startDate", .dateTime), .optional("endDate", .dateTime), .optional("isRead", .integer(oneOf: [0, 1])),
            .optional("type", .string(oneOf: ["system", "external"])), .optional("includeArchived", .boolean),
        ])),
        response: .envelope(
            status: 200, message: "Successfully fetched email list",
            payload: .object([.required("emails", .array(of: Thread.schema)), .required("meta", PageMeta.schema)])),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid filter")])

    public static let thread = APIOperation(
        id: "UnifiedInboxController_getAllEmails", method: .get, path: "/v1/unified-inbox/emails/{emailThreadId}", tag: tag,
        summary: "Get an email thread",
        description: "The thread and its emails, oldest first: the sequence emails sent to the prospect, what they answered and the replies sent from the inbox.",
        parameters: [threadID],
        response: .envelope(
            status: 200, message: "Successfully fetched emails",
            payload: .object([.required("thread", Thread.schema), .required("emails", .array(of: Email.schema))])),
        errors: [threadNotFound])

    public static let email = APIOperation(
        id: "UnifiedInboxController_getEmailContentForSingleEmail", method: .get, path: "/v1/unified-inbox/emails/{emailThreadId}/{emailId}", tag: tag,
        summary: "Get one email's content", description: "A received or inbox-sent email with its HTML, text and the new text without quoted history.",
        parameters: [threadID, emailID],
        response: .envelope(status: 200, message: "Successfully fetched email content", payload: Email.schema),
        errors: [threadNotFound, emailNotFound])

    public static let reply = APIOperation(
        id: "UnifiedInboxController_replyOnEmail", method: .post, path: "/v1/unified-inbox/emails/reply", tag: tag,
        summary: "Reply to an email thread",
        description: """
            Sent over SMTP from the thread's mailbox as an answer to emailId (In-Reply-To, References, "Re:" subject), with the \
            mailbox's signature, then kept in the thread. content is HTML. templateId and unifiedScheduledId are accepted for \
            Saleshandy clients and not used. Attachments are not supported yet (400).
            """,
        requestBody: .json(.object([
            .required("content", .string(minLength: 1, maxLength: 500_000)), .required("emailId", .id), .required("emailThreadId", .id),
            .optional("templateId", .integer), .optional("unifiedScheduledId", .integer),
            .required("to", .array(of: .string(minLength: 3, maxLength: 254), minItems: 1, maxItems: 50)),
            .optional("cc", .array(of: .string(minLength: 3, maxLength: 254), maxItems: 50)),
            .optional("bcc", .array(of: .string(minLength: 3, maxLength: 254), maxItems: 50)),
            .optional("attachmentIds", .array(of: .id, maxItems: 20)),
        ])),
        response: .envelope(status: 200, message: "Reply sent successfully", payload: Email.schema),
        errors: [
            DocumentedError(status: 400, code: 1001, message: "Invalid reply"), DocumentedError(status: 400, code: 4000, message: "The reply was not sent"),
            DocumentedError(status: 400, code: 40201, message: "Email account is inactive"), threadNotFound,
        ])

    public static let unreadCount = APIOperation(
        id: "UnifiedInboxController_getAll", method: .get, path: "/v1/unified-inbox/unread-email-threads-count", tag: tag,
        summary: "Get the unread thread count", description: "Threads with an unread received email, archived ones left out.",
        response: .envelope(status: 200, message: "Successfully fetched unread email threads count", payload: .object([.required("count", .integer(minimum: 0))])),
        errors: [])

    public static let outcomes = APIOperation(
        id: "UnifiedInboxController_getFields", method: .get, path: "/v1/unified-inbox/outcome", tag: tag,
        summary: "List inbox outcomes",
        description: "category default: Reach's categories. custom: the other outcome names recorded with PATCH /v1/sequences/update-prospect-outcome.",
        parameters: [
            .query("category", .string(oneOf: ["custom", "default"]), required: true), .query("pageSize", .integer(minimum: 1)),
            .query("page", .integer(minimum: 1)),
        ],
        response: .envelope(
            status: 200, message: "Successfully fetched the outcomes",
            payload: .object([
                .required("outcomes", .array(of: .object([.required("name", .string), .required("isDefault", .boolean)]))),
                .required("meta", PageMeta.schema),
            ])),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch the outcome")])

    public static let categories = APIOperation(
        id: "UniboxController_getCategories", method: .get, path: "/v1/unibox/categories", tag: tag,
        summary: "List email reply categories",
        response: .envelope(status: 200, message: "Unibox categories fetched successfully", payload: .array(of: Category.schema)),
        errors: [])

    public static let updateThread = APIOperation(
        id: "ReachInbox_updateThread", method: .patch, path: "/v1/unified-inbox/emails/{emailThreadId}", tag: tag,
        summary: "Mark a thread read or unread, archive it, or set its category",
        description: "category is a key, name or numeric id from GET /v1/unibox/categories.",
        parameters: [threadID],
        requestBody: .json(.object([.optional("isRead", .boolean), .optional("isArchived", .boolean), .optional("category", .id)])),
        response: .envelope(status: 200, message: "Email thread updated successfully", payload: Thread.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid category"), threadNotFound], isExtension: true)

    public static let classify = APIOperation(
        id: "ReachInbox_classifyEmail", method: .put, path: "/v1/unified-inbox/emails/{emailThreadId}/{emailId}/classification", tag: tag,
        summary: "Re-classify a received email",
        description: """
            Overrules Reach's classification. Calling an email a reply (or unsubscribe_request) stops the prospect as a reply \
            would; calling a reply automatic puts the prospect back into the sequence where the reply had stopped them.
            """,
        parameters: [threadID, emailID],
        requestBody: .json(.object([.required("type", .string(oneOf: kinds))])),
        response: .envelope(status: 200, message: "Email classified successfully", payload: Email.schema),
        errors: [threadNotFound, emailNotFound], isExtension: true)

    public static let all = [list, thread, email, reply, unreadCount, outcomes, categories, updateThread, classify]
}
