import Foundation

/// A variant as a request writes it, before validation.
public struct VariantInput: Sendable {
    public var payload: [String: String]?
    public var taskNote: String?
    public var attachmentIDs: [AttachmentID]?
    /// Attachment ids that were not even well-formed, kept so the error can name them.
    public var undecodableAttachmentIDs: [String]
    public var isActive: Bool?

    public init(
        payload: [String: String]?, taskNote: String? = nil, attachmentIDs: [AttachmentID]? = nil,
        undecodableAttachmentIDs: [String] = [], isActive: Bool? = nil
    ) {
        self.payload = payload
        self.taskNote = taskNote
        self.attachmentIDs = attachmentIDs
        self.undecodableAttachmentIDs = undecodableAttachmentIDs
        self.isActive = isActive
    }
}

/// The step-level fields a request may set.
public struct StepInput: Sendable {
    public var channel: StepChannel
    public var absoluteDays: Int?
    public var priority: TaskPriority?
    public var assigneeID: UserID?
    public var undecodableAssigneeID: Bool

    public init(channel: StepChannel, absoluteDays: Int?, priority: TaskPriority?, assigneeID: UserID?, undecodableAssigneeID: Bool = false) {
        self.channel = channel
        self.absoluteDays = absoluteDays
        self.priority = priority
        self.assigneeID = assigneeID
        self.undecodableAssigneeID = undecodableAssigneeID
    }
}

extension SequenceService {
    public static let maximumTaskNoteLength = 3000

    public func steps(of id: SequenceID, in account: AccountID) async throws -> [SequenceStep] {
        guard try await sequences.sequence(id, in: account) != nil else { throw Self.notFound }
        return try await sequences.steps(of: id)
    }

    public func step(_ stepID: StepID, of id: SequenceID, in account: AccountID) async throws -> SequenceStep {
        guard let step = try await steps(of: id, in: account).first(where: { $0.id == stepID }) else { throw Self.stepNotFound }
        return step
    }

    public func createStep(in id: SequenceID, account: AccountID, step input: StepInput, variants: [VariantInput]) async throws -> SequenceStep {
        let existing = try await steps(of: id, in: account)
        guard let days = input.absoluteDays else { throw ReachError.invalidInput("absoluteDays is required", field: "absoluteDays") }
        try await checkStepFields(input, days: days, among: existing, excluding: nil, in: account)
        guard !variants.isEmpty else { throw ReachError.invalidInput("variants must contain at least 1 elements", field: "variants") }
        guard variants.count <= input.channel.maximumVariants else {
            throw ReachError.invalidInput(
                "A \(input.channel.title) step has at most \(input.channel.maximumVariants) variant\(input.channel.maximumVariants == 1 ? "" : "s")",
                field: "variants")
        }
        let catalog = MergeTagCatalog(fields: FieldCatalog(try await fields.fields(in: account)))
        var checked: [NewVariant] = []
        for (index, variant) in variants.enumerated() {
            checked.append(try await validVariant(variant, channel: input.channel, tags: catalog, in: account, at: "variants[\(index)]."))
        }
        return try await sequences.createStep(
            NewStep(channel: input.channel, absoluteDays: days, priority: input.priority ?? .normal, assigneeID: input.assigneeID, variants: checked),
            in: id, at: clock.now)
    }

    /// Adds a variant (the next free letter). `step` must name the parent's channel; its other
    /// fields, when given, update the step.
    public func addVariant(
        to stepID: StepID, of id: SequenceID, in account: AccountID, step input: StepInput, variant: VariantInput
    ) async throws -> (SequenceStep, StepVariant) {
        let existing = try await steps(of: id, in: account)
        guard let step = existing.first(where: { $0.id == stepID }) else { throw Self.stepNotFound }
        guard input.channel == step.channel else {
            throw ReachError.invalidInput("type must match the step's type, \(step.channel.name)", field: "type", code: 1001)
        }
        guard step.variants.count < step.channel.maximumVariants else {
            throw ReachError.invalidInput(
                step.channel == .email ? "An email step has at most 26 variants (A to Z)" : "A \(step.channel.title) step has one variant",
                field: "type", code: 1001)
        }
        try await updateStepFields(step, input, among: existing, in: account)
        let catalog = MergeTagCatalog(fields: FieldCatalog(try await fields.fields(in: account)))
        let checked = try await validVariant(variant, channel: step.channel, tags: catalog, in: account, at: "")
        let taken = Set(step.variants.map(\.letterIndex))
        let letter = (0..<26).first { !taken.contains($0) }!
        let added = try await sequences.addVariant(checked, to: stepID, letterIndex: letter, at: clock.now)
        return (try await self.step(stepID, of: id, in: account), added)
    }

    public func updateVariant(
        _ variantID: VariantID, of stepID: StepID, sequence id: SequenceID, in account: AccountID, step input: StepInput?, variant: VariantInput
    ) async throws -> (SequenceStep, StepVariant) {
        let existing = try await steps(of: id, in: account)
        guard let step = existing.first(where: { $0.id == stepID }) else { throw Self.stepNotFound }
        guard let current = step.variants.first(where: { $0.id == variantID }) else { throw Self.variantNotFound }
        if let input {
            guard input.channel == step.channel else {
                throw ReachError.invalidInput("type must match the step's type, \(step.channel.name)", field: "type")
            }
            try await updateStepFields(step, input, among: existing, in: account)
        }
        var changes = VariantChanges(isActive: variant.isActive)
        if variant.payload != nil || variant.taskNote != nil || variant.attachmentIDs != nil || !variant.undecodableAttachmentIDs.isEmpty {
            // Validate the variant as it will be, so a partial change cannot leave it invalid.
            let merged = VariantInput(
                payload: variant.payload ?? Dictionary(uniqueKeysWithValues: current.payload.map { ($0.key.rawValue, $0.value) }),
                taskNote: variant.taskNote ?? current.taskNote, attachmentIDs: variant.attachmentIDs ?? current.attachmentIDs,
                undecodableAttachmentIDs: variant.undecodableAttachmentIDs)
            let catalog = MergeTagCatalog(fields: FieldCatalog(try await fields.fields(in: account)))
            let checked = try await validVariant(merged, channel: step.channel, tags: catalog, in: account, at: "")
            changes.payload = checked.payload
            changes.taskNote = checked.taskNote
            changes.attachmentIDs = checked.attachmentIDs
        }
        if variant.isActive == false, step.variants.filter({ $0.isActive && $0.id != variantID }).isEmpty {
            throw ReachError.invalidInput("A step needs at least one active variant: activate another before pausing this one", field: "status")
        }
        guard let updated = try await sequences.updateVariant(variantID, of: stepID, changes: changes, at: clock.now) else {
            throw Self.variantNotFound
        }
        return (try await self.step(stepID, of: id, in: account), updated)
    }

    public func deleteStep(_ stepID: StepID, of id: SequenceID, in account: AccountID) async throws {
        _ = try await steps(of: id, in: account)
        guard try await sequences.deleteStep(stepID, in: id) else { throw Self.stepNotFound }
    }

    public func deleteVariant(_ variantID: VariantID, of stepID: StepID, sequence id: SequenceID, in account: AccountID) async throws {
        let step = try await step(stepID, of: id, in: account)
        guard step.variants.contains(where: { $0.id == variantID }) else { throw Self.variantNotFound }
        guard step.variants.count > 1 else {
            throw ReachError.invalidInput("A step keeps at least one variant: delete the step instead", field: "variantId")
        }
        guard step.variants.contains(where: { $0.isActive && $0.id != variantID }) else {
            throw ReachError.invalidInput("A step needs at least one active variant: activate another before deleting this one", field: "variantId")
        }
        _ = try await sequences.deleteVariant(variantID, of: stepID)
    }

    // MARK: Rules

    func checkStepFields(_ input: StepInput, days: Int, among steps: [SequenceStep], excluding stepID: StepID?, in account: AccountID) async throws {
        guard (1...999).contains(days) else { throw ReachError.invalidInput("absoluteDays must be between 1 and 999", field: "absoluteDays") }
        if input.channel == .email,
           let clash = steps.first(where: { $0.channel == .email && $0.absoluteDays == days && $0.id != stepID }) {
            throw ReachError.invalidInput(
                "Step \(clash.number) already sends an email on day \(days): a sequence sends at most one email a day", field: "absoluteDays")
        }
        if input.undecodableAssigneeID { throw ReachError.invalidInput("Assignee not found", field: "assigneeId") }
        if let assignee = input.assigneeID, try await !accounts.users(in: account).contains(where: { $0.id == assignee }) {
            throw ReachError.invalidInput("Assignee not found", field: "assigneeId")
        }
    }

    func updateStepFields(_ step: SequenceStep, _ input: StepInput, among steps: [SequenceStep], in account: AccountID) async throws {
        guard input.absoluteDays != nil || input.priority != nil || input.assigneeID != nil || input.undecodableAssigneeID else { return }
        try await checkStepFields(input, days: input.absoluteDays ?? step.absoluteDays, among: steps, excluding: step.id, in: account)
        try await sequences.updateStep(step.id, absoluteDays: input.absoluteDays, priority: input.priority, assigneeID: input.assigneeID, at: clock.now)
    }

    /// The variant's payload checked against its channel: known keys only, required ones
    /// present, lengths, and every text a template that parses with this account's fields.
    func validVariant(_ input: VariantInput, channel: StepChannel, tags: MergeTagCatalog, in account: AccountID, at path: String) async throws -> NewVariant {
        var payload: [VariantPayloadKey: String] = [:]
        for (name, text) in (input.payload ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let key = VariantPayloadKey(rawValue: name), channel.payloadKeys.contains(key) else {
                let allowed = channel.payloadKeys.map(\.rawValue)
                throw ReachError.invalidInput(
                    "\(path)payload.\(name) should not exist: a \(channel.title) variant takes \(allowed.isEmpty ? "an empty payload" : allowed.joined(separator: ", "))",
                    field: "\(path)payload.\(name)")
            }
            guard text.count <= key.maximumLength else {
                throw ReachError.invalidInput("\(path)payload.\(name) must be at most \(key.maximumLength) characters", field: "\(path)payload.\(name)")
            }
            do {
                _ = try MessageTemplate.parse(text, tags: tags)
            } catch {
                throw ReachError.invalidInput("\(path)payload.\(name): \(error.message)", field: "\(path)payload.\(name)")
            }
            if !text.trimmingWhitespace().isEmpty { payload[key] = text }
        }
        for key in channel.requiredPayloadKeys where payload[key] == nil {
            throw ReachError.invalidInput("\(path)payload.\(key.rawValue) should not be empty", field: "\(path)payload.\(key.rawValue)")
        }
        var taskNote = input.taskNote?.trimmingWhitespace()
        if taskNote?.isEmpty == true { taskNote = nil }
        if let taskNote {
            guard channel.makesTask else { throw ReachError.invalidInput("\(path)taskNote is not allowed on an email step", field: "\(path)taskNote") }
            guard taskNote.count <= Self.maximumTaskNoteLength else {
                throw ReachError.invalidInput("\(path)taskNote must be at most 3000 characters", field: "\(path)taskNote")
            }
        }
        let attachmentIDs = input.attachmentIDs ?? []
        if !attachmentIDs.isEmpty || !input.undecodableAttachmentIDs.isEmpty {
            guard channel == .email else {
                throw ReachError.invalidInput("\(path)attachmentIds are only allowed on email steps", field: "\(path)attachmentIds")
            }
            let found = try await attachments.attachments(attachmentIDs, in: account)
            if !input.undecodableAttachmentIDs.isEmpty || Set(found.map(\.id)) != Set(attachmentIDs) {
                throw ReachError.invalidInput("\(path)attachmentIds names an attachment that does not exist", field: "\(path)attachmentIds")
            }
        }
        return NewVariant(payload: payload, taskNote: taskNote, attachmentIDs: attachmentIDs, isActive: input.isActive ?? true)
    }
}
