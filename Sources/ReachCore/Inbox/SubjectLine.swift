import Foundation

/// Subject lines as mail programs change them when answering or forwarding.
public enum SubjectLine {
    /// Reply and forward prefixes in the languages Reach reads (Re, AW, Antw, SV, RV, Fwd, WG,
    /// TR, Réf), any number of them, with or without a counter such as `Re[2]:`.
    static let prefixes = ["re", "aw", "antw", "sv", "rv", "fw", "fwd", "wg", "tr", "réf", "ref", "r"]

    /// The subject without its reply and forward prefixes, trimmed and lowercased: two subjects
    /// of one conversation compare equal.
    public static func conversationKey(_ subject: String) -> String {
        var rest = Substring(subject.lowercased())
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let colon = rest.firstIndex(of: ":") else { break }
            var word = rest[..<colon].trimmingCharacters(in: .whitespaces)
            if let bracket = word.firstIndex(where: { $0 == "[" || $0 == "(" }), word.last == "]" || word.last == ")" {
                word = String(word[..<bracket])
            }
            guard prefixes.contains(word) else { break }
            rest = rest[rest.index(after: colon)...]
        }
        return rest.trimmingCharacters(in: .whitespaces)
    }
}
