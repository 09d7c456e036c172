import Foundation

/// Custom fields: the rules for creating and changing them.
public struct FieldService: Sendable {
    let fields: any FieldStore
    let clock: any WallClock

    public static let maximumDropdownOptions = 50

    public init(fields: any FieldStore, clock: any WallClock) {
        self.fields = fields
        self.clock = clock
    }

    public func list(in account: AccountID, includeSystemFields: Bool) async throws -> [Field] {
        let all = try await fields.fields(in: account)
        return includeSystemFields ? all : all.filter { !$0.isDefault }
    }

    public func create(
        in account: AccountID, label: String, type: FieldType, fallbackText: String?, options: [String]?, currencyCode: String?, tags: [String]?
    ) async throws -> Field {
        let label = label.trimmingWhitespace()
        guard !label.isEmpty, label.count <= 100 else {
            throw ReachError.invalidInput("label must be 1 to 100 characters", field: "label", code: 1001)
        }
        if SystemField.allCases.contains(where: { fieldLabelKey($0.label) == fieldLabelKey(label) }) {
            throw ReachError.invalidInput("Default fields cannot be added as custom fields", field: "label", code: 1001)
        }
        var cleanOptions: [String] = []
        var cleanCurrency: String?
        switch type {
        case .dropdown:
            cleanOptions = (options ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            guard !cleanOptions.isEmpty else {
                throw ReachError.invalidInput("A dropdown field needs metadata.options", field: "metadata.options", code: 1001)
            }
            guard cleanOptions.count <= Self.maximumDropdownOptions else {
                throw ReachError.invalidInput("A dropdown field can have up to \(Self.maximumDropdownOptions) options", field: "metadata.options", code: 1001)
            }
            guard Set(cleanOptions.map { $0.lowercased() }).count == cleanOptions.count else {
                throw ReachError.invalidInput("Dropdown options must be distinct", field: "metadata.options", code: 1001)
            }
        case .currency:
            guard let code = currencyCode?.uppercased(), CurrencyCode.all.contains(code) else {
                throw ReachError.invalidInput(
                    "A currency field needs metadata.currencyCode, one of \(CurrencyCode.all.joined(separator: ", "))",
                    field: "metadata.currencyCode", code: 1001)
            }
            cleanCurrency = code
        default:
            guard (options ?? []).isEmpty, currencyCode == nil else {
                throw ReachError.invalidInput("Only dropdown fields have options and only currency fields a currency code", field: "metadata", code: 1001)
            }
        }
        let field = NewField(
            label: label, type: type, fallbackText: fallbackText?.trimmingWhitespace() ?? "", options: cleanOptions,
            currencyCode: cleanCurrency, tags: Self.clean(tags ?? []))
        return try await fields.createField(field, in: account, at: clock.now)
    }

    public func update(_ id: FieldID, in account: AccountID, label: String?, fallbackText: String?, tags: [String]?) async throws -> Field {
        guard let existing = try await fields.fields(in: account).first(where: { $0.id == id }) else {
            throw ReachError.invalidInput("Field not found", field: "fieldId", code: 1001)
        }
        var newLabel: String?
        if let label {
            let trimmed = label.trimmingWhitespace()
            if existing.isDefault, trimmed != existing.label {
                throw ReachError.invalidInput("Default field names cannot be edited", field: "label", code: 1001)
            }
            guard !trimmed.isEmpty, trimmed.count <= 100 else {
                throw ReachError.invalidInput("label must be 1 to 100 characters", field: "label", code: 1001)
            }
            if !existing.isDefault, SystemField.allCases.contains(where: { fieldLabelKey($0.label) == fieldLabelKey(trimmed) }) {
                throw ReachError.invalidInput("Default fields cannot be added as custom fields", field: "label", code: 1001)
            }
            newLabel = existing.isDefault ? nil : trimmed
        }
        guard newLabel != nil || fallbackText != nil || tags != nil else {
            throw ReachError.invalidInput("Provide label, fallbackText or tags", code: 1001)
        }
        return try await fields.updateField(
            id, in: account, label: newLabel, fallbackText: fallbackText?.trimmingWhitespace(), tags: tags.map(Self.clean), at: clock.now)
    }

    static func clean(_ tags: [String]) -> [String] {
        var seen: Set<String> = []
        return tags.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }
}

/// An account's fields looked up by label, id or system role: built once per operation.
public struct FieldCatalog: Sendable {
    public let fields: [Field]
    /// Labels exactly as stored: the common case of an import, found without normalising.
    private let byExactLabel: [String: Field]
    private let byLabel: [String: Field]
    private let byID: [FieldID: Field]

    public init(_ fields: [Field]) {
        self.fields = fields
        byExactLabel = Dictionary(fields.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        byLabel = Dictionary(fields.map { (fieldLabelKey($0.label), $0) }, uniquingKeysWith: { first, _ in first })
        byID = Dictionary(fields.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func field(labeled label: String) -> Field? { byExactLabel[label] ?? byLabel[fieldLabelKey(label)] }
    public func field(_ id: FieldID) -> Field? { byID[id] }
    public func field(_ system: SystemField) -> Field? { fields.first { $0.systemField == system } }
}
