import ReachJSON

/// Sending mailboxes (Saleshandy §9) and Reach's extensions for one mailbox.
public enum EmailAccountsAPI {
    public static let tag = "Email accounts"

    /// A mailbox as Saleshandy's lists show it, plus where its servers are (never a password)
    /// and what the last connection check said.
    public struct EmailAccount: Codable, Sendable, Equatable {
        public var id: String
        public var userId: String
        public var fromName: String
        public var fromEmail: String
        public var fromFirstName: String
        public var fromLastName: String
        /// 3: an SMTP/IMAP mailbox, the only type Reach connects.
        public var type: Int
        /// 0 inactive (disconnected), 1 active, 2 suspended (paused).
        public var status: Int
        public var isDefault: Bool
        @ExplicitNull public var lastConnectedAt: String?
        public var createdAt: String
        public var modifiedAt: String
        @ExplicitNull public var deletedAt: String?
        public var emailServiceProvider: String
        public var healthScore: Int
        public var settings: [Setting]
        public var user: UserName
        public var sequences: [SequenceReference]
        @ExplicitNull public var client: SequencesAPI.ClientReference?
        public var smtp: Server
        public var imap: Server
        public var smtpConnection: Connection
        public var imapConnection: Connection

        public init(
            id: String, userId: String, fromName: String, fromEmail: String, fromFirstName: String, fromLastName: String, status: Int,
            lastConnectedAt: String?, createdAt: String, modifiedAt: String, emailServiceProvider: String, healthScore: Int, settings: [Setting],
            user: UserName, sequences: [SequenceReference], client: SequencesAPI.ClientReference?, smtp: Server, imap: Server,
            smtpConnection: Connection, imapConnection: Connection
        ) {
            self.id = id
            self.userId = userId
            self.fromName = fromName
            self.fromEmail = fromEmail
            self.fromFirstName = fromFirstName
            self.fromLastName = fromLastName
            self.type = 3
            self.status = status
            self.isDefault = false
            self.lastConnectedAt = lastConnectedAt
            self.createdAt = createdAt
            self.modifiedAt = modifiedAt
            self.deletedAt = nil
            self.emailServiceProvider = emailServiceProvider
            self.healthScore = healthScore
            self.settings = settings
            self.user = user
            self.sequences = sequences
            self.client = client
            self.smtp = smtp
            self.imap = imap
            self.smtpConnection = smtpConnection
            self.imapConnection = imapConnection
        }

        public static let schema: JSONSchema = .component(
            name: "EmailAccount",
            schema: .object([
                .required("id", .string), .required("userId", .string), .required("fromName", .string), .required("fromEmail", .string),
                .required("fromFirstName", .string), .required("fromLastName", .string),
                .required("type", .integer(oneOf: [3]), "3 = SMTP/IMAP mailbox"),
                .required("status", .integer(oneOf: [0, 1, 2]), "0 inactive (disconnected), 1 active, 2 suspended (paused)"),
                .required("isDefault", .boolean),
                .required("lastConnectedAt", .nullable(.dateTime)), .required("createdAt", .dateTime), .required("modifiedAt", .dateTime),
                .required("deletedAt", .nullable(.dateTime)),
                .required("emailServiceProvider", .string(oneOf: providers)),
                .required("healthScore", .integer(minimum: 0, maximum: 100)),
                .required("settings", .array(of: Setting.schema)),
                .required("user", .object([.required("firstName", .string), .required("lastName", .string)])),
                .required("sequences", .array(of: SequenceReference.schema)),
                .required("client", .nullable(SequencesAPI.ClientReference.schema)),
                .required("smtp", Server.schema), .required("imap", Server.schema),
                .required("smtpConnection", Connection.schema), .required("imapConnection", Connection.schema),
            ]))
    }

    public static let providers = ["gmail", "microsoft", "gsuite", "o365", "yahoo", "zoho", "godaddy", "yandex", "sendgrid", "other"]

    /// One setting, as Saleshandy lists them: `daily-sending-limit`, `available-quota`,
    /// `min-interval`, `max-interval`, `ramp-up-status`, `ramp-up-initial-limit`,
    /// `ramp-up-percent`, `signature`, `bcc`. Values are strings.
    public struct Setting: Codable, Sendable, Equatable {
        public var id: String
        public var emailAccountId: String
        public var code: String
        public var value: String
        public var modifiedAt: String

        public init(id: String, emailAccountId: String, code: String, value: String, modifiedAt: String) {
            self.id = id
            self.emailAccountId = emailAccountId
            self.code = code
            self.value = value
            self.modifiedAt = modifiedAt
        }

        public static let schema: JSONSchema = .component(
            name: "EmailAccountSetting",
            schema: .object([
                .required("id", .string), .required("emailAccountId", .string), .required("code", .string), .required("value", .string),
                .required("modifiedAt", .dateTime),
            ]))
    }

    public struct UserName: Codable, Sendable, Equatable {
        public var firstName: String
        public var lastName: String

        public init(firstName: String, lastName: String) {
            self.firstName = firstName
            self.lastName = lastName
        }
    }

    public struct SequenceReference: Codable, Sendable, Equatable {
        public var id: String
        public var title: String

        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }

        public static let schema: JSONSchema = .object([.required("id", .string), .required("title", .string)])
    }

    public struct Server: Codable, Sendable, Equatable {
        public var host: String
        public var port: Int
        /// SSL (TLS from the first byte), TLS (STARTTLS) or NONE.
        public var encryption: String
        public var userName: String

        public init(host: String, port: Int, encryption: String, userName: String) {
            self.host = host
            self.port = port
            self.encryption = encryption
            self.userName = userName
        }

        public static let schema: JSONSchema = .object([
            .required("host", .string), .required("port", .integer(minimum: 1, maximum: 65535)),
            .required("encryption", .string(oneOf: ["SSL", "TLS", "NONE"])), .required("userName", .string),
        ])
    }

    public struct Connection: Codable, Sendable, Equatable {
        public var isConnected: Bool
        @ExplicitNull public var error: String?

        public init(isConnected: Bool, error: String?) {
            self.isConnected = isConnected
            self.error = error
        }

        public static let schema: JSONSchema = .object([.required("isConnected", .boolean), .required("error", .nullable(.string))])
    }

    public struct ListPayload: Codable, Sendable, Equatable {
        public var connectedEmailsCount: Int
        public var disconnectedEmailsCount: Int
        public var emails: [EmailAccount]
        public var meta: PageMeta

        public init(connectedEmailsCount: Int, disconnectedEmailsCount: Int, emails: [EmailAccount], meta: PageMeta) {
            self.connectedEmailsCount = connectedEmailsCount
            self.disconnectedEmailsCount = disconnectedEmailsCount
            self.emails = emails
            self.meta = meta
        }
    }

    public enum SortKey: String, Codable, Sendable, CaseIterable {
        case createdDate = "created-date"
        case healthScore = "health-score"
        case remainingQuota = "remaining-quota"
        case clientFirstName
    }

    public struct ListRequest: Codable, Sendable {
        public var search: String?
        public var pageSize: Int?
        public var page: Int?
        public var sortByKey: SortKey?
        public var sort: SortOrder?
        public var sequenceIds: [JSONValue]?
        public var clientIds: [JSONValue]?
        public var addedBy: [JSONValue]?
        public var status: Int?
        public var emailServiceProvider: [String]?

        public init(search: String? = nil, page: Int? = nil, pageSize: Int? = nil, status: Int? = nil) {
            self.search = search
            self.page = page
            self.pageSize = pageSize
            self.status = status
        }
    }

    public struct BulkUpdateRequest: Codable, Sendable {
        public var emailAccountIds: [JSONValue]
        public var senderFirstName: String
        public var senderLastName: String?
        public var dailyQuota: Int?
        public var bcc: String?
        public var signatureHtml: String?
        public var sendingIntervalMin: Int?
        public var sendingIntervalMax: Int?
        public var rampUpInitialSendingLimit: Int?
        public var rampUpPercent: Int?
        /// Null detaches from any client; absent leaves the client as it is.
        public var clientId: JSONValue?
    }

    /// One mailbox of a bulk connect, in Saleshandy's flat form.
    public struct BulkConnectItem: Codable, Sendable {
        public var emailServiceProvider: String
        public var fromName: String?
        public var fromFirstName: String
        public var fromLastName: String?
        public var smtpEmailAddress: String
        public var smtpUserName: String?
        public var smtpPassword: String
        public var smtpHost: String
        public var smtpPort: JSONValue
        public var smtpEncryption: String
        public var imapEmailAddress: String
        public var imapUserName: String?
        public var imapPassword: String
        public var imapHost: String
        public var imapPort: JSONValue
        public var imapEncryption: String
    }

    public struct ServerRequest: Codable, Sendable {
        public var emailAddress: String
        public var userName: String?
        public var password: String
        public var host: String
        public var port: JSONValue
        public var encryption: String

        public init(emailAddress: String, userName: String? = nil, password: String, host: String, port: Int, encryption: String) {
            self.emailAddress = emailAddress
            self.userName = userName
            self.password = password
            self.host = host
            self.port = .integer(Int64(port))
            self.encryption = encryption
        }
    }

    public struct ConnectRequest: Codable, Sendable {
        public struct Servers: Codable, Sendable {
            public var smtp: ServerRequest
            public var imap: ServerRequest

            public init(smtp: ServerRequest, imap: ServerRequest) {
                self.smtp = smtp
                self.imap = imap
            }
        }

        public var emailServiceProvider: String
        public var fromName: String
        public var fromFirstName: String
        public var fromLastName: String
        public var payload: Servers

        public init(emailServiceProvider: String, fromName: String, fromFirstName: String, fromLastName: String, payload: Servers) {
            self.emailServiceProvider = emailServiceProvider
            self.fromName = fromName
            self.fromFirstName = fromFirstName
            self.fromLastName = fromLastName
            self.payload = payload
        }
    }

    public struct IDsRequest: Codable, Sendable {
        public var emailAccountIds: [JSONValue]

        public init(emailAccountIds: [String]) {
            self.emailAccountIds = emailAccountIds.map(JSONValue.string)
        }
    }

    public struct JobStarted: Codable, Sendable, Equatable {
        public var requestId: String

        public init(requestId: String) {
            self.requestId = requestId
        }
    }

    public struct JobStatus: Codable, Sendable, Equatable {
        public var isCompleted: Bool
        public var reportURL: String
        public var totalCount: Int
        public var processedCount: Int
        public var connectedCount: Int
        public var failedCount: Int

        public init(isCompleted: Bool, reportURL: String, totalCount: Int, processedCount: Int, connectedCount: Int, failedCount: Int) {
            self.isCompleted = isCompleted
            self.reportURL = reportURL
            self.totalCount = totalCount
            self.processedCount = processedCount
            self.connectedCount = connectedCount
            self.failedCount = failedCount
        }
    }

    public struct Health: Codable, Sendable, Equatable {
        public struct Finding: Codable, Sendable, Equatable {
            public var check: String
            public var verdict: String
            public var detail: String
            public var points: Int
            public var weight: Int

            public init(check: String, verdict: String, detail: String, points: Int, weight: Int) {
                self.check = check
                self.verdict = verdict
                self.detail = detail
                self.points = points
                self.weight = weight
            }
        }

        public var emailAccountId: String
        public var domain: String
        public var healthScore: Int
        public var findings: [Finding]

        public init(emailAccountId: String, domain: String, healthScore: Int, findings: [Finding]) {
            self.emailAccountId = emailAccountId
            self.domain = domain
            self.healthScore = healthScore
            self.findings = findings
        }
    }

    static let serverSchema: JSONSchema = .object([
        .required("emailAddress", .string(minLength: 3, maxLength: 254, format: .email)),
        .optional("userName", .string(maxLength: 254), "Defaults to the email address"),
        .required("password", .string(minLength: 1, maxLength: 1000)),
        .required("host", .string(minLength: 1, maxLength: 253)),
        .required("port", port),
        .required("encryption", encryption),
    ])

    static let port: JSONSchema = .anyOf([.integer(minimum: 1, maximum: 65535), .string(minLength: 1, maxLength: 5)])
    static let encryption: JSONSchema = .string(
        minLength: 1, maxLength: 8, description: "SSL (TLS from the first byte: 465, 993), TLS (STARTTLS: 587, 143) or NONE; any case")

    static let bulkConnectItem: JSONSchema = .object([
        .required("emailServiceProvider", .string(oneOf: providers)),
        .optional("fromName", .string(maxLength: 100)),
        .required("fromFirstName", .string(minLength: 1, maxLength: 50)),
        .optional("fromLastName", .string(maxLength: 50)),
        .required("smtpEmailAddress", .string(minLength: 3, maxLength: 254, format: .email)),
        .optional("smtpUserName", .string(maxLength: 254)),
        .required("smtpPassword", .string(minLength: 1, maxLength: 1000)),
        .required("smtpHost", .string(minLength: 1, maxLength: 253)),
        .required("smtpPort", port),
        .required("smtpEncryption", encryption),
        .required("imapEmailAddress", .string(minLength: 3, maxLength: 254, format: .email)),
        .optional("imapUserName", .string(maxLength: 254)),
        .required("imapPassword", .string(minLength: 1, maxLength: 1000)),
        .required("imapHost", .string(minLength: 1, maxLength: 253)),
        .required("imapPort", port),
        .required("imapEncryption", encryption),
    ])

    static let idList: JSONSchema = .array(of: .id, minItems: 1, maxItems: 1000)

    public static let list = APIOperation(
        id: "EmailAccountController_getEmailAccounts", method: .post, path: "/v1/email-accounts", tag: tag,
        summary: "List sending email accounts",
        description: "POST, as in Saleshandy. The list is at payload.emails; the counts cover the whole account. pageSize defaults to 25, at most 100.",
        requestBody: .json(.object([
            .optional("search", .string(maxLength: 200), "Matches the address or the sender name"),
            .optional("pageSize", .integer(minimum: 1)),
            .optional("page", .integer(minimum: 1)),
            .optional("sortByKey", .string(oneOf: SortKey.allCases.map(\.rawValue))),
            .optional("sort", SortOrder.schema),
            .optional("sequenceIds", .array(of: .id, maxItems: 1000)),
            .optional("clientIds", .array(of: .id, maxItems: 1000)),
            .optional("addedBy", .array(of: .id, maxItems: 1000)),
            .optional("status", .integer(oneOf: [0, 1, 2])),
            .optional("emailServiceProvider", .array(of: .string(oneOf: providers), maxItems: 20)),
        ])),
        response: .envelope(
            status: 200, message: "Email accounts fetched successfully",
            payload: .object([
                .required("connectedEmailsCount", .integer(minimum: 0)), .required("disconnectedEmailsCount", .integer(minimum: 0)),
                .required("emails", .array(of: EmailAccount.schema)), .required("meta", PageMeta.schema),
            ])),
        errors: [
            DocumentedError(status: 400, code: 40107, message: "The sequence input is invalid. Please check and try again."),
            DocumentedError(status: 400, code: 40202, message: "The client input is invalid. Please check and try again."),
            DocumentedError(status: 400, code: 40203, message: "The addedBy input is invalid. Please check and try again."),
        ])

    public static let bulkUpdate = APIOperation(
        id: "EmailAccountController_updateEmailAccounts", method: .post, path: "/v1/email-accounts/bulk-update", tag: tag,
        summary: "Update sending accounts in bulk",
        description: """
            All or nothing. A ramp-up starts when rampUpInitialSendingLimit or rampUpPercent is given and stops with rampUpPercent 0; \
            clientId null detaches the mailboxes from their client.
            """,
        requestBody: .json(.object([
            .required("emailAccountIds", idList),
            .required("senderFirstName", .string(minLength: 1, maxLength: 50)),
            .optional("senderLastName", .string(maxLength: 50)),
            .optional("dailyQuota", .integer(minimum: 1, maximum: 2000)),
            .optional("bcc", .string(maxLength: 2000), "Comma-separated addresses; empty clears"),
            .optional("signatureHtml", .string(maxLength: 10000)),
            .optional("sendingIntervalMin", .integer(minimum: 1, maximum: 86400), "Seconds"),
            .optional("sendingIntervalMax", .integer(minimum: 1, maximum: 86400), "Seconds"),
            .optional("rampUpInitialSendingLimit", .integer(minimum: 1, maximum: 2000)),
            .optional("rampUpPercent", .integer(minimum: 0, maximum: 100)),
            .optional("clientId", .nullable(.id)),
        ])),
        response: .envelope(status: 200, message: "Successfully updated email accounts", payload: .nullable(.any)),
        errors: [
            DocumentedError(status: 400, code: 40204, message: "The email account input is invalid. Please check and try again."),
            DocumentedError(status: 400, code: 40202, message: "The client input is invalid. Please check and try again."),
        ])

    public static let connect = APIOperation(
        id: "EmailAccountController_addEmailAccounts", method: .post, path: "/v1/email-accounts/connect", tag: tag,
        summary: "Connect SMTP/IMAP email accounts in bulk (asynchronous)",
        description: "The body is a JSON array. Each mailbox is checked and saved in the background; poll the status with the requestId.",
        requestBody: .json(.array(of: bulkConnectItem, minItems: 1, maxItems: 1000)),
        response: .envelope(status: 200, message: "Email accounts connect request accepted", payload: .object([.required("requestId", .string)])),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid input")])

    public static let connectStatus = APIOperation(
        id: "EmailAccountController_getEmailAccountsConnectStatus", method: .get, path: "/v1/email-accounts/connect/status/{requestId}", tag: tag,
        summary: "Status of a connect or reconnect request",
        description: "reportURL is a signed link to the CSV report (row, email, outcome, smtp_error, imap_error, error), valid for 7 days.",
        parameters: [.path("requestId")],
        response: .envelope(
            status: 200, message: "Email account connect status fetched successfully",
            payload: .object([
                .required("isCompleted", .boolean), .required("reportURL", .string(format: .uri)),
                .required("totalCount", .integer(minimum: 0)), .required("processedCount", .integer(minimum: 0)),
                .required("connectedCount", .integer(minimum: 0)), .required("failedCount", .integer(minimum: 0)),
            ])),
        errors: [DocumentedError(status: 400, code: 40000, message: "Email Account connect request not found")])

    public static let connectReport = APIOperation(
        id: "ReachController_getEmailAccountsConnectReport", method: .get, path: "/v1/email-accounts/connect/status/{requestId}/report", tag: tag,
        summary: "Report of a connect or reconnect request (CSV)",
        description: "Open with the x-api-key header, or with the signed link the status gives.",
        parameters: [.path("requestId"), .query("expires", .integer), .query("signature", .string)],
        response: .text(status: 200, contentType: "text/csv; charset=utf-8"),
        errors: [DocumentedError(status: 400, code: 40000, message: "Email Account connect request not found")],
        isExtension: true, authentication: .apiKeyOrSignedLink)

    public static let reconnect = APIOperation(
        id: "EmailAccountController_reconnectEmailAccounts", method: .post, path: "/v1/email-accounts/reconnect", tag: tag,
        summary: "Reconnect email accounts (asynchronous)",
        description: "Checks the mailboxes' servers again in the background; poll the status with the requestId.",
        requestBody: .json(.object([.required("emailAccountIds", idList)])),
        response: .envelope(status: 200, message: "Email accounts reconnect request accepted", payload: .object([.required("requestId", .string)])),
        errors: [DocumentedError(status: 400, code: 40204, message: "The email account input is invalid. Please check and try again.")])

    public static let connectOne = APIOperation(
        id: "EmailAccountController_connectEmailAccount", method: .post, path: "/v1/email-accounts/smtp-imap/connect", tag: tag,
        summary: "Connect one SMTP/IMAP email account",
        description: """
            Logs in to both servers, then saves the mailbox either way: status 1 when both accepted it, 0 with \
            smtpConnection.error and imapConnection.error when not. The passwords are stored encrypted and never returned.
            """,
        requestBody: .json(.object([
            .required("emailServiceProvider", .string(oneOf: providers)),
            .required("fromName", .string(maxLength: 100)),
            .required("fromFirstName", .string(minLength: 1, maxLength: 50)),
            .required("fromLastName", .string(maxLength: 50)),
            .required("payload", .object([.required("smtp", serverSchema), .required("imap", serverSchema)])),
        ])),
        response: .envelope(status: 200, message: "Email account connected", payload: EmailAccount.schema),
        errors: [
            DocumentedError(status: 400, code: 4000, message: "Failed to connect email account"),
            DocumentedError(status: 409, code: 1001, message: "Email account already exists"),
        ])

    static let notFound = DocumentedError(status: 404, code: 40200, message: "Email account not found")

    public static let get = APIOperation(
        id: "ReachController_getEmailAccount", method: .get, path: "/v1/email-accounts/{emailAccountId}", tag: tag,
        summary: "Get one email account",
        parameters: [.path("emailAccountId")],
        response: .envelope(status: 200, message: "Email account fetched successfully", payload: EmailAccount.schema),
        errors: [notFound], isExtension: true)

    public static let delete = APIOperation(
        id: "ReachController_deleteEmailAccount", method: .delete, path: "/v1/email-accounts/{emailAccountId}", tag: tag,
        summary: "Disconnect and delete an email account",
        description: "Its passwords are erased and it leaves its sequences; what it sent stays in the history and analytics.",
        parameters: [.path("emailAccountId")],
        response: .envelope(status: 200, message: "Email account deleted successfully", payload: .nullable(.any)),
        errors: [notFound], isExtension: true)

    public static let pause = APIOperation(
        id: "ReachController_pauseEmailAccount", method: .post, path: "/v1/email-accounts/{emailAccountId}/pause", tag: tag,
        summary: "Pause an email account",
        description: "Status 2: nothing is sent from it until it is resumed.",
        parameters: [.path("emailAccountId")],
        response: .envelope(status: 200, message: "Email account paused", payload: EmailAccount.schema),
        errors: [notFound], isExtension: true)

    public static let resume = APIOperation(
        id: "ReachController_resumeEmailAccount", method: .post, path: "/v1/email-accounts/{emailAccountId}/resume", tag: tag,
        summary: "Resume a paused email account",
        description: "Its servers are checked first: it becomes active (1) when they accept it, inactive (0) with the errors when not.",
        parameters: [.path("emailAccountId")],
        response: .envelope(status: 200, message: "Email account resumed", payload: EmailAccount.schema),
        errors: [notFound], isExtension: true)

    public static let health = APIOperation(
        id: "ReachController_getEmailAccountHealth", method: .get, path: "/v1/email-accounts/{emailAccountId}/health", tag: tag,
        summary: "Check an email account's health",
        description: """
            Logs in to its servers and reads its domain's MX, SPF, DKIM and DMARC records now. Each finding says what to fix; \
            the score (0-100) is the sum of their points and is stored as healthScore.
            """,
        parameters: [.path("emailAccountId")],
        response: .envelope(
            status: 200, message: "Email account health fetched successfully",
            payload: .object([
                .required("emailAccountId", .string), .required("domain", .string), .required("healthScore", .integer(minimum: 0, maximum: 100)),
                .required("findings", .array(of: .object([
                    .required("check", .string(oneOf: ["smtp", "imap", "dns", "mx", "spf", "dkim", "dmarc"])),
                    .required("verdict", .string(oneOf: ["pass", "warning", "fail"])),
                    .required("detail", .string), .required("points", .integer(minimum: 0)), .required("weight", .integer(minimum: 0)),
                ]))),
            ])),
        errors: [notFound], isExtension: true)

    public static let all = [list, bulkUpdate, connect, connectStatus, connectReport, reconnect, connectOne, get, delete, pause, resume, health]
}
