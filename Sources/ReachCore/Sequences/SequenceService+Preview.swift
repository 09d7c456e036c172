/// A step variant rendered for one prospect, exactly as it would be sent.
public struct VariantPreview: Sendable, Equatable {
    public let step: SequenceStep
    public let variant: StepVariant
    /// For email steps: subject, HTML and the generated text part.
    public let email: RenderedEmail?
    /// For other channels: each payload text rendered as plain text, and the task note.
    public let texts: [VariantPayloadKey: String]
}

extension SequenceService {
    /// Renders `variantID`, or the variant the prospect is assigned when nil. Until email
    /// accounts are connected the sender is the sequence's owner, with no signature.
    public func preview(
        step stepID: StepID, of id: SequenceID, in account: AccountID, prospect prospectID: ProspectID, variant variantID: VariantID?,
        unsubscribeURL: String
    ) async throws -> VariantPreview {
        guard let sequence = try await sequences.sequence(id, in: account) else { throw Self.notFound }
        let step = try await step(stepID, of: id, in: account)
        guard let prospect = try await prospects.prospect(prospectID, in: account) else { throw ReachError.notFound("Prospect not found") }
        let variant: StepVariant
        if let variantID {
            guard let chosen = step.variants.first(where: { $0.id == variantID }) else { throw Self.variantNotFound }
            variant = chosen
        } else {
            guard let assigned = step.variant(for: prospectID) else {
                throw ReachError.invalidInput("The step has no active variant", field: "variantId")
            }
            variant = assigned
        }
        let owner = try await accounts.users(in: account).first { $0.id == sequence.ownerID }
        let catalog = FieldCatalog(try await fields.fields(in: account))
        let tags = MergeTagCatalog(fields: catalog)
        let renderer = TemplateRenderer(
            context: .init(
                prospect: prospect, fields: catalog,
                sender: .init(firstName: owner?.firstName ?? "", lastName: owner?.lastName ?? "", email: owner?.email ?? "", signature: ""),
                unsubscribeURL: unsubscribeURL, unsubscribeHTML: sequence.settings[.unsubscribeLinkHTML], stepID: stepID.rawValue))
        // Saved templates parsed when saved; a field deleted since makes its tag unknown now.
        func template(_ key: VariantPayloadKey) throws -> MessageTemplate? {
            guard let text = variant.payload[key] else { return nil }
            do {
                return try MessageTemplate.parse(text, tags: tags)
            } catch {
                throw ReachError.invalidInput("payload.\(key.rawValue): \(error.message)", field: "payload.\(key.rawValue)")
            }
        }
        if step.channel == .email, let subject = try template(.subject), let content = try template(.content) {
            let email = renderer.renderEmail(subject: subject, content: content, preheader: try template(.preheader))
            return VariantPreview(step: step, variant: variant, email: email, texts: [:])
        }
        var texts: [VariantPayloadKey: String] = [:]
        for key in step.channel.payloadKeys {
            if let parsed = try template(key) { texts[key] = renderer.render(parsed, as: .plain, salt: UInt64(key.hashSalt)) }
        }
        return VariantPreview(step: step, variant: variant, email: nil, texts: texts)
    }
}

extension VariantPayloadKey {
    /// Distinct per key, stable across runs (unlike `hashValue`).
    var hashSalt: Int { Self.allCases.firstIndex(of: self)! + 1 }
}
