import Foundation

/// A mailbox as a header writes it: `"Ann Lee" <ann@acme.io>`.
public struct MailAddress: Sendable, Equatable {
    public let name: String?
    public let address: String

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The header form: the name quoted or RFC 2047-encoded as it needs.
    var headerValue: String {
        guard let name else { return "<\(address)>" }
        return "\(HeaderEncoding.phrase(name)) <\(address)>"
    }
}

/// Header texts: RFC 2047 encoded words for what is not plain ASCII, quoted strings for display
/// names with specials, and folding at 78 characters.
enum HeaderEncoding {
    static let specials = Set("()<>[]:;@\\,.\"")

    /// A display name: atoms as they are, specials quoted, non-ASCII as encoded words.
    static func phrase(_ text: String) -> String {
        if !text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }) { return encodedWords(text) }
        if text.contains(where: { specials.contains($0) }) {
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return text
    }

    /// Unstructured text (Subject): as it is when printable ASCII, else encoded words.
    static func unstructured(_ text: String) -> String {
        // On scalars and bytes, not Foundation's searches: every email's Subject comes here.
        let breaks = text.utf8.contains { $0 == 0x0D || $0 == 0x0A }
        let flat = breaks ? String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 })) : text
        let bytes = flat.utf8
        let printable = bytes.allSatisfy { ($0 >= 0x20 && $0 != 0x7F && $0 < 0x80) || $0 == 0x09 }
        if printable && !zip(bytes, bytes.dropFirst()).contains(where: { $0 == UInt8(ascii: "=") && $1 == UInt8(ascii: "?") }) { return flat }
        return encodedWords(flat)
    }

    /// `=?UTF-8?B?...?=` words of at most 75 characters, split between characters (never inside
    /// one's UTF-8 bytes), separated by folding white space.
    static func encodedWords(_ text: String) -> String {
        let maximumBytes = 45  // 45 bytes -> 60 base64 characters + 12 of wrapper = 72
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maximumBytes, !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Base64.encode(bytes) + "?="
    }

    /// Folds a header line at spaces so that lines stay within 78 characters where possible.
    /// Encoded words are already folded; a single word longer than the limit is kept whole.
    static func fold(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name + ":"
        for (index, segment) in value.components(separatedBy: "\r\n ").enumerated() {
            if index > 0 {
                lines.append(current)
                current = ""
            }
            for word in segment.split(separator: " ", omittingEmptySubsequences: false) {
                if current.count + 1 + word.count > 78, !current.trimmingCharacters(in: .whitespaces).isEmpty, current != name + ":" {
                    lines.append(current)
                    current = ""
                }
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }
}
