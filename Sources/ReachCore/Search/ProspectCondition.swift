/// A condition on an account's prospects that storage answers in SQL, so that a search reads
/// only the rows it returns: some text of the prospect, compared in lower case with needles
/// that are already lower-cased.
public struct ProspectCondition: Sendable, Equatable {
    /// Text read from a prospect, as search sees it.
    public enum Text: Sendable, Equatable {
        /// A field's value, trimmed; empty when the account has no such field.
        case field(FieldID?)
        /// The first of these fields' values that is not empty.
        case firstOf([FieldID?])
        /// These fields' non-empty values joined with ", ".
        case joined([FieldID?])
        /// First and last name, lower-cased, with a space between.
        case fullName
        /// The whole email address, lower-cased.
        case email
        /// The domain of the email address, lower-cased.
        case emailDomain
    }

    public enum Comparison: Sendable, Equatable {
        /// The text holds the needle anywhere.
        case contains
        /// The text is the needle.
        case equals
    }

    public let texts: [Text]
    public let needles: [String]
    public let comparison: Comparison
    /// When set, a prospect passes only if no text matches any needle.
    public let negated: Bool

    public init(texts: [Text], needles: [String], comparison: Comparison, negated: Bool = false) {
        self.texts = texts
        self.needles = needles
        self.comparison = comparison
        self.negated = negated
    }
}
