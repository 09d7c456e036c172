/// What a merge tag such as `{{First Name}}` or `{{senderEmail | our team}}` stands for.
public struct MergeTag: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A prospect field, system or custom.
        case field(FieldID)
        /// A fact about the mailbox the email is sent from.
        case sender(SenderField)
        /// The prospect's own unsubscribe link, written as the sequence's unsubscribe text.
        case unsubscribeLink
    }

    public let source: Source
    /// The text as written between the braces, kept for error messages and previews.
    public let name: String
    /// The inline fallback after `|`, used when the value is empty; nil when none was written.
    public let fallback: String?
}

/// The sender facts a template may use.
public enum SenderField: String, Sendable, CaseIterable {
    case senderFirstName, senderLastName, senderName, senderEmail, senderSignature
}

/// Resolves the names written in templates: a field's label (`{{First Name}}`) or its camelCase
/// key (`{{firstName}}`). Names are compared without case, spaces or punctuation, so
/// `{{first_name}}` and `{{FIRST NAME}}` work too; an exact label wins over a squashed match.
public struct MergeTagCatalog: Sendable {
    private let byLabel: [String: MergeTag.Source]
    private let bySquashedName: [String: MergeTag.Source]

    public init(fields: FieldCatalog) {
        var byLabel: [String: MergeTag.Source] = [:]
        var squashed: [String: MergeTag.Source] = [:]
        for sender in SenderField.allCases {
            squashed[Self.squash(sender.rawValue)] = .sender(sender)
        }
        for name in ["unsubscribe", "unsubscribeLink"] {
            squashed[Self.squash(name)] = .unsubscribeLink
        }
        for field in fields.fields {
            byLabel[fieldLabelKey(field.label)] = .field(field.id)
            squashed[Self.squash(field.label)] = squashed[Self.squash(field.label)] ?? .field(field.id)
            if let system = field.systemField {
                squashed[Self.squash(system.rawValue)] = .field(field.id)
                for alias in Self.aliases[system] ?? [] { squashed[Self.squash(alias)] = .field(field.id) }
            }
        }
        self.byLabel = byLabel
        self.bySquashedName = squashed
    }

    /// Other names Saleshandy's own samples use for system fields.
    static let aliases: [SystemField: [String]] = [.company: ["companyName"], .phoneNumber: ["phone"]]

    public func source(named name: String) -> MergeTag.Source? {
        byLabel[fieldLabelKey(name)] ?? bySquashedName[Self.squash(name)]
    }

    static func squash(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }
}
