import ReachJSON

/// Prospects, their tags, attributes, imports and unsubscribes (Saleshandy §2).
public enum ProspectsAPI {
    public static let tag = "Prospects"

    public struct Attribute: Codable, Sendable, Equatable {
        /// The field's id.
        public var id: String
        /// The field's label, e.g. "First Name".
        public var key: String
        public var value: String

        public init(id: String, key: String, value: String) {
            self.id = id
            self.key = key
            self.value = value
        }

        public static let schema: JSONSchema = .component(
            name: "ProspectAttribute", schema: .object([.required("id", .string), .required("key", .string), .required("value", .string)]))
    }

    public struct TagReference: Codable, Sendable, Equatable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }

        public static let schema: JSONSchema = .component(
            name: "TagReference", schema: .object([.required("id", .string), .required("name", .string)]))
    }

    public struct Prospect: Codable, Sendable, Equatable {
        public var id: String
        public var createdAt: String
        public var updatedAt: String
        public var email: String
        public var verificationStatus: String
        public var attributes: [Attribute]
        public var tags: [TagReference]
        public var ownerId: String?
        public var unsubscribedAt: String?

        public init(
            id: String, createdAt: String, updatedAt: String, email: String, verificationStatus: String, attributes: [Attribute],
            tags: [TagReference], ownerId: String?, unsubscribedAt: String?
        ) {
            self.id = id
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.email = email
            self.verificationStatus = verificationStatus
            self.attributes = attributes
            self.tags = tags
            self.ownerId = ownerId
            self.unsubscribedAt = unsubscribedAt
        }

        enum CodingKeys: String, CodingKey {
            case id, createdAt, updatedAt, email, verificationStatus, attributes, tags, ownerId, unsubscribedAt
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(email, forKey: .email)
            try container.encode(verificationStatus, forKey: .verificationStatus)
            try container.encode(attributes, forKey: .attributes)
            try container.encode(tags, forKey: .tags)
            try container.encode(ownerId, forKey: .ownerId)
            try container.encode(unsubscribedAt, forKey: .unsubscribedAt)
        }

        public static let verificationStatuses = ["unverified", "valid", "invalid", "risky", "unknown"]

        public static let schema: JSONSchema = .component(
            name: "Prospect",
            schema: .object([
                .required("id", .string),
                .required("createdAt", .dateTime),
                .required("updatedAt", .dateTime),
                .required("email", .string),
                .required("verificationStatus", .string(oneOf: verificationStatuses)),
                .required("attributes", .array(of: Attribute.schema), "System fields with a value; custom fields too with includeCustomFields=true."),
                .required("tags", .array(of: TagReference.schema)),
                .required("ownerId", .nullable(.string)),
                .required("unsubscribedAt", .nullable(.dateTime)),
            ]))
    }

    /// A cell of an import row: Saleshandy sends strings; numbers and booleans are read as text.
    static let cell: JSONSchema = .anyOf([.string, .number(), .boolean, .nullable(.string)])
    static let conflictActions = ["overwrite", "noUpdate", "addMissingFields", "upsert"]
    static let importBodyLimit = 90 * 1024 * 1024

    public struct ListQuery: Codable, Sendable {
        public var search: String?
        public var page: Int?
        public var pageSize: Int?
        public var sort: SortOrder?
        public var sortBy: String?
        public var includeCustomFields: Bool?
    }

    public static let list = APIOperation(
        id: "SequenceContactController_findProspects", method: .get, path: "/v1/prospects", tag: tag,
        summary: "List prospects",
        description: """
            search matches the start of a prospect's email, email domain, first name, last name or full name (case-insensitive). \
            pageSize is 10, 20, 50 or 100 (default 100; larger values are capped to 100).
            """,
        parameters: [
            .query("search", .string(maxLength: 254)),
            .query("pageSize", .integer(minimum: 1)),
            .query("page", .integer(minimum: 1)),
            .query("sort", SortOrder.schema),
            .query("sortBy", .string(oneOf: ["createdAt", "owner"])),
            .query("includeCustomFields", .boolean),
        ],
        response: .envelope(status: 200, message: "Successfully fetched prospects", payload: .array(of: Prospect.schema)),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch prospects")])

    public struct ImportWithFieldNamesRequest: Codable, Sendable {
        public var prospectList: [[String: JSONValue]]
        public var conflictAction: String
        public var verifyProspects: Bool?
        public var tags: [String]?
        public var stepId: JSONValue?
    }

    public struct ImportStarted: Codable, Sendable, Equatable {
        public var requestId: String

        public init(requestId: String) { self.requestId = requestId }

        public static let schema: JSONSchema = .object([.required("requestId", .string)])
    }

    static let importErrors = [
        DocumentedError(status: 400, code: 4000, message: "Failed to import prospects"),
        DocumentedError(status: 413, code: 40003, message: "The maximum prospect limit has been exceeded. You can import up to 100000 prospects at a time"),
    ]

    public static let importWithFieldNames = APIOperation(
        id: "ProspectController_importProspectsV2", method: .post, path: "/v1/prospects/import-with-field-name", tag: tag,
        summary: "Import prospects, fields named by label",
        description: """
            Asynchronous: answers with a requestId at once; poll import-status. Up to 100,000 prospects and 90 MB. \
            Rows with an invalid email, an unknown field label, a value invalid for its field or a Do Not Contact match are \
            skipped and listed in the report; the others are imported. conflictAction: overwrite (the row decides every field \
            it names, empty cells clear), noUpdate (existing prospects are left as they are), addMissingFields (fill only empty \
            fields), upsert (non-empty cells replace stored values).
            """,
        requestBody: .json(
            .object([
                .required("prospectList", .array(of: .map(of: cell)), "One object per prospect, keyed by field label."),
                .required("conflictAction", .string(oneOf: conflictActions)),
                .optional("verifyProspects", .boolean),
                .optional("tags", .array(of: .string(maxLength: 100))),
                .optional("stepId", .id, "A sequence step to enrol the prospects at."),
            ]),
            maximumBytes: importBodyLimit),
        response: .envelope(
            status: 201, message: "Prospect import has started successfully. Check its progress with GET /v1/prospects/import-status/{requestId}",
            payload: ImportStarted.schema),
        errors: importErrors)

    public struct ImportWithFieldIDsRequest: Codable, Sendable {
        public struct Row: Codable, Sendable {
            public var fields: [Cell]
        }

        public struct Cell: Codable, Sendable {
            public var id: JSONValue
            public var value: JSONValue?
        }

        public var prospectList: [Row]
        public var conflictAction: String
        public var verifyProspects: Bool?
        public var stepId: JSONValue?
    }

    public static let importWithFieldIDs = APIOperation(
        id: "ProspectController_importProspects", method: .post, path: "/v1/prospects/import", tag: tag,
        summary: "Import prospects, fields named by id",
        description: "As import-with-field-name, with each prospect given as {fields: [{id, value}]}.",
        requestBody: .json(
            .object([
                .required(
                    "prospectList",
                    .array(of: .object([.required("fields", .array(of: .object([.required("id", .id), .optional("value", cell)])))]))),
                .required("conflictAction", .string(oneOf: conflictActions)),
                .optional("verifyProspects", .boolean),
                .optional("stepId", .id),
            ]),
            maximumBytes: importBodyLimit),
        response: .envelope(
            status: 201, message: "Prospect import has started successfully. Check its progress with GET /v1/prospects/import-status/{requestId}",
            payload: ImportStarted.schema),
        errors: importErrors)

    public struct ImportStatus: Codable, Sendable, Equatable {
        public var isCompleted: Bool
        /// Where the report of skipped rows is, as a signed link valid for a day.
        public var reportURL: String
        /// The same link, under the name other sources use.
        public var failedProspectsURL: String
        public var status: String
        public var totalRows: Int
        public var processedRows: Int
        public var created: Int
        public var updated: Int
        public var unchanged: Int
        public var skipped: Int
        public var error: String?

        public init(
            isCompleted: Bool, reportURL: String, status: String, totalRows: Int, processedRows: Int, created: Int, updated: Int, unchanged: Int,
            skipped: Int, error: String?
        ) {
            self.isCompleted = isCompleted
            self.reportURL = reportURL
            self.failedProspectsURL = reportURL
            self.status = status
            self.totalRows = totalRows
            self.processedRows = processedRows
            self.created = created
            self.updated = updated
            self.unchanged = unchanged
            self.skipped = skipped
            self.error = error
        }

        public static let schema: JSONSchema = .component(
            name: "ImportStatus",
            schema: .object([
                .required("isCompleted", .boolean),
                .required("reportURL", .string(format: .uri)),
                .required("failedProspectsURL", .string(format: .uri)),
                .required("status", .string(oneOf: ["queued", "running", "completed", "failed"])),
                .required("totalRows", .integer(minimum: 0)),
                .required("processedRows", .integer(minimum: 0)),
                .required("created", .integer(minimum: 0)),
                .required("updated", .integer(minimum: 0)),
                .required("unchanged", .integer(minimum: 0)),
                .required("skipped", .integer(minimum: 0)),
                .optional("error", .nullable(.string)),
            ]))
    }

    public static let importStatus = APIOperation(
        id: "ProspectController_getProspectImportStatus", method: .get, path: "/v1/prospects/import-status/{requestId}", tag: tag,
        summary: "Import status",
        description: "isCompleted turns true when every row is processed (or the import failed); the counts add up to processedRows.",
        parameters: [.path("requestId")],
        response: .envelope(status: 200, message: "Prospect import status fetched successfully", payload: ImportStatus.schema),
        errors: [DocumentedError(status: 400, code: 40000, message: "Prospect import request not found")])

    public static let importReport = APIOperation(
        id: "ReachController_getProspectImportReport", method: .get, path: "/v1/prospects/import-status/{requestId}/report", tag: tag,
        summary: "Import report (CSV of the skipped rows)",
        description: "Columns row, email, reason. Open with the x-api-key header, or with the signed link import-status gives.",
        parameters: [.path("requestId"), .query("expires", .integer), .query("signature", .string)],
        response: .text(status: 200, contentType: "text/csv; charset=utf-8"),
        errors: [DocumentedError(status: 400, code: 40000, message: "Prospect import request not found")],
        isExtension: true, authentication: .apiKeyOrSignedLink)

    public struct TagTargets: Codable, Sendable {
        public var prospects: [JSONValue]?
        public var prospectsEmails: [String]?
        public var tags: [String]
    }

    static let tagTargets: JSONSchema = .object(
        [
            .optional("prospects", .array(of: .id, maxItems: 10_000), "Prospect ids."),
            .optional("prospectsEmails", .array(of: .string(maxLength: 254), maxItems: 10_000)),
            .required("tags", .array(of: .string(minLength: 1, maxLength: 100), minItems: 1, maxItems: 100)),
        ])
    static let tagErrors = [
        DocumentedError(status: 400, code: 40501, message: "Invalid prospects"),
        DocumentedError(status: 400, code: 40502, message: "Invalid prospect emails"),
        DocumentedError(status: 400, code: 40503, message: "Provide at least one of prospects or prospectsEmails"),
    ]

    public struct TagsAssigned: Codable, Sendable, Equatable {
        public var tags: [TagReference]
        public var prospectCount: Int

        public init(tags: [TagReference], prospectCount: Int) {
            self.tags = tags
            self.prospectCount = prospectCount
        }
    }

    public static let assignTags = APIOperation(
        id: "SequenceContactController_assignTagsToProspects", method: .post, path: "/v1/prospects/tags/assign", tag: tag,
        summary: "Assign tags to prospects", description: "Tags that do not exist are created.",
        requestBody: .json(tagTargets),
        response: .envelope(
            status: 201, message: "Tags are assigned to prospects successfully",
            payload: .object([.required("tags", .array(of: TagReference.schema)), .required("prospectCount", .integer(minimum: 0))])),
        errors: tagErrors)

    public static let unassignTags = APIOperation(
        id: "SequenceContactController_unAssignTagsToProspects", method: .post, path: "/v1/prospects/tags/un-assign", tag: tag,
        summary: "Remove tags from prospects", requestBody: .json(tagTargets),
        response: .envelope(status: 201, message: "Tags are un-assigned from prospects successfully", payload: .nullable(.any)),
        errors: tagErrors)

    public struct TagSummary: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var prospectCount: Int

        public init(id: String, name: String, prospectCount: Int) {
            self.id = id
            self.name = name
            self.prospectCount = prospectCount
        }
    }

    public static let listTags = APIOperation(
        id: "SequenceContactController_findTags", method: .get, path: "/v1/prospects/tags", tag: tag,
        summary: "List tags", parameters: [.query("search", .string(maxLength: 100))],
        response: .envelope(
            status: 200, message: "Successfully fetched prospect tags",
            payload: .array(of: .object([.required("id", .string), .required("name", .string), .required("prospectCount", .integer(minimum: 0))]))),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch prospect tags")])

    public static let deleteTag = APIOperation(
        id: "ReachController_deleteTag", method: .delete, path: "/v1/prospects/tags/{tagId}", tag: tag,
        summary: "Delete a tag", description: "Removes the tag from every prospect.",
        parameters: [.path("tagId")],
        response: .envelope(status: 200, message: "Tag deleted successfully", payload: .nullable(.any)), isExtension: true)

    public struct AttributeUpsertRequest: Codable, Sendable {
        public struct Entry: Codable, Sendable {
            public var fieldId: JSONValue
            public var attributeValue: JSONValue?
        }

        public var fieldId: JSONValue?
        public var attributeValue: JSONValue?
        public var attributes: [Entry]?
    }

    public struct AttributeResult: Codable, Sendable, Equatable {
        public var fieldId: String
        public var success: Bool
        public var message: String?

        public init(fieldId: String, success: Bool, message: String?) {
            self.fieldId = fieldId
            self.success = success
            self.message = message
        }
    }

    public static let upsertAttributes = APIOperation(
        id: "ProspectController_upsertAttribute", method: .post, path: "/v1/prospects/{prospectId}/attribute", tag: tag,
        summary: "Set prospect attributes",
        description: """
            Either fieldId with attributeValue, or attributes: [{fieldId, attributeValue}] (which wins when both are sent). Success is \
            per field: an invalid value fails only its own field, with a message. An empty value clears the field.
            """,
        parameters: [.path("prospectId")],
        requestBody: .json(
            .object(
                [
                    .optional("fieldId", .id),
                    .optional("attributeValue", cell),
                    .optional(
                        "attributes", .array(of: .object([.required("fieldId", .id), .optional("attributeValue", cell)]), minItems: 1, maxItems: 200)),
                ], requiresOneOf: ["fieldId", "attributes"])),
        response: .envelope(
            status: 201, message: "Prospect attribute updated successfully",
            payload: .object([
                .required(
                    "results",
                    .array(of: .object([.required("fieldId", .string), .required("success", .boolean), .optional("message", .nullable(.string))])))
            ])),
        errors: [DocumentedError(status: 400, code: 50001, message: "Failed to update prospect attribute")])

    public struct AttributeValue: Codable, Sendable, Equatable {
        public var fieldId: String
        public var label: String
        public var fieldType: String
        public var value: String?

        public init(fieldId: String, label: String, fieldType: String, value: String?) {
            self.fieldId = fieldId
            self.label = label
            self.fieldType = fieldType
            self.value = value
        }

        enum CodingKeys: String, CodingKey { case fieldId, label, fieldType, value }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fieldId, forKey: .fieldId)
            try container.encode(label, forKey: .label)
            try container.encode(fieldType, forKey: .fieldType)
            try container.encode(value, forKey: .value)
        }
    }

    public static let getAttribute = APIOperation(
        id: "ProspectController_getProspectAttributeById", method: .get, path: "/v1/prospects/attribute", tag: tag,
        summary: "Get a prospect attribute",
        description: "The field attributeId names, with its value for prospectId (value is null without a prospectId or without a value).",
        parameters: [.query("attributeId", .id, required: true), .query("prospectId", .id)],
        response: .envelope(
            status: 200, message: "Prospect attribute fetched successfully",
            payload: .object([
                .required("fieldId", .string), .required("label", .string), .required("fieldType", .string), .required("value", .nullable(.string)),
            ])),
        errors: [DocumentedError(status: 400, code: 50001, message: "Failed to fetch prospect attribute")])

    public struct VerificationStatusEntry: Codable, Sendable, Equatable {
        public var email: String
        public var prospectId: String?
        public var verificationStatus: String?
        public var verificationReasons: [String]
        public var verifiedAt: String?
        public var verificationPending: Bool

        public init(email: String, prospectId: String?, verificationStatus: String?, verificationReasons: [String], verifiedAt: String?, verificationPending: Bool) {
            self.email = email
            self.prospectId = prospectId
            self.verificationStatus = verificationStatus
            self.verificationReasons = verificationReasons
            self.verifiedAt = verifiedAt
            self.verificationPending = verificationPending
        }

        enum CodingKeys: String, CodingKey { case email, prospectId, verificationStatus, verificationReasons, verifiedAt, verificationPending }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(email, forKey: .email)
            try container.encode(prospectId, forKey: .prospectId)
            try container.encode(verificationStatus, forKey: .verificationStatus)
            try container.encode(verificationReasons, forKey: .verificationReasons)
            try container.encode(verifiedAt, forKey: .verifiedAt)
            try container.encode(verificationPending, forKey: .verificationPending)
        }
    }

    public static let verificationStatus = APIOperation(
        id: "ProspectController_getProspectsVerificationStatus", method: .post, path: "/v1/prospects/verification-status", tag: tag,
        summary: "Verification verdicts and their reasons",
        description: """
            One entry per email asked; prospectId and verificationStatus are null for an email the account has no prospect for. \
            verificationReasons says why (the server's reply, a catch-all domain, a disposable domain, a greylisting), \
            verifiedAt when, and verificationPending whether a verification is queued (an unknown verdict is asked again later).
            """,
        requestBody: .json(.object([.required("emails", .array(of: .string(maxLength: 254), minItems: 1, maxItems: 1_000))])),
        response: .envelope(
            status: 200, message: "Prospect verification status fetched successfully",
            payload: .array(of: .object([
                .required("email", .string), .required("prospectId", .nullable(.string)),
                .required("verificationStatus", .nullable(.string(oneOf: Prospect.verificationStatuses))),
                .required("verificationReasons", .array(of: .string)),
                .required("verifiedAt", .nullable(.dateTime)),
                .required("verificationPending", .boolean),
            ]))),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch the prospect verification status")])

    public struct SequenceMembership: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        @ExplicitNull public var stepId: String?
        @ExplicitNull public var stepNumber: Int?
        @ExplicitNull public var outcome: String?
        public var enrolledAt: String

        public init(id: String, title: String, status: String, stepId: String?, stepNumber: Int?, outcome: String?, enrolledAt: String) {
            self.id = id
            self.title = title
            self.status = status
            self.stepId = stepId
            self.stepNumber = stepNumber
            self.outcome = outcome
            self.enrolledAt = enrolledAt
        }
    }

    public static let sequences = APIOperation(
        id: "SequenceContactController_getContactMinimalSequences", method: .get, path: "/v1/prospects/{prospectId}/minimal/sequences", tag: tag,
        summary: "Sequences a prospect is in", parameters: [.path("prospectId")],
        response: .envelope(
            status: 200, message: "Successfully fetched contact sequence histories",
            payload: .array(of: .object([
                .required("id", .string), .required("title", .string),
                .required("status", .string(oneOf: ["active", "paused", "replied", "finished", "bounced", "unsubscribed"])),
                .required("stepId", .nullable(.string)), .required("stepNumber", .nullable(.integer(minimum: 1))),
                .required("outcome", .nullable(.string)), .required("enrolledAt", .dateTime),
            ]))),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to fetch contact sequence histories")])

    public static let notes = APIOperation(
        id: "ProspectController_getProspectNotes", method: .get, path: "/v1/prospects/{prospectId}/notes", tag: tag,
        summary: "A prospect's notes", description: "Newest first; private notes only for their author. take is at most 100.",
        parameters: [.path("prospectId"), .query("skip", .integer(minimum: 0)), .query("take", .integer(minimum: 1))],
        response: .envelope(status: 200, message: "Successfully fetched prospect notes", payload: .array(of: NotesAPI.Note.schema)))

    public static let unsubscribe = APIOperation(
        id: "ProspectController_unsubscribeProspects", method: .post, path: "/v1/prospects/unsubscribe", tag: tag,
        summary: "Unsubscribe prospects", description: "An unsubscribed prospect is sent nothing more.",
        requestBody: .json(.object([.required("prospectIds", .array(of: .id, minItems: 1, maxItems: 10_000))])),
        response: .envelope(
            status: 201, message: "Prospects unsubscribed successfully", payload: .object([.required("unsubscribed", .integer(minimum: 0))])),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid prospect ids")])

    public static let unsubscribeContacts = APIOperation(
        id: "SequenceContactController_unsubscribeProspects", method: .post, path: "/v1/contacts/unsubscribe", tag: tag,
        summary: "Unsubscribe prospects (older path)", description: "Takes prospect ids, emails, or both.",
        requestBody: .json(
            .object(
                [
                    .optional("prospectIds", .array(of: .id, maxItems: 10_000)),
                    .optional("prospectEmails", .array(of: .string(maxLength: 254), maxItems: 10_000)),
                ], requiresOneOf: ["prospectIds", "prospectEmails"])),
        response: .envelope(
            status: 201, message: "Prospects unsubscribed successfully", payload: .object([.required("unsubscribed", .integer(minimum: 0))])),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid prospect ids")])

    public static let get = APIOperation(
        id: "ReachController_getProspect", method: .get, path: "/v1/prospects/{prospectId}", tag: tag,
        summary: "Get one prospect", description: "With all its attributes, custom fields included.",
        parameters: [.path("prospectId")],
        response: .envelope(status: 200, message: "Successfully fetched prospect", payload: Prospect.schema), isExtension: true)

    public struct WriteRequest: Codable, Sendable {
        public var attributes: [String: JSONValue]?
        public var tags: [String]?
    }

    public static let create = APIOperation(
        id: "ReachController_createProspect", method: .post, path: "/v1/prospects", tag: tag,
        summary: "Create one prospect", description: "attributes are keyed by field label or field id; Email is required.",
        requestBody: .json(.object([
            .required("attributes", .map(of: cell)), .optional("tags", .array(of: .string(minLength: 1, maxLength: 100), maxItems: 100)),
        ])),
        response: .envelope(status: 201, message: "Prospect created successfully", payload: Prospect.schema),
        errors: [DocumentedError(status: 409, code: 4009, message: "A prospect with this email already exists")], isExtension: true)

    public static let update = APIOperation(
        id: "ReachController_updateProspect", method: .patch, path: "/v1/prospects/{prospectId}", tag: tag,
        summary: "Update one prospect",
        description: "Sets the attributes named (by label or field id; an empty value clears one) and adds the tags given.",
        parameters: [.path("prospectId")],
        requestBody: .json(.object([
            .optional("attributes", .map(of: cell)), .optional("tags", .array(of: .string(minLength: 1, maxLength: 100), maxItems: 100)),
        ])),
        response: .envelope(status: 200, message: "Prospect updated successfully", payload: Prospect.schema),
        errors: [DocumentedError(status: 409, code: 4009, message: "A prospect with this email already exists")], isExtension: true)

    public static let delete = APIOperation(
        id: "ReachController_deleteProspect", method: .delete, path: "/v1/prospects/{prospectId}", tag: tag,
        summary: "Delete one prospect", parameters: [.path("prospectId")],
        response: .envelope(status: 200, message: "Prospect deleted successfully", payload: .nullable(.any)), isExtension: true)

    public static let bulkDelete = APIOperation(
        id: "ReachController_deleteProspects", method: .post, path: "/v1/prospects/bulk-delete", tag: tag,
        summary: "Delete prospects", description: "Ids the account does not have are passed over; deleted counts the others.",
        requestBody: .json(.object([.required("prospectIds", .array(of: .id, minItems: 1, maxItems: 10_000))])),
        response: .envelope(status: 200, message: "Prospects deleted successfully", payload: .object([.required("deleted", .integer(minimum: 0))])),
        isExtension: true)

    public struct StatusChangeRequest: Codable, Sendable {
        public struct Pair: Codable, Sendable {
            public var prospectId: JSONValue
            public var sequenceId: JSONValue
        }

        public var prospectAndSequenceIds: [Pair]
        public var status: String
        public var pauseDelayInDays: Int?
    }

    public static let updateStatus = APIOperation(
        id: "SequenceContactController_updateProspects", method: .patch, path: "/v1/prospects/status", tag: tag,
        summary: "Change prospects' status in sequences",
        description: """
            status: active (or resume), paused (or pause), replied, finished. With paused, pauseDelayInDays (1–365) resumes the \
            prospect by itself after that many days. Pairs that name no enrolment count as failed.
            """,
        requestBody: .json(.object([
            .required("prospectAndSequenceIds", .array(of: .object([.required("prospectId", .id), .required("sequenceId", .id)]), minItems: 1, maxItems: 10_000)),
            .required("status", .string(minLength: 1, maxLength: 20)),
            .optional("pauseDelayInDays", .integer(minimum: 1, maximum: 365)),
        ])),
        response: .envelope(
            status: 200, message: "Prospects status updated successfully",
            payload: .object([.required("success", .integer(minimum: 0)), .required("failed", .integer(minimum: 0))])),
        errors: [DocumentedError(status: 400, code: 4000, message: "Could not change prospects status")])

    public static let all = [
        updateStatus, list, create, get, update, delete, bulkDelete, importWithFieldNames, importWithFieldIDs, importStatus, importReport, assignTags,
        unassignTags, listTags, deleteTag, upsertAttributes, getAttribute, verificationStatus, sequences, notes, unsubscribe, unsubscribeContacts,
    ]
}
