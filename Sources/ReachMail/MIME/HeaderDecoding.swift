/// Reading header fields as they arrive: unfolding, RFC 2047 encoded words, RFC 2045/2231
/// parameters and address lists. Lenient where real mail is sloppy, exact where it is not.
enum HeaderDecoding {
    /// Splits a header block into fields, unfolding continuation lines. Values keep their raw
    /// text (8-bit bytes read as UTF-8, or Windows-1252 when they are not UTF-8).
    static func fields(_ block: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        var fields: [(name: String, value: [UInt8])] = []
        var lineStart = block.startIndex
        while lineStart < block.endIndex {
            var lineEnd = block[lineStart...].firstIndex(of: 0x0A) ?? block.endIndex
            let next = lineEnd < block.endIndex ? lineEnd + 1 : lineEnd
            if lineEnd > lineStart, block[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = block[lineStart..<lineEnd]
            if let first = line.first, first == 0x20 || first == 0x09 {
                if !fields.isEmpty { fields[fields.count - 1].value += Array(line) }
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let name = String(decoding: block[lineStart..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                var value = Array(block[(colon + 1)..<lineEnd])
                while value.first == 0x20 || value.first == 0x09 { value.removeFirst() }
                if !name.isEmpty { fields.append((name, value)) }
            }
            lineStart = next
        }
        return fields.map { ($0.name, Charset.decode($0.value, charset: "utf-8").text.trimmingCharacters(in: .whitespaces)) }
    }

    /// Decodes `=?charset?B|Q?text?=` words; white space between two encoded words vanishes.
    static func decodeWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var out = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = encodedWord(rest) {
                if !lastWasEncoded { out += pendingSpace }
                pendingSpace = ""
                out += decoded
                lastWasEncoded = true
                rest = after
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
                continue
            }
            out += pendingSpace
            pendingSpace = ""
            out.append(character)
            lastWasEncoded = false
        }
        return out + pendingSpace
    }

    private static func encodedWord(_ text: Substring) -> (String, Substring)? {
        let parts = text.dropFirst(2)
        guard let charsetEnd = parts.firstIndex(of: "?") else { return nil }
        let encodingStart = parts.index(after: charsetEnd)
        guard encodingStart < parts.endIndex else { return nil }
        let encoding = parts[encodingStart].uppercased()
        let textStart = parts.index(encodingStart, offsetBy: 2, limitedBy: parts.endIndex) ?? parts.endIndex
        guard textStart <= parts.endIndex, parts[parts.index(after: encodingStart)] == "?",
              let end = parts[textStart...].range(of: "?=")
        else { return nil }
        // RFC 2231 allows a language after the charset: `UTF-8*en`.
        let charset = String(parts[..<charsetEnd].split(separator: "*").first ?? "")
        let encoded = Array(parts[textStart..<end.lowerBound].utf8)
        let bytes: [UInt8]
        switch encoding {
        case "B":
            guard let decoded = Base64.decode(encoded) else { return nil }
            bytes = decoded
        case "Q":
            bytes = QuotedPrintable.decode(encoded.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 })
        default:
            return nil
        }
        return (Charset.decode(bytes, charset: charset).text, parts[end.upperBound...])
    }

    /// `text/plain; charset="utf-8"; format=flowed` -> ("text/plain", ["charset": "utf-8", ...]).
    /// RFC 2231 continuations (`name*0=`, `name*1=`) and extended values (`name*=utf-8''%C3%A9`)
    /// are joined and decoded.
    static func valueAndParameters(_ header: String) -> (value: String, parameters: [String: String]) {
        let pieces = splitOutsideQuotes(header, separator: ";")
        let value = pieces.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var simple: [String: String] = [:]
        var sections: [String: [(index: Int, value: String, extended: Bool)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var raw = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 {
                raw = String(raw.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            let extended = name.hasSuffix("*")
            if extended { name.removeLast() }
            if let star = name.firstIndex(of: "*"), let index = Int(name[name.index(after: star)...]) {
                sections[String(name[..<star]), default: []].append((index, raw, extended))
            } else if extended {
                sections[name, default: []].append((0, raw, true))
            } else {
                simple[name] = decodeWords(raw)
            }
        }
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.index < $1.index }
            var charset = "utf-8"
            var bytes: [UInt8] = []
            for (position, part) in ordered.enumerated() {
                var text = part.value
                if part.extended, position == 0 {
                    let fields = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = fields[0].isEmpty ? "utf-8" : String(fields[0])
                        text = String(fields[2])
                    }
                }
                bytes += part.extended ? percentDecoded(text) : Array(text.utf8)
            }
            simple[name] = Charset.decode(bytes, charset: charset).text
        }
        return (value, simple)
    }

    private static func percentDecoded(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = QuotedPrintable.hexValue(bytes[index + 1]), let low = QuotedPrintable.hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// `"Lee, Ann" <ann@acme.io>, bob@example.com (Bob), Team: carl@x.io;` -> three addresses.
    static func addresses(_ header: String) -> [MailAddress] {
        var result: [MailAddress] = []
        for var entry in splitOutsideQuotes(header, separator: ",") {
            // Groups: `Team: a@x, b@y;` -- the name before the colon is not an address.
            if let colon = indexOutsideQuotes(entry, of: ":"), !entry[..<colon].contains("<") {
                entry = String(entry[entry.index(after: colon)...])
            }
            entry = entry.replacingOccurrences(of: ";", with: "")
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if let open = trimmed.lastIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") {
                let address = trimmed[trimmed.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
                var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                    name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                }
                if !address.isEmpty { result.append(MailAddress(address, name: decodeWords(name))) }
            } else {
                // `bob@example.com (Bob Smith)`: the comment is the name.
                var address = trimmed
                var name: String?
                if let open = trimmed.firstIndex(of: "("), let close = trimmed.lastIndex(of: ")"), open < close {
                    name = decodeWords(String(trimmed[trimmed.index(after: open)..<close]))
                    address = (trimmed[..<open] + trimmed[trimmed.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                }
                if address.contains("@") { result.append(MailAddress(address, name: name)) }
            }
        }
        return result
    }

    /// Message ids in `<a@b> <c@d>` (References, In-Reply-To), without the angle brackets.
    static func messageIDs(_ header: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(header)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if !id.isEmpty { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty {
            // Some mailers omit the brackets.
            ids = header.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter { $0.contains("@") }
        }
        return ids
    }

    static func splitOutsideQuotes(_ text: String, separator: Character) -> [String] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var angleDepth = 0
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "<" where !inQuotes: angleDepth += 1
            case ">" where !inQuotes: angleDepth = max(0, angleDepth - 1)
            case separator where !inQuotes && angleDepth == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    private static func indexOutsideQuotes(_ text: String, of target: Character) -> String.Index? {
        var inQuotes = false
        for index in text.indices {
            if text[index] == "\"" { inQuotes.toggle() }
            if text[index] == target, !inQuotes { return index }
        }
        return nil
    }
}
