import ReachAPI
import ReachCore
import ReachJSON

/// Domain values in their wire shapes: the one place ids are encoded and dates written.
extension APIRequest {
    /// Prospects in their wire shape; each field's id is encoded once for the whole list.
    func wire(_ list: [ProspectService.Details], catalog: FieldCatalog, includeCustomFields: Bool) -> [ProspectsAPI.Prospect] {
        let fields = catalog.fields.filter { $0.isDefault || includeCustomFields }.map { ($0, encode($0.id)) }
        return list.map { wire($0, fields: fields) }
    }

    func wire(_ details: ProspectService.Details, catalog: FieldCatalog, includeCustomFields: Bool) -> ProspectsAPI.Prospect {
        wire([details], catalog: catalog, includeCustomFields: includeCustomFields)[0]
    }

    private func wire(_ details: ProspectService.Details, fields: [(Field, String)]) -> ProspectsAPI.Prospect {
        let prospect = details.prospect
        var attributes: [ProspectsAPI.Attribute] = []
        for (field, id) in fields {
            let value = field.systemField == .email ? prospect.email : prospect.values[field.id] ?? ""
            if !value.isEmpty { attributes.append(ProspectsAPI.Attribute(id: id, key: field.label, value: value)) }
        }
        return ProspectsAPI.Prospect(
            id: encode(prospect.id), createdAt: ISO8601Parsing.string(from: prospect.createdAt),
            updatedAt: ISO8601Parsing.string(from: prospect.updatedAt), email: prospect.email,
            verificationStatus: prospect.verificationStatus.rawValue, attributes: attributes,
            tags: details.tags.map { ProspectsAPI.TagReference(id: encode($0.id), name: $0.name) },
            ownerId: prospect.ownerID.map(encode), unsubscribedAt: prospect.unsubscribedAt.map(ISO8601Parsing.string))
    }

    func wire(_ field: Field) -> FieldsAPI.Field {
        FieldsAPI.Field(
            id: encode(field.id), label: field.label, fieldType: field.type.rawValue, isDefault: field.isDefault,
            fallbackText: field.fallbackText,
            metadata: FieldsAPI.Metadata(options: field.type == .dropdown ? field.options : nil, currencyCode: field.currencyCode),
            tags: field.tags, createdAt: ISO8601Parsing.string(from: field.createdAt))
    }

    func wire(_ note: Note) -> NotesAPI.Note {
        NotesAPI.Note(
            id: encode(note.id), content: note.content, visibility: String(note.visibility.rawValue), status: String(note.status.rawValue),
            createdBy: encode(note.authorID), prospectIds: note.prospectIDs.map(encode), attachments: note.attachments.map(wire),
            createdAt: ISO8601Parsing.string(from: note.createdAt), updatedAt: ISO8601Parsing.string(from: note.updatedAt))
    }

    func wire(_ attachment: Attachment) -> NotesAPI.Attachment {
        NotesAPI.Attachment(
            id: encode(attachment.id), fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.size,
            createdAt: ISO8601Parsing.string(from: attachment.createdAt))
    }

    func wire(_ list: DoNotContactList) -> DoNotContactAPI.List {
        DoNotContactAPI.List(
            id: encode(list.id), name: list.name, numberOfItems: list.itemCount, createdAt: ISO8601Parsing.string(from: list.createdAt),
            updatedAt: ISO8601Parsing.string(from: list.updatedAt), createdBy: list.createdBy.map(encode), clientId: list.clientID.map(encode))
    }

    func wire(_ item: DoNotContactItem) -> DoNotContactAPI.Item {
        DoNotContactAPI.Item(
            id: encode(item.id), value: item.value, type: item.type.rawValue, createdAt: ISO8601Parsing.string(from: item.createdAt),
            addedBy: item.addedBy.map(encode))
    }

    /// A cell as the text Reach stores: numbers without a needless ".0", booleans as words.
    static func cellText(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .double(let number)?: number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: ""
        }
    }

    /// A field named by an id (when the text decodes as one) or else by its label.
    func fieldReference(_ key: String) -> FieldReference {
        codec.decode(key, as: Field.self).map(FieldReference.id) ?? .label(key)
    }
}

extension PageMeta {
    init<Item>(_ page: Page<Item>) {
        self.init(totalItems: page.totalItems, currentPage: page.request.number, itemsPerPage: page.request.size, itemCount: page.items.count)
    }
}
