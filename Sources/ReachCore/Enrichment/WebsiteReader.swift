import Foundation

/// Reads a company's home page. ReachEngine implements it over HTTP(S), resolving names with
/// Reach's own resolver and refusing private addresses unless told otherwise.
public protocol WebsiteReader: Sendable {
    func homepage(of domain: String) async -> WebsiteVisit
}

public enum WebsiteVisit: Sendable, Equatable {
    /// The page's HTML (its first part) and the URL it was finally read from, after redirects.
    case page(html: String, url: String)
    /// No page: why (no address, refused, not HTML, an error status, a timeout).
    case unavailable(String)
}

/// What a home page says of its owner in its own head: the values enrichment may take from it.
public struct WebsiteMetadata: Sendable, Equatable {
    public var title: String?
    public var siteName: String?
    public var description: String?
    public var language: String?
    /// A company page on LinkedIn that the site links to.
    public var linkedinURL: String?

    public init(title: String? = nil, siteName: String? = nil, description: String? = nil, language: String? = nil, linkedinURL: String? = nil) {
        self.title = title
        self.siteName = siteName
        self.description = description
        self.language = language
        self.linkedinURL = linkedinURL
    }

    /// Reads `<title>`, `og:site_name`, the description (`description`, else `og:description`),
    /// `<html lang>` and the first link to a LinkedIn company page. A tolerant scan, not a full
    /// HTML parser: it needs only tags and attributes, which real pages write plainly.
    public init(html: String) {
        var meta: [String: String] = [:]
        for tag in Self.tags(named: "meta", in: html) {
            let attributes = Self.attributes(of: tag)
            guard let key = (attributes["property"] ?? attributes["name"])?.lowercased(), let content = attributes["content"] else { continue }
            if meta[key] == nil { meta[key] = Self.clean(content) }
        }
        title = Self.element("title", in: html).map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
        siteName = meta["og:site_name"].flatMap { $0.isEmpty ? nil : $0 }
        description = (meta["description"] ?? meta["og:description"]).flatMap { $0.isEmpty ? nil : $0 }
        language = Self.tags(named: "html", in: html).first.flatMap { Self.attributes(of: $0)["lang"] }.flatMap { $0.isEmpty ? nil : $0 }
        linkedinURL = Self.tags(named: "a", in: html).lazy.compactMap { Self.attributes(of: $0)["href"] }.first(where: Self.isLinkedInCompanyPage)
    }

    /// The company's name as its site gives it: `og:site_name`, else the part of the title that
    /// names the domain ("Acme | Rockets for everyone" at acme.test gives "Acme"), else nil:
    /// a title like "Home" names nothing.
    public func companyName(forDomain domain: String) -> (name: String, source: String)? {
        if let siteName { return (siteName, "the website's og:site_name") }
        guard let title else { return nil }
        let label = Self.squashed(domain.split(separator: ".").first.map(String.init) ?? domain)
        let parts = title.components(separatedBy: CharacterSet(charactersIn: "|–—·:")).flatMap { $0.components(separatedBy: " - ") }
            .map(\.trimmed).filter { !$0.isEmpty }
        // The part must be the domain's name, or start with it when the name is long enough not
        // to start other words by chance ("Acme Tools" at acme.io; not "Next-gen" at x.com).
        let names = { (part: String) in
            let squashed = Self.squashed(part)
            return !label.isEmpty && (squashed == label || (label.count >= 3 && squashed.hasPrefix(label)))
        }
        guard let named = parts.first(where: names) else { return nil }
        return (named, "the website's title")
    }

    static func isLinkedInCompanyPage(_ href: String) -> Bool {
        guard let url = URL(string: href), let host = url.host?.lowercased(), host == "linkedin.com" || host.hasSuffix(".linkedin.com") else { return false }
        return url.path.hasPrefix("/company/") && url.path.count > "/company/".count
    }

    static func squashed(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The opening tags `<name ...>` (case-insensitive), each as the text between `<` and `>`.
    static func tags(named name: String, in html: String) -> [Substring] {
        var found: [Substring] = []
        var rest = html[...]
        while let open = rest.range(of: "<" + name, options: .caseInsensitive) {
            let after = rest[open.upperBound...]
            guard let next = after.first, next == ">" || next == "/" || next.isWhitespace else {
                rest = after
                continue
            }
            guard let close = after.firstIndex(of: ">") else { break }
            found.append(after[..<close])
            rest = after[after.index(after: close)...]
        }
        return found
    }

    /// The text of the first `<name ...>...</name>` element.
    static func element(_ name: String, in html: String) -> String? {
        guard let open = tags(named: name, in: html).first else { return nil }
        let start = html.index(after: open.endIndex)
        guard start <= html.endIndex, let end = html.range(of: "</" + name, options: .caseInsensitive, range: start..<html.endIndex) else { return nil }
        return String(html[start..<end.lowerBound])
    }

    /// Attributes of a tag's text, names lower-cased: `name="x"`, `name='x'` or `name=x`.
    static func attributes(of tag: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var index = tag.startIndex
        func skipSpaces() { while index < tag.endIndex, tag[index].isWhitespace || tag[index] == "/" { index = tag.index(after: index) } }
        while index < tag.endIndex {
            skipSpaces()
            let nameStart = index
            while index < tag.endIndex, !tag[index].isWhitespace, tag[index] != "=", tag[index] != "/" { index = tag.index(after: index) }
            let name = tag[nameStart..<index].lowercased()
            skipSpaces()
            guard index < tag.endIndex, tag[index] == "=" else {
                if !name.isEmpty, result[name] == nil { result[name] = "" }
                continue
            }
            index = tag.index(after: index)
            while index < tag.endIndex, tag[index].isWhitespace { index = tag.index(after: index) }
            guard index < tag.endIndex else { break }
            let value: Substring
            if tag[index] == "\"" || tag[index] == "'" {
                let quote = tag[index]
                let start = tag.index(after: index)
                let end = tag[start...].firstIndex(of: quote) ?? tag.endIndex
                value = tag[start..<end]
                index = end < tag.endIndex ? tag.index(after: end) : end
            } else {
                let start = index
                while index < tag.endIndex, !tag[index].isWhitespace { index = tag.index(after: index) }
                value = tag[start..<index]
            }
            if !name.isEmpty, result[name] == nil { result[name] = String(value) }
        }
        return result
    }

    /// Entities decoded (numeric ones, and the named ones page heads use) and white space collapsed.
    static func clean(_ text: String) -> String {
        var decoded = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            decoded += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semicolon = after.prefix(10).firstIndex(of: ";"), let character = entity(after[..<semicolon]) {
                decoded.append(character)
                rest = after[after.index(after: semicolon)...]
            } else {
                decoded.append("&")
                rest = after
            }
        }
        decoded += rest
        return decoded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func entity(_ name: Substring) -> Character? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
        return namedEntities[String(name)]
    }

    static let namedEntities: [String: Character] = {
        var table: [String: Character] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®", "trade": "™",
            "mdash": "—", "ndash": "–", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«",
            "raquo": "»", "euro": "€", "pound": "£", "middot": "·", "bull": "•", "szlig": "ß",
        ]
        // Accented Latin letters: &auml; &Eacute; &ccedil; &oslash; ...
        let marks: [(String, UInt32)] = [("grave", 0x300), ("acute", 0x301), ("circ", 0x302), ("tilde", 0x303), ("uml", 0x308), ("ring", 0x30A), ("cedil", 0x327)]
        for letter in "aeiouycnAEIOUYCN" {
            for (mark, combining) in marks {
                let composed = (String(letter) + String(Unicode.Scalar(combining)!)).precomposedStringWithCanonicalMapping
                if composed.unicodeScalars.count == 1 { table["\(letter)\(mark)"] = Character(composed) }
            }
        }
        table["oslash"] = "ø"
        table["Oslash"] = "Ø"
        table["aelig"] = "æ"
        table["AElig"] = "Æ"
        return table
    }()
}
