import ReachJSON

/// Steps of a sequence and their A/B…Z variants (Saleshandy §6), and the Reach preview.
public enum SequenceStepsAPI {
    public static let tag = "Sequence steps"

    public static let channelNames = [
        "Email", "LinkedInConnectionRequest", "LinkedInMessage", "LinkedInInMail", "LinkedInViewProfile", "LinkedInPostInteration", "Custom",
        "CallIntroduction", "CallDemo", "CallFollowUp", "CallReminder", "CallOther", "WhatsappMessage", "WhatsappVoiceMessage", "WhatsappVoiceCall",
    ]
    public static let channelNumbers: [Int64] = [1, 2, 3, 4, 5, 6, 9, 11, 12, 13, 14, 15, 16, 17, 18]
    public static let priorityNames = ["Urgent", "High", "Normal", "Low"]

    public struct Variant: Codable, Sendable, Equatable {
        public var id: String
        /// "A" to "Z".
        public var name: String
        /// 1 active, 0 paused.
        public var status: Int
        public var payload: [String: String]
        @ExplicitNull public var taskNote: String?
        public var attachmentIds: [String]

        public init(id: String, name: String, status: Int, payload: [String: String], taskNote: String?, attachmentIds: [String]) {
            self.id = id
            self.name = name
            self.status = status
            self.payload = payload
            self.taskNote = taskNote
            self.attachmentIds = attachmentIds
        }

        public static let schema: JSONSchema = .component(
            name: "StepVariant",
            schema: .object([
                .required("id", .string), .required("name", .string(minLength: 1, maxLength: 1)), .required("status", .integer(oneOf: [0, 1])),
                .required("payload", .map(of: .string)), .required("taskNote", .nullable(.string)), .required("attachmentIds", .array(of: .string)),
            ]))
    }

    public struct Step: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var number: Int
        /// The channel's number: 1 is Email.
        public var type: Int
        public var absoluteDays: Int
        /// 1 Urgent ... 4 Low.
        public var priority: Int
        @ExplicitNull public var assigneeId: String?
        public var variants: [Variant]

        public init(id: String, name: String, number: Int, type: Int, absoluteDays: Int, priority: Int, assigneeId: String?, variants: [Variant]) {
            self.id = id
            self.name = name
            self.number = number
            self.type = type
            self.absoluteDays = absoluteDays
            self.priority = priority
            self.assigneeId = assigneeId
            self.variants = variants
        }

        public static let schema: JSONSchema = .component(
            name: "SequenceStep",
            schema: .object([
                .required("id", .string), .required("name", .string), .required("number", .integer(minimum: 1)),
                .required("type", .integer(oneOf: channelNumbers)), .required("absoluteDays", .integer(minimum: 1, maximum: 999)),
                .required("priority", .integer(minimum: 1, maximum: 4)), .required("assigneeId", .nullable(.string)),
                .required("variants", .array(of: Variant.schema)),
            ]))
    }

    public struct VariantBody: Codable, Sendable {
        public var payload: [String: String]?
        public var attachmentIds: [JSONValue]?
        public var taskNote: String?
    }

    public struct CreateStepRequest: Codable, Sendable {
        public var type: JSONValue
        public var absoluteDays: Int
        public var variants: [VariantBody]
        public var priority: JSONValue?
        public var assigneeId: JSONValue?
    }

    public struct VariantRequest: Codable, Sendable {
        public var type: JSONValue?
        public var payload: [String: String]?
        public var absoluteDays: Int?
        public var assigneeId: JSONValue?
        public var attachmentIds: [JSONValue]?
        public var priority: JSONValue?
        public var taskNote: String?
        public var status: Int?
    }

    public struct PreviewRequest: Codable, Sendable {
        public var prospectId: JSONValue
        public var variantId: JSONValue?
    }

    public struct Preview: Codable, Sendable, Equatable {
        public var variantId: String
        public var variantName: String
        @ExplicitNull public var subject: String?
        @ExplicitNull public var html: String?
        @ExplicitNull public var text: String?
        /// Other channels: each payload text rendered.
        public var payload: [String: String]

        public init(variantId: String, variantName: String, subject: String?, html: String?, text: String?, payload: [String: String]) {
            self.variantId = variantId
            self.variantName = variantName
            self.subject = subject
            self.html = html
            self.text = text
            self.payload = payload
        }
    }

    static let channel: JSONSchema = .anyOf([.string(oneOf: channelNames), .integer(oneOf: channelNumbers)])
    static let priority: JSONSchema = .anyOf([.string(oneOf: priorityNames + ["1", "2", "3", "4"]), .integer(minimum: 1, maximum: 4)])
    /// The union of every channel's payload keys; which apply to which channel is checked when saved.
    static let payload: JSONSchema = .object([
        .optional("subject", .string(maxLength: 500)),
        .optional("content", .string(maxLength: 100_000)),
        .optional("preheader", .string(maxLength: 250)),
        .optional("connectionNote", .string(maxLength: 300)),
        .optional("message", .string(maxLength: 8_000)),
    ])
    /// 26 variants of the largest payload, escaped as JSON may escape them.
    static let stepBodyLimit = 40 * 1024 * 1024
    static let sequenceId = Parameter.path("sequenceId", .string(minLength: 1, maxLength: 64))
    static let stepId = Parameter.path("stepId", .string(minLength: 1, maxLength: 64))
    static let variantId = Parameter.path("variantId", .string(minLength: 1, maxLength: 64))

    static let templateHelp = """
        Payload by type: Email {subject, content (HTML), preheader?}; LinkedInConnectionRequest {connectionNote?}; LinkedInMessage \
        {message}; LinkedInInMail {subject, message}; other types {}. Texts are templates: {{First Name}} or {{firstName}} (any field \
        label or camelCase key, senderFirstName, senderLastName, senderName, senderEmail, senderSignature, unsubscribeLink), \
        {{First Name | there}} for a fallback when the value is empty (otherwise the field's fallback text), and spintax \
        {Hi|Hello|Hey}, chosen per prospect and step. An unknown tag or an unmatched brace is refused with 400.
        """

    public static let list = APIOperation(
        id: "SequenceController_getSequenceSteps", method: .get, path: "/v1/sequences/{sequenceId}/steps", tag: tag,
        summary: "List the steps of a sequence with their variants",
        description: "Steps come in sending order (by absoluteDays); number is the position in that order.",
        parameters: [sequenceId],
        response: .envelope(status: 200, message: "Sequence steps fetched successfully", payload: .array(of: Step.schema)),
        errors: [DocumentedError(status: 400, code: 1001, message: "Failed to fetch sequence steps")])

    public static let get = APIOperation(
        id: "SequenceController_getSequenceStepVariants", method: .get, path: "/v1/sequences/{sequenceId}/steps/{stepId}", tag: tag,
        summary: "Get one step with its variants", parameters: [sequenceId, stepId],
        response: .envelope(status: 200, message: "Sequence step fetched successfully", payload: Step.schema))

    public static let create = APIOperation(
        id: "SequenceController_createStep", method: .post, path: "/v1/sequences/{sequenceId}/steps", tag: tag,
        summary: "Create a step",
        description: """
            type is accepted by name or number and returned as a number. absoluteDays (1–999) is the day the step runs, counted \
            from enrolment; a sequence sends at most one email a day. Email steps take up to 26 variants (A to Z), other types one; \
            taskNote (up to 3000 characters) is for task-making types only. priority and assigneeId (default: the sequence owner) \
            shape the task. 
            """ + templateHelp,
        parameters: [sequenceId],
        requestBody: .json(.object([
            .required("type", channel),
            .required("absoluteDays", .integer(minimum: 1, maximum: 999)),
            .required("variants", .array(of: .object([
                .required("payload", payload),
                .optional("attachmentIds", .array(of: .id, maxItems: 20)),
                .optional("taskNote", .string(maxLength: 3000)),
            ]), minItems: 1, maxItems: 26)),
            .optional("priority", priority),
            .optional("assigneeId", .id),
        ]), maximumBytes: stepBodyLimit),
        response: .envelope(status: 201, message: "Sequence step created successfully", payload: Step.schema),
        errors: [
            DocumentedError(status: 400, code: 4000, message: "Failed to create sequence step"),
            DocumentedError(status: 409, code: 4009, message: "Another email step already sends on that day"),
        ])

    static let variantFields: [Property] = [
        .optional("absoluteDays", .integer(minimum: 1, maximum: 999)),
        .optional("assigneeId", .id),
        .optional("attachmentIds", .array(of: .id, maxItems: 20)),
        .optional("priority", priority),
        .optional("taskNote", .string(maxLength: 3000)),
    ]

    public static let addVariant = APIOperation(
        id: "SequenceController_createVariant", method: .post, path: "/v1/sequences/{sequenceId}/steps/{stepId}/variants", tag: tag,
        summary: "Add a variant to a step",
        description: "type must be the step's. The variant takes the first free letter. absoluteDays, priority and assigneeId update the step. "
            + templateHelp,
        parameters: [sequenceId, stepId],
        requestBody: .json(.object([.required("type", channel), .required("payload", payload)] + variantFields)),
        response: .envelope(status: 201, message: "Variant created successfully", payload: Step.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid variant")])

    public static let updateVariant = APIOperation(
        id: "SequenceController_updateVariant", method: .patch, path: "/v1/sequences/{sequenceId}/steps/{stepId}/variants/{variantId}", tag: tag,
        summary: "Update a variant",
        description: "status 0 pauses the variant, 1 activates it; a step keeps at least one active variant. attachmentIds replaces the list. "
            + templateHelp,
        parameters: [sequenceId, stepId, variantId],
        requestBody: .json(.object([.optional("type", channel), .optional("payload", payload), .optional("status", .integer(oneOf: [0, 1]))] + variantFields)),
        response: .envelope(status: 200, message: "Variant updated successfully", payload: Step.schema),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to update sequence step variant")])

    public static let deleteStep = APIOperation(
        id: "ReachController_deleteStep", method: .delete, path: "/v1/sequences/{sequenceId}/steps/{stepId}", tag: tag,
        summary: "Delete a step with its variants", parameters: [sequenceId, stepId],
        response: .envelope(status: 200, message: "Sequence step deleted successfully", payload: .nullable(.any)), isExtension: true)

    public static let deleteVariant = APIOperation(
        id: "ReachController_deleteVariant", method: .delete, path: "/v1/sequences/{sequenceId}/steps/{stepId}/variants/{variantId}", tag: tag,
        summary: "Delete a variant", description: "A step keeps at least one variant, and one of them active.",
        parameters: [sequenceId, stepId, variantId],
        response: .envelope(status: 200, message: "Variant deleted successfully", payload: .nullable(.any)), isExtension: true)

    public static let preview = APIOperation(
        id: "ReachController_previewStep", method: .post, path: "/v1/sequences/{sequenceId}/steps/{stepId}/preview", tag: tag,
        summary: "Render a step for a prospect exactly as it would be sent",
        description: """
            Without variantId, renders the variant the prospect is assigned: active variants are shared evenly and stably across \
            prospects by a hash of the prospect and step, so a prospect always gets the same one. Email steps answer subject, html and \
            the generated text part; other types answer each payload text rendered. Until email accounts are connected the sender \
            fields are the sequence owner's.
            """,
        parameters: [sequenceId, stepId],
        requestBody: .json(.object([.required("prospectId", .id), .optional("variantId", .id)])),
        response: .envelope(
            status: 200, message: "Step rendered successfully",
            payload: .object([
                .required("variantId", .string), .required("variantName", .string),
                .required("subject", .nullable(.string)), .required("html", .nullable(.string)), .required("text", .nullable(.string)),
                .required("payload", .map(of: .string)),
            ])),
        isExtension: true)

    public static let all = [list, get, create, addVariant, updateVariant, deleteStep, deleteVariant, preview]
}
