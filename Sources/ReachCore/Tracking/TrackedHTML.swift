/// Writes tracking into the HTML of one sent email: every web link (`<a href="http…">`) goes
/// through its signed click link, and a 1×1 pixel goes before `</body>`. The unsubscribe link is
/// left as it is (a click on it is counted as the unsubscribe it is), and so are `mailto:`,
/// `tel:` and in-page links. The plain-text part is never rewritten: readers see real URLs there.
public enum TrackedHTML {
    public static func instrument(
        _ html: String, opens pixelURL: String?, clicks clickURL: ((String) -> String)?, untracked: Set<String> = []
    ) -> String {
        var out = clickURL.map { rewriteLinks(html, through: $0, untracked: untracked) } ?? html
        if let pixelURL {
            let pixel = "<img src=\"\(HTMLText.escape(pixelURL))\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">"
            if let body = lastBodyEnd(in: out) {
                out.insert(contentsOf: pixel, at: body)
            } else {
                out += pixel
            }
        }
        return out
    }

    static func rewriteLinks(_ html: String, through clickURL: (String) -> String, untracked: Set<String>) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count + 256)
        var rest = Substring(html)
        while let open = nextAnchorStart(in: rest) {
            out += rest[..<open]
            rest = rest[open...]
            // `<abbr>`, `<aside>`: only an anchor is followed by a space.
            guard let next = rest.first, next.isWhitespace, let close = tagEnd(in: rest) else { continue }
            out += rewriteHref(in: rest[..<close], through: clickURL, untracked: untracked)
            rest = rest[close...]
        }
        return out + rest
    }

    /// Just past the next `<a` or `<A` (which may still begin `<abbr>`). Searched on UTF-8: the
    /// body of every email is scanned, and Foundation's case-insensitive search was most of it.
    static func nextAnchorStart(in text: Substring) -> Substring.Index? {
        let bytes = text.utf8
        var index = bytes.startIndex
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            let next = bytes.index(after: open)
            guard next < bytes.endIndex else { return nil }
            if bytes[next] | 0x20 == UInt8(ascii: "a") { return bytes.index(after: next) }
            index = next
        }
        return nil
    }

    /// Where the last `</body` (in any case) starts.
    static func lastBodyEnd(in html: String) -> String.Index? {
        let bytes = html.utf8
        var end = bytes.endIndex
        while let open = bytes[..<end].lastIndex(of: UInt8(ascii: "<")) {
            // Setting 0x20 lower-cases ASCII letters and leaves "</" as they are.
            if bytes[open...].prefix(bodyEnd.count).lazy.map({ $0 | 0x20 }).elementsEqual(bodyEnd) { return open }
            end = open
        }
        return nil
    }

    static let bodyEnd = Array("</body".utf8)

    /// The `>` closing the tag that `text` is inside, skipping quoted attribute values.
    static func tagEnd(in text: Substring) -> Substring.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The attributes of an anchor with its `href` value replaced by the click link, when the
    /// value is a web URL worth tracking.
    static func rewriteHref(in attributes: Substring, through clickURL: (String) -> String, untracked: Set<String>) -> String {
        var rest = attributes
        while let nameStart = rest.firstIndex(where: { $0.isLetter }) {
            let name = rest[nameStart...].prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" })
            var cursor = rest[name.endIndex...].drop(while: \.isWhitespace)
            guard cursor.first == "=" else {
                rest = cursor
                continue
            }
            cursor = cursor.dropFirst().drop(while: \.isWhitespace)
            let valueRange: Range<Substring.Index>
            let afterValue: Substring.Index
            if let quote = cursor.first, quote == "\"" || quote == "'" {
                let start = cursor.index(after: cursor.startIndex)
                let end = cursor[start...].firstIndex(of: quote) ?? cursor.endIndex
                valueRange = start..<end
                afterValue = end < cursor.endIndex ? cursor.index(after: end) : end
            } else {
                let end = cursor.firstIndex(where: \.isWhitespace) ?? cursor.endIndex
                valueRange = cursor.startIndex..<end
                afterValue = end
            }
            if name.lowercased() == "href" {
                let target = HTMLText.decodeEntities(String(attributes[valueRange])).trimmingWhitespace()
                guard isTrackable(target), !untracked.contains(target) else { return String(attributes) }
                let quoted = cursor.first == "\"" || cursor.first == "'"
                let start = quoted ? attributes.index(before: valueRange.lowerBound) : valueRange.lowerBound
                return String(attributes[..<start]) + "\"" + HTMLText.escape(clickURL(target)) + "\"" + String(attributes[afterValue...])
            }
            rest = attributes[afterValue...]
        }
        return String(attributes)
    }

    /// Web links short enough that their tracked form (the target travels percent-encoded in the
    /// query) stays within what mail clients and HTTP servers accept.
    static func isTrackable(_ target: String) -> Bool {
        let lowered = target.prefix(8).lowercased()
        return (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && target.utf8.count <= maximumTrackedLength
    }

    static let maximumTrackedLength = 2048
}
