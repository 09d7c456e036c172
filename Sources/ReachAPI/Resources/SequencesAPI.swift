import ReachJSON

/// Sequences (Saleshandy §5). Steps and variants are in `SequenceStepsAPI`.
public enum SequencesAPI {
    public static let tag = "Sequences"

    public struct StepReference: Codable, Sendable, Equatable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct ClientReference: Codable, Sendable, Equatable {
        public var id: String
        public var companyName: String
        public var firstName: String
        public var lastName: String

        public init(id: String, companyName: String, firstName: String, lastName: String) {
            self.id = id
            self.companyName = companyName
            self.firstName = firstName
            self.lastName = lastName
        }

        public static let schema: JSONSchema = .component(
            name: "SequenceClient",
            schema: .object([.required("id", .string), .required("companyName", .string), .required("firstName", .string), .required("lastName", .string)]))
    }

    public struct UserReference: Codable, Sendable, Equatable {
        public var id: String
        public var firstName: String
        public var lastName: String
        public var email: String

        public init(id: String, firstName: String, lastName: String, email: String) {
            self.id = id
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
        }
    }

    public struct Sequence: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var active: Bool
        public var steps: [StepReference]
        @ExplicitNull public var client: ClientReference?
        public var user: UserReference
        public var createdAt: String

        public init(id: String, title: String, active: Bool, steps: [StepReference], client: ClientReference?, user: UserReference, createdAt: String) {
            self.id = id
            self.title = title
            self.active = active
            self.steps = steps
            self.client = client
            self.user = user
            self.createdAt = createdAt
        }

        public static let schema: JSONSchema = .component(
            name: "Sequence",
            schema: .object([
                .required("id", .string), .required("title", .string), .required("active", .boolean),
                .required("steps", .array(of: .object([.required("id", .string), .required("name", .string)]))),
                .required("client", .nullable(ClientReference.schema)),
                .required("user", .object([
                    .required("id", .string), .required("firstName", .string), .required("lastName", .string), .required("email", .string),
                ])),
                .required("createdAt", .dateTime),
            ]))
    }

    public enum SortField: String, Codable, Sendable, CaseIterable {
        case createdAt = "sequence.createdAt"
        case title = "sequence.title"
    }

    public struct ListQuery: Codable, Sendable {
        public var sequenceName: String?
        public var page: Int?
        public var pageSize: Int?
        public var sort: SortOrder?
        public var sortBy: SortField?
        public var clientIds: [String]?
    }

    public struct CreateRequest: Codable, Sendable {
        public var title: String
        public var emailAccountIds: [JSONValue]?
        public var emailAccountId: JSONValue?
        public var scheduleId: JSONValue?

        public init(title: String, emailAccountIds: [String]? = nil, scheduleId: String? = nil) {
            self.title = title
            self.emailAccountIds = emailAccountIds?.map(JSONValue.string)
            self.scheduleId = scheduleId.map(JSONValue.string)
        }
    }

    public struct Setting: Codable, Sendable, Equatable {
        public var code: Int
        public var value: String

        public init(code: Int, value: String) {
            self.code = code
            self.value = value
        }
    }

    public struct PriorityOption: Codable, Sendable, Equatable {
        public var id: Int
        public var name: String
        public var active: Bool

        public init(id: Int, name: String, active: Bool) {
            self.id = id
            self.name = name
            self.active = active
        }
    }

    public struct Settings: Codable, Sendable, Equatable {
        public var settings: [Setting]
        public var schedule: SchedulesAPI.Reference
        public var priorityDistribution: [PriorityOption]
        @ExplicitNull public var client: ClientReference?

        public init(settings: [Setting], schedule: SchedulesAPI.Reference, priorityDistribution: [PriorityOption], client: ClientReference?) {
            self.settings = settings
            self.schedule = schedule
            self.priorityDistribution = priorityDistribution
            self.client = client
        }

        public static let schema: JSONSchema = .object([
            .required("settings", .array(of: .object([.required("code", .integer(minimum: 1, maximum: settingCount)), .required("value", .string)]))),
            .required("schedule", SchedulesAPI.Reference.schema),
            .required("priorityDistribution", .array(of: .object([
                .required("id", .integer(minimum: 1, maximum: 4)), .required("name", .string(oneOf: priorityNames)), .required("active", .boolean),
            ]))),
            .required("client", .nullable(ClientReference.schema)),
        ])
    }

    public static let priorityNames = ["PrioritiseFollowUps", "PrioritiseNewProspects", "BalancedSending", "AggressivelyPrioritiseNewProspects"]

    public struct SettingsQuery: Codable, Sendable {
        public var code: Int?
    }

    public struct SettingChange: Codable, Sendable {
        public var code: JSONValue
        public var value: JSONValue
    }

    public struct UpdateSettingsRequest: Codable, Sendable {
        public var scheduleId: JSONValue?
        public var settings: [SettingChange]?

        public init(scheduleId: String? = nil, settings: [(code: Int, value: String)]? = nil) {
            self.scheduleId = scheduleId.map(JSONValue.string)
            self.settings = settings?.map { SettingChange(code: .integer(Int64($0.code)), value: .string($0.value)) }
        }
    }

    public struct ScheduleRequest: Codable, Sendable {
        public var scheduleId: JSONValue
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case pause, resume
    }

    public struct StatusRequest: Codable, Sendable {
        public var sequenceIds: [JSONValue]
        public var status: Status
    }

    public struct PriorityRequest: Codable, Sendable {
        /// An enum name or its number 1–4.
        public var priorityDistributionId: JSONValue
    }

    public struct RenameRequest: Codable, Sendable {
        public var title: String
    }

    static let settingCodes = """
        Codes: 1 unsubscribe link HTML (must contain {{link}}), 2 unsubscribe link text, 3 mark as finished on reply, 4 track link \
        clicks, 5 track opens, 6 send to risky prospects, 7 BCC and 8 CC (JSON arrays of emails, as strings), 9 text-only emails, \
        10 show text-only option, 11 ESP matching, 12 first step text-only, 13 one-click unsubscribe header. Switches are "1" or "0". \
        Reach turns 13 on by default: Gmail and Yahoo require it of bulk senders. Reach's own: 14 a reply stops the prospect in \
        their other sequences too (on by default), 15 a reply stops the prospect's colleagues at the same email domain in this \
        sequence (off by default).
        """

    static let settingCount: Int64 = 15

    static let sequenceIdParameter = Parameter.path("sequenceId", .string(minLength: 1, maxLength: 64))

    public static let list = APIOperation(
        id: "SequenceController_getSequencesWithSteps", method: .get, path: "/v1/sequences", tag: tag,
        summary: "List sequences with their steps",
        description: "sequenceName searches titles (contains, case-insensitive). pageSize defaults to 100; larger values than 1000 are capped.",
        parameters: [
            .query("sequenceName", .string(maxLength: 200)),
            .query("pageSize", .integer(minimum: 1)),
            .query("page", .integer(minimum: 1)),
            .query("sort", SortOrder.schema),
            .query("sortBy", .string(oneOf: SortField.allCases.map(\.rawValue))),
            .query("clientIds", .array(of: .string(minLength: 1, maxLength: 64), maxItems: 100), "Comma-separated client ids"),
        ],
        response: .envelope(
            status: 200, message: "Successfully fetched all sequences and their associated steps", payload: .array(of: Sequence.schema)),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch sequences and their steps")])

    public static let create = APIOperation(
        id: "SequenceController_createSequence", method: .post, path: "/v1/sequences", tag: tag,
        summary: "Create a sequence",
        description: """
            All or nothing: every email account id and the schedule id are checked before anything is created. Without scheduleId the \
            account's default schedule is used. A new sequence is paused; resume it once it has steps and an email account.
            """,
        requestBody: .json(.object([
            .required("title", .string(minLength: 1, maxLength: 200)),
            .optional("emailAccountIds", .array(of: .id, maxItems: 50)),
            .optional("emailAccountId", .id, "A single email account id, as some clients send it"),
            .optional("scheduleId", .id),
        ])),
        response: .envelope(status: 201, message: "Sequence created successfully", payload: Sequence.schema),
        errors: [
            DocumentedError(status: 400, code: 4000, message: "Failed to create sequence"),
            DocumentedError(status: 400, code: 40200, message: "Email account not found"),
        ])

    public static let get = APIOperation(
        id: "ReachController_getSequence", method: .get, path: "/v1/sequences/{sequenceId}", tag: tag,
        summary: "Get one sequence with its steps", parameters: [sequenceIdParameter],
        response: .envelope(status: 200, message: "Sequence fetched successfully", payload: Sequence.schema), isExtension: true)

    public static let rename = APIOperation(
        id: "ReachController_renameSequence", method: .patch, path: "/v1/sequences/{sequenceId}", tag: tag,
        summary: "Rename a sequence", parameters: [sequenceIdParameter],
        requestBody: .json(.object([.required("title", .string(minLength: 1, maxLength: 200))])),
        response: .envelope(status: 200, message: "Sequence updated successfully", payload: Sequence.schema), isExtension: true)

    public static let delete = APIOperation(
        id: "ReachController_deleteSequence", method: .delete, path: "/v1/sequences/{sequenceId}", tag: tag,
        summary: "Delete a sequence with its steps and variants", parameters: [sequenceIdParameter],
        response: .envelope(status: 200, message: "Sequence deleted successfully", payload: .nullable(.any)), isExtension: true)

    public static let clone = APIOperation(
        id: "ReachController_cloneSequence", method: .post, path: "/v1/sequences/{sequenceId}/clone", tag: tag,
        summary: "Clone a sequence",
        description: "A paused copy titled \"Copy of ...\" with the same schedule, settings, steps and variants, owned by the caller.",
        parameters: [sequenceIdParameter],
        response: .envelope(status: 201, message: "Sequence cloned successfully", payload: Sequence.schema), isExtension: true)

    public static let settings = APIOperation(
        id: "SequenceController_getSequenceSettings", method: .get, path: "/v1/sequences/{sequenceId}/settings", tag: tag,
        summary: "Get sequence settings",
        description: "With code, settings holds just that setting. " + settingCodes,
        parameters: [sequenceIdParameter, .query("code", .integer(minimum: 1, maximum: settingCount))],
        response: .envelope(status: 200, message: "Sequence settings fetched successfully", payload: Settings.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Failed to fetch sequence settings")])

    public static let updateSettings = APIOperation(
        id: "SequenceController_updateSequenceSettings", method: .patch, path: "/v1/sequences/{sequenceId}/settings", tag: tag,
        summary: "Update sequence settings and/or schedule",
        description: "All changes apply or none. " + settingCodes,
        parameters: [sequenceIdParameter],
        requestBody: .json(.object([
            .optional("scheduleId", .id),
            .optional("settings", .array(of: .object([
                .required("code", .anyOf([.integer(minimum: 1, maximum: settingCount), .string(minLength: 1, maxLength: 2)])),
                .required("value", .anyOf([.string(maxLength: 2000), .integer, .boolean])),
            ]), maxItems: Int(settingCount))),
        ])),
        response: .envelope(status: 200, message: "Sequence settings updated successfully", payload: Settings.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid setting")])

    public static let changeSchedule = APIOperation(
        id: "SequenceController_updateSequenceSchedule", method: .patch, path: "/v1/sequences/{sequenceId}/schedule", tag: tag,
        summary: "Change a sequence's schedule", parameters: [sequenceIdParameter],
        requestBody: .json(.object([.required("scheduleId", .id)])),
        response: .envelope(status: 200, message: "Sequence schedule updated", payload: SchedulesAPI.Reference.schema),
        errors: [DocumentedError(status: 400, code: 4000, message: "Schedule not found")])

    public static let changeStatus = APIOperation(
        id: "SequenceController_updateSequenceStatus", method: .post, path: "/v1/sequences/status", tag: tag,
        summary: "Pause or resume sequences",
        description: "All or nothing. Resuming needs an active email account attached to the sequence.",
        requestBody: .json(.object([
            .required("sequenceIds", .array(of: .id, minItems: 1, maxItems: 100)),
            .required("status", .string(oneOf: Status.allCases.map(\.rawValue))),
        ])),
        response: .envelope(status: 200, message: "Sequence status updated successfully", payload: .nullable(.any)),
        errors: [
            DocumentedError(status: 400, code: 40100, message: "Sequence not found"),
            DocumentedError(status: 400, code: 40101, message: "Sequence already paused"),
            DocumentedError(status: 400, code: 40102, message: "Sequence already active"),
            DocumentedError(status: 400, code: 40103, message: "No active email account is attached"),
        ])

    public static let priorityDistribution = APIOperation(
        id: "SequenceController_updatePriorityDistribution", method: .patch, path: "/v1/sequences/{sequenceId}/priority-distribution", tag: tag,
        summary: "Choose how daily sends are shared between new prospects and follow-ups",
        description: """
            While both wait, the mailboxes' daily quota goes: 1 PrioritiseFollowUps, follow-ups first, new prospects with what is \
            left; 2 PrioritiseNewProspects, the reverse; 3 BalancedSending (the default), alternately; 4 \
            AggressivelyPrioritiseNewProspects, three new prospects per follow-up.
            """,
        parameters: [sequenceIdParameter],
        requestBody: .json(.object([
            .required("priorityDistributionId", .anyOf([.string(oneOf: priorityNames + ["1", "2", "3", "4"]), .integer(minimum: 1, maximum: 4)])),
        ])),
        response: .envelope(status: 200, message: "Priority distribution updated successfully", payload: .nullable(.any)),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid priority distribution")])

    public static let importIntoStep = APIOperation(
        id: "SequenceController_importProspectsV2", method: .post, path: "/v1/sequences/prospects/import-with-field-name", tag: tag,
        summary: "Import prospects and enrol them at a sequence step",
        description: """
            As POST /v1/prospects/import-with-field-name, then each imported prospect is enrolled at stepId (which names the \
            sequence too). Prospects already at another step of the same sequence, unsubscribed prospects and Do Not Contact \
            matches are not enrolled; the import report lists them with the reason. Up to 100,000 prospects and 90 MB.
            """,
        requestBody: .json(
            .object([
                .required("prospectList", .array(of: .map(of: ProspectsAPI.cell)), "One object per prospect, keyed by field label."),
                .required("stepId", .id),
                .required("conflictAction", .string(oneOf: ProspectsAPI.conflictActions)),
                .optional("verifyProspects", .boolean),
                .optional("tags", .array(of: .string(maxLength: 100))),
            ]),
            maximumBytes: ProspectsAPI.importBodyLimit),
        response: .envelope(
            status: 201, message: "Prospect import has started successfully. Check its progress with GET /v1/prospects/import-status/{requestId}",
            payload: ProspectsAPI.ImportStarted.schema),
        errors: ProspectsAPI.importErrors)

    public struct AddContactsRequest: Codable, Sendable {
        public var contactIds: [JSONValue]
        public var stepId: JSONValue
    }

    public struct AddContactsResult: Codable, Sendable, Equatable {
        public struct Refused: Codable, Sendable, Equatable {
            public var prospectId: String
            public var reason: String

            public init(prospectId: String, reason: String) {
                self.prospectId = prospectId
                self.reason = reason
            }
        }

        public var added: Int
        public var alreadyInStep: Int
        public var refused: [Refused]

        public init(added: Int, alreadyInStep: Int, refused: [Refused]) {
            self.added = added
            self.alreadyInStep = alreadyInStep
            self.refused = refused
        }
    }

    public static let addContacts = APIOperation(
        id: "SequenceController_addContactsToSequence", method: .post, path: "/v1/sequences/{sequenceId}/contacts", tag: tag,
        summary: "Enrol existing prospects at a step",
        description: """
            Every contactId must be a prospect of the account and stepId a step of this sequence, or nothing happens. Prospects \
            already at another step, unsubscribed or on a Do Not Contact list are refused with the reason; the rest are enrolled.
            """,
        parameters: [sequenceIdParameter],
        requestBody: .json(.object([.required("contactIds", .array(of: .id, minItems: 1, maxItems: 10_000)), .required("stepId", .id)])),
        response: .envelope(
            status: 201, message: "Contacts added to sequence successfully",
            payload: .object([
                .required("added", .integer(minimum: 0)), .required("alreadyInStep", .integer(minimum: 0)),
                .required("refused", .array(of: .object([.required("prospectId", .string), .required("reason", .string)]))),
            ])),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to add contacts to sequence")])

    public struct OutcomeRequest: Codable, Sendable {
        public var outcomeName: String
        public var prospectEmails: [String]
        public var sequenceId: JSONValue?
        public var dealValue: Double?
    }

    public static let updateOutcome = APIOperation(
        id: "SequenceController_updateProspectOutcome", method: .patch, path: "/v1/sequences/update-prospect-outcome", tag: tag,
        summary: "Set the outcome of prospects",
        description: "Recorded on the prospects' enrolment in sequenceId, or in every sequence they are in; kept for the inbox and analytics.",
        requestBody: .json(.object([
            .required("outcomeName", .string(minLength: 1, maxLength: 100)),
            .required("prospectEmails", .array(of: .string(minLength: 3, maxLength: 254), minItems: 1, maxItems: 1000)),
            .optional("sequenceId", .id),
            .optional("dealValue", .number(minimum: 0)),
        ])),
        response: .envelope(status: 200, message: "Prospect outcome updated successfully", payload: .object([.required("updated", .integer(minimum: 1))])),
        errors: [DocumentedError(status: 400, code: 1001, message: "Failed to update prospect outcome")])

    public static let verifyProspects = APIOperation(
        id: "SequenceController_verifyProspects", method: .post, path: "/v1/sequences/{sequenceId}/verify-prospects", tag: tag,
        summary: "Verify the sequence's prospects",
        description: """
            Queues email verification for the sequence's prospects that are unverified or whose last verdict was unknown; \
            verdicts arrive in the background (see POST /v1/prospects/verification-status). Each address is checked for \
            disposable domains and role addresses, its domain's mail exchangers, and an SMTP RCPT probe with catch-all \
            detection; nothing is sent. queued counts the prospects queued.
            """,
        parameters: [sequenceIdParameter],
        response: .envelope(status: 200, message: "Prospects verification started", payload: .object([.required("queued", .integer(minimum: 1))])),
        errors: [DocumentedError(status: 400, code: 1001, message: "No email addresses that can be verified")])

    public static let all = [importIntoStep, addContacts, updateOutcome, verifyProspects, list, create, get, rename, delete, clone, settings, updateSettings, changeSchedule, changeStatus, priorityDistribution]
}
