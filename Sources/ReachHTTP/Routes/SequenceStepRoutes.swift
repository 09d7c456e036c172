import ReachAPI
import ReachCore
import ReachJSON

struct SequenceStepRoutes {
    let sequences: SequenceService
    let emailLinks: EmailLinks

    func register(on router: inout APIRouter) {
        router.add(SequenceStepsAPI.list) { request in
            let steps = try await sequences.steps(of: try SequenceRoutes.sequenceID(request), in: request.account)
            return try request.respond(with: steps.map { Self.wire($0, request) })
        }
        router.add(SequenceStepsAPI.get) { request in
            let step = try await sequences.step(try Self.stepID(request), of: try SequenceRoutes.sequenceID(request), in: request.account)
            return try request.respond(with: Self.wire(step, request))
        }
        router.add(SequenceStepsAPI.create) { request in
            let body = try request.decodeBody(SequenceStepsAPI.CreateStepRequest.self)
            let input = try Self.stepInput(
                type: body.type, absoluteDays: body.absoluteDays, priority: body.priority, assigneeID: body.assigneeId, request)
            let variants = body.variants.map {
                Self.variantInput(payload: $0.payload, taskNote: $0.taskNote, attachmentIDs: $0.attachmentIds, status: nil, request)
            }
            let step = try await sequences.createStep(
                in: try SequenceRoutes.sequenceID(request), account: request.account, step: input, variants: variants)
            return try request.respond(with: Self.wire(step, request))
        }
        router.add(SequenceStepsAPI.addVariant) { request in
            let body = try request.decodeBody(SequenceStepsAPI.VariantRequest.self)
            let input = try Self.stepInput(
                type: body.type ?? .null, absoluteDays: body.absoluteDays, priority: body.priority, assigneeID: body.assigneeId, request)
            let variant = Self.variantInput(
                payload: body.payload ?? [:], taskNote: body.taskNote, attachmentIDs: body.attachmentIds, status: nil, request)
            let (step, _) = try await sequences.addVariant(
                to: try Self.stepID(request), of: try SequenceRoutes.sequenceID(request), in: request.account, step: input, variant: variant)
            return try request.respond(with: Self.wire(step, request))
        }
        router.add(SequenceStepsAPI.updateVariant) { request in
            let body = try request.decodeBody(SequenceStepsAPI.VariantRequest.self)
            let input = try body.type.map {
                try Self.stepInput(type: $0, absoluteDays: body.absoluteDays, priority: body.priority, assigneeID: body.assigneeId, request)
            }
            if input == nil, body.absoluteDays != nil || body.priority != nil || body.assigneeId != nil {
                throw ReachError.invalidInput("type is required with absoluteDays, priority or assigneeId", field: "type")
            }
            let variant = Self.variantInput(
                payload: body.payload, taskNote: body.taskNote, attachmentIDs: body.attachmentIds, status: body.status, request)
            let (step, _) = try await sequences.updateVariant(
                try Self.variantID(request), of: try Self.stepID(request), sequence: try SequenceRoutes.sequenceID(request), in: request.account,
                step: input, variant: variant)
            return try request.respond(with: Self.wire(step, request))
        }
        router.add(SequenceStepsAPI.deleteStep) { request in
            try await sequences.deleteStep(try Self.stepID(request), of: try SequenceRoutes.sequenceID(request), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(SequenceStepsAPI.deleteVariant) { request in
            try await sequences.deleteVariant(
                try Self.variantID(request), of: try Self.stepID(request), sequence: try SequenceRoutes.sequenceID(request), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(SequenceStepsAPI.preview) { request in
            let body = try request.decodeBody(SequenceStepsAPI.PreviewRequest.self)
            guard let prospect = request.id(body.prospectId, as: Prospect.self) else { throw ProspectService.notFound }
            var variant: VariantID?
            if let value = body.variantId, value != .null {
                guard let id = request.id(value, as: StepVariant.self) else { throw SequenceService.variantNotFound }
                variant = id
            }
            let sequence = try SequenceRoutes.sequenceID(request)
            let preview = try await sequences.preview(
                step: try Self.stepID(request), of: sequence, in: request.account, prospect: prospect, variant: variant,
                unsubscribeURL: emailLinks.unsubscribeURL(prospect: prospect, sequence: sequence))
            return try request.respond(with: SequenceStepsAPI.Preview(
                variantId: request.encode(preview.variant.id), variantName: preview.variant.letter, subject: preview.email?.subject,
                html: preview.email?.html, text: preview.email?.text,
                payload: Dictionary(uniqueKeysWithValues: preview.texts.map { ($0.key.rawValue, $0.value) })))
        }
    }

    static func stepID(_ request: APIRequest) throws -> StepID {
        try request.parameterID("stepId", as: SequenceStep.self, notFound: SequenceService.stepNotFound)
    }

    static func variantID(_ request: APIRequest) throws -> VariantID {
        try request.parameterID("variantId", as: StepVariant.self, notFound: SequenceService.variantNotFound)
    }

    /// Channels and priorities come as enum names or numbers, both as the schema allows.
    static func stepInput(type: JSONValue, absoluteDays: Int?, priority: JSONValue?, assigneeID: JSONValue?, _ request: APIRequest) throws -> StepInput {
        let typeText = APIRequest.idText(type) ?? ""
        guard let channel = Int(typeText).flatMap(StepChannel.init(rawValue:)) ?? StepChannel(name: typeText) else {
            throw ReachError.invalidInput("type must be one of \(SequenceStepsAPI.channelNames.joined(separator: ", "))", field: "type")
        }
        var taskPriority: TaskPriority?
        if let priority, priority != .null {
            let text = APIRequest.idText(priority) ?? ""
            guard let found = Int(text).flatMap(TaskPriority.init(rawValue:)) ?? TaskPriority(name: text) else {
                throw ReachError.invalidInput("priority must be one of Urgent, High, Normal, Low or 1 to 4", field: "priority")
            }
            taskPriority = found
        }
        var assignee: UserID?
        var undecodable = false
        if let assigneeID, assigneeID != .null {
            assignee = request.id(assigneeID, as: User.self)
            undecodable = assignee == nil
        }
        return StepInput(channel: channel, absoluteDays: absoluteDays, priority: taskPriority, assigneeID: assignee, undecodableAssigneeID: undecodable)
    }

    static func variantInput(
        payload: [String: String]?, taskNote: String?, attachmentIDs: [JSONValue]?, status: Int?, _ request: APIRequest
    ) -> VariantInput {
        var ids: [AttachmentID]?
        var undecodable: [String] = []
        if let attachmentIDs {
            ids = []
            for value in attachmentIDs {
                if let id = request.id(value, as: Attachment.self) { ids?.append(id) } else { undecodable.append(APIRequest.idText(value) ?? "") }
            }
        }
        return VariantInput(
            payload: payload, taskNote: taskNote, attachmentIDs: ids, undecodableAttachmentIDs: undecodable, isActive: status.map { $0 == 1 })
    }

    static func wire(_ step: SequenceStep, _ request: APIRequest) -> SequenceStepsAPI.Step {
        SequenceStepsAPI.Step(
            id: request.encode(step.id), name: step.heading.name, number: step.number, type: step.channel.rawValue,
            absoluteDays: step.absoluteDays, priority: step.priority.rawValue, assigneeId: step.assigneeID.map { request.encode($0) },
            variants: step.variants.map {
                SequenceStepsAPI.Variant(
                    id: request.encode($0.id), name: $0.letter, status: $0.isActive ? 1 : 0,
                    payload: Dictionary(uniqueKeysWithValues: $0.payload.map { ($0.key.rawValue, $0.value) }), taskNote: $0.taskNote,
                    attachmentIds: $0.attachmentIDs.map { request.encode($0) })
            })
    }
}
