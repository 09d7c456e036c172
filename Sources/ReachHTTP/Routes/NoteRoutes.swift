import ReachAPI
import ReachCore
import ReachJSON

struct NoteRoutes {
    let notes: NoteService

    func register(on router: inout APIRouter) {
        router.add(NotesAPI.create) { request in
            let body = try request.decodeBody(NotesAPI.CreateRequest.self)
            let principal = try request.principal
            let prospects = request.ids(body.prospectIds, as: Prospect.self)
            let attachments = request.ids(body.attachmentIds ?? [], as: Attachment.self)
            let note = try await notes.create(
                in: principal.accountID, by: principal.userID, content: body.content, prospectIDs: prospects.ids,
                undecodableProspects: prospects.undecodable, visibility: Self.visibility(body.visibility) ?? .team,
                status: Self.status(body.status) ?? .active, attachmentIDs: attachments.ids, undecodableAttachments: attachments.undecodable)
            return try request.respond(with: request.wire(note))
        }
        router.add(NotesAPI.update) { request in
            let body = try request.decodeBody(NotesAPI.UpdateRequest.self)
            let principal = try request.principal
            let notFound = ReachError.invalidInput("Note not found or access denied", field: "noteId", code: 1001)
            let note = try await notes.update(
                try request.parameterID("noteId", as: Note.self, notFound: notFound), by: principal.userID, in: principal.accountID,
                content: body.content, visibility: Self.visibility(body.visibility), status: Self.status(body.status))
            return try request.respond(with: request.wire(note))
        }
        router.add(ProspectsAPI.notes) { request in
            let principal = try request.principal
            let prospect = try request.parameterID("prospectId", as: Prospect.self, notFound: ProspectService.notFound)
            let found = try await notes.notes(
                of: prospect, in: principal.accountID, viewer: principal.userID, skip: request.parameters["skip"]?.integerValue.map(Int.init),
                take: request.parameters["take"]?.integerValue.map(Int.init))
            return try request.respond(with: found.map(request.wire))
        }
        router.add(NotesAPI.uploadNoteAttachment) { request in
            try await upload(request, purpose: .note)
        }
        router.add(NotesAPI.uploadEmailAttachment) { request in
            try await upload(request, purpose: .email)
        }
        router.add(NotesAPI.downloadAttachment) { request in
            let notFound = ReachError.notFound("Attachment not found")
            let id = try request.parameterID("attachmentId", as: Attachment.self, notFound: notFound)
            let (attachment, bytes) = try await notes.download(id, in: request.account)
            return .file(bytes, contentType: attachment.contentType, fileName: attachment.fileName)
        }
    }

    func upload(_ request: APIRequest, purpose: AttachmentPurpose) async throws -> APIResponse {
        guard let file = request.upload else { throw ReachError.internalFailure }
        let attachment = try await notes.upload(file.bytes, fileName: file.fileName, purpose: purpose, in: request.account)
        return try request.respond(with: request.wire(attachment))
    }

    static func visibility(_ value: JSONValue?) -> NoteVisibility? {
        APIRequest.idText(value).flatMap { Int($0) }.flatMap(NoteVisibility.init)
    }

    static func status(_ value: JSONValue?) -> NoteStatus? {
        APIRequest.idText(value).flatMap { Int($0) }.flatMap(NoteStatus.init)
    }
}
