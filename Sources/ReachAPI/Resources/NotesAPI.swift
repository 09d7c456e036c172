import ReachJSON

/// Notes on prospects and uploaded attachments (Saleshandy §3).
public enum NotesAPI {
    public static let tag = "Notes"

    public struct Attachment: Codable, Sendable, Equatable {
        public var id: String
        public var fileName: String
        public var contentType: String
        public var size: Int
        public var createdAt: String

        public init(id: String, fileName: String, contentType: String, size: Int, createdAt: String) {
            self.id = id
            self.fileName = fileName
            self.contentType = contentType
            self.size = size
            self.createdAt = createdAt
        }

        public static let schema: JSONSchema = .component(
            name: "Attachment",
            schema: .object([
                .required("id", .string), .required("fileName", .string), .required("contentType", .string),
                .required("size", .integer(minimum: 0)), .required("createdAt", .dateTime),
            ]))
    }

    public struct Note: Codable, Sendable, Equatable {
        public var id: String
        public var content: String
        /// "1" the team sees it, "2" only its author.
        public var visibility: String
        /// "1" active, "0" archived.
        public var status: String
        public var createdBy: String
        public var prospectIds: [String]
        public var attachments: [Attachment]
        public var createdAt: String
        public var updatedAt: String

        public init(
            id: String, content: String, visibility: String, status: String, createdBy: String, prospectIds: [String], attachments: [Attachment],
            createdAt: String, updatedAt: String
        ) {
            self.id = id
            self.content = content
            self.visibility = visibility
            self.status = status
            self.createdBy = createdBy
            self.prospectIds = prospectIds
            self.attachments = attachments
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }

        public static let schema: JSONSchema = .component(
            name: "Note",
            schema: .object([
                .required("id", .string), .required("content", .string), .required("visibility", .string(oneOf: ["1", "2"])),
                .required("status", .string(oneOf: ["0", "1"])), .required("createdBy", .string), .required("prospectIds", .array(of: .string)),
                .required("attachments", .array(of: Attachment.schema)), .required("createdAt", .dateTime), .required("updatedAt", .dateTime),
            ]))
    }

    /// "1"/"2" as Saleshandy sends them, or 1/2.
    static func code(_ values: [String]) -> JSONSchema {
        .anyOf([.string(oneOf: values), .integer(oneOf: values.compactMap { Int64($0) })])
    }

    public struct CreateRequest: Codable, Sendable {
        public var content: String
        public var prospectIds: [JSONValue]
        public var visibility: JSONValue
        public var status: JSONValue?
        public var attachmentIds: [JSONValue]?
    }

    public struct UpdateRequest: Codable, Sendable {
        public var content: String?
        public var visibility: JSONValue?
        public var status: JSONValue?
    }

    public static let create = APIOperation(
        id: "NoteController_createNote", method: .post, path: "/v1/notes", tag: tag,
        summary: "Create a note", description: "One note on each of the prospects given. visibility 1 = team, 2 = author only; status 1 active, 0 archived.",
        requestBody: .json(.object([
            .required("content", .string(minLength: 1, maxLength: 10_000)),
            .required("prospectIds", .array(of: .id, minItems: 1, maxItems: 1_000)),
            .required("visibility", code(["1", "2"])),
            .optional("status", code(["0", "1"])),
            .optional("attachmentIds", .array(of: .id, maxItems: 20)),
        ])),
        response: .envelope(status: 201, message: "Note created successfully", payload: Note.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Invalid prospect Id")])

    public static let update = APIOperation(
        id: "NoteController_updateNote", method: .patch, path: "/v1/notes/{noteId}", tag: tag,
        summary: "Update a note", parameters: [.path("noteId")],
        requestBody: .json(.object(
            [
                .optional("content", .string(minLength: 1, maxLength: 10_000)),
                .optional("status", code(["0", "1"])),
                .optional("visibility", code(["1", "2"])),
            ], requiresOneOf: ["content", "status", "visibility"])),
        response: .envelope(status: 200, message: "Note updated successfully", payload: Note.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Note not found or access denied")])

    static let uploadErrors = [
        DocumentedError(status: 400, code: 4001, message: "file type not supported"),
        DocumentedError(status: 413, code: 4002, message: "File exceeds the 20 MB upload limit"),
    ]
    /// Room for the multipart framing around a 20 MB file.
    static let uploadBodyLimit = 21 * 1024 * 1024

    public static let uploadNoteAttachment = APIOperation(
        id: "NoteController_uploadNoteAttachment", method: .post, path: "/v1/notes/attachments", tag: tag,
        summary: "Upload a note attachment",
        description: "multipart/form-data with the file in the field named file; up to 20 MB; PDF, images, text, CSV and Office documents.",
        requestBody: RequestBody(schema: .any, contentType: .multipartFile(field: "file"), maximumBytes: uploadBodyLimit),
        response: .envelope(status: 201, message: "Attachment uploaded successfully", payload: Attachment.schema),
        errors: uploadErrors)

    public static let uploadEmailAttachment = APIOperation(
        id: "AttachmentController_uploadAttachment", method: .post, path: "/v1/attachments", tag: tag,
        summary: "Upload an email attachment", description: "As note attachments; the id goes in a step variant's attachmentIds.",
        requestBody: RequestBody(schema: .any, contentType: .multipartFile(field: "file"), maximumBytes: uploadBodyLimit),
        response: .envelope(status: 201, message: "Attachment uploaded successfully", payload: Attachment.schema),
        errors: uploadErrors)

    public static let downloadAttachment = APIOperation(
        id: "ReachController_downloadAttachment", method: .get, path: "/v1/attachments/{attachmentId}", tag: tag,
        summary: "Download an attachment", parameters: [.path("attachmentId")],
        response: .text(status: 200, contentType: "*/*"), isExtension: true)

    public static let all = [create, update, uploadNoteAttachment, uploadEmailAttachment, downloadAttachment]
}
