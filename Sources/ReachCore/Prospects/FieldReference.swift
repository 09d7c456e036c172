/// How a request names a field: by its label, or by its id.
public enum FieldReference: Sendable, Hashable, CustomStringConvertible {
    case label(String)
    case id(FieldID)
    /// An id this installation could not have issued, kept so the error can quote it.
    case unknownID(String)

    public var description: String {
        switch self {
        case .label(let label): "'\(label)'"
        case .id(let id): "id \(id)"
        case .unknownID(let text): "id \(text)"
        }
    }
}

extension FieldCatalog {
    public func field(_ reference: FieldReference) -> Field? {
        switch reference {
        case .label(let label): field(labeled: label)
        case .id(let id): field(id)
        case .unknownID: nil
        }
    }

    /// Resolves and normalizes cells. Values are "" for an empty cell. Returns the email (when a
    /// cell named it) and the other values, or every reason the cells cannot be used.
    public func read(_ cells: [(FieldReference, String)]) -> Result<(email: EmailAddress?, values: [FieldID: String]), CellErrors> {
        var reasons: [String] = []
        var email: EmailAddress?
        var values: [FieldID: String] = [:]
        for (reference, raw) in cells {
            guard let field = field(reference) else {
                reasons.append("Unknown field \(reference)")
                continue
            }
            if field.systemField == .email {
                let trimmed = raw.trimmingWhitespace()
                if trimmed.isEmpty {
                    email = nil
                } else if let address = EmailAddress(trimmed) {
                    email = address
                } else {
                    reasons.append("\(trimmed) is not a valid email address")
                }
                continue
            }
            switch FieldValueRules.normalize(raw, for: field) {
            case .failure(let error):
                reasons.append(error.reason)
            case .success(let value):
                values[field.id] = value
            }
        }
        return reasons.isEmpty ? .success((email, values)) : .failure(CellErrors(reasons: reasons))
    }
}

public struct CellErrors: Error, Sendable, Equatable {
    public let reasons: [String]
    public var message: String { reasons.joined(separator: "; ") }
}
