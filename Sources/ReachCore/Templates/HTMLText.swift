/// The two conversions between text and HTML an email needs: escaping values written into HTML,
/// and the plain-text part generated from the HTML body.
public enum HTMLText {
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") })
        else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Readable text from an email body: paragraphs and line breaks kept, links written as
    /// `text (url)`, list items as `- item`, styles and scripts dropped, entities decoded.
    public static func plainText(fromHTML html: String) -> String {
        var lines = ""
        var scanner = Substring(html)
        var pendingLink: String?
        var skipping: String?
        while let open = scanner.firstIndex(of: "<") {
            if skipping == nil { lines += collapseSpaces(decodeEntities(String(scanner[..<open]))) }
            guard let close = scanner[open...].firstIndex(of: ">") else {
                scanner = scanner[open...]
                break
            }
            let tag = Tag(scanner[scanner.index(after: open)..<close])
            scanner = scanner[scanner.index(after: close)...]
            if let skipped = skipping {
                if tag.isClosing && tag.name == skipped { skipping = nil }
                continue
            }
            switch (tag.name, tag.isClosing) {
            case ("style", false), ("script", false), ("head", false), ("title", false):
                skipping = tag.name
            case ("br", _):
                lines += "\n"
            case ("p", _), ("div", _), ("h1", _), ("h2", _), ("h3", _), ("h4", _), ("h5", _), ("h6", _), ("tr", true), ("table", _),
                ("ul", _), ("ol", _), ("blockquote", _):
                lines += "\n\n"
            case ("li", false):
                lines += "\n- "
            case ("a", false):
                pendingLink = tag.attribute("href")
                lines += "\u{1}"  // marks where the link text starts
            case ("a", true):
                if let start = lines.lastIndex(of: "\u{1}") {
                    let text = lines[lines.index(after: start)...].trimmingWhitespace()
                    lines.removeSubrange(start...)
                    if let url = pendingLink, !url.isEmpty, url != text, !url.hasPrefix("mailto:") || text.isEmpty {
                        lines += text.isEmpty ? url : "\(text) (\(url))"
                    } else {
                        lines += text
                    }
                }
                pendingLink = nil
            default:
                break
            }
        }
        if skipping == nil { lines += collapseSpaces(decodeEntities(String(scanner))) }
        lines.removeAll { $0 == "\u{1}" }
        return tidy(lines)
    }

    /// Trims every line and keeps at most one blank line between paragraphs.
    static func tidy(_ text: String) -> String {
        var result: [String] = []
        var blank = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty {
                blank = !result.isEmpty
                continue
            }
            if blank { result.append("") }
            blank = false
            result.append(trimmed)
        }
        return result.joined(separator: "\n")
    }

    static func collapseSpaces(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for character in text {
            if character.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = false
            }
        }
        return out
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®", "hellip": "…",
        "mdash": "—", "ndash": "–", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "euro": "€",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semicolon = after.prefix(10).firstIndex(of: ";") {
                let name = after[..<semicolon]
                var decoded: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    decoded = namedEntities[String(name)]
                }
                if let decoded {
                    out += decoded
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }

    /// An HTML tag's name and attributes, read leniently.
    struct Tag {
        let name: String
        let isClosing: Bool
        let body: Substring

        init(_ text: Substring) {
            var body = text.drop(while: { $0 == " " })
            isClosing = body.first == "/"
            if isClosing { body = body.dropFirst() }
            let name = body.prefix(while: { $0.isLetter || $0.isNumber })
            self.name = name.lowercased()
            self.body = body.dropFirst(name.count)
        }

        func attribute(_ wanted: String) -> String? {
            var rest = body
            while let equals = rest.firstIndex(of: "=") {
                let name = rest[..<equals].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).last?.lowercased()
                var value = rest[rest.index(after: equals)...].drop(while: { $0 == " " })
                let quote = value.first
                let text: Substring
                if quote == "\"" || quote == "'" {
                    value = value.dropFirst()
                    let end = value.firstIndex(of: quote!) ?? value.endIndex
                    text = value[..<end]
                    rest = end < value.endIndex ? value[value.index(after: end)...] : value[end...]
                } else {
                    let end = value.firstIndex(where: { $0 == " " || $0 == ">" }) ?? value.endIndex
                    text = value[..<end]
                    rest = value[end...]
                }
                if name == wanted { return decodeEntities(String(text)) }
            }
            return nil
        }
    }
}
