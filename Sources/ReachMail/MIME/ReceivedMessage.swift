import Foundation

/// One MIME entity of a received message: its header fields, its content type, and either its
/// decoded body or its parts (multipart/*, and message/rfc822, whose one part is the enclosed
/// message).
public struct MIMEEntity: Sendable {
    public let fields: [MIMEField]
    public let contentType: String
    public let parameters: [String: String]
    /// The body with its transfer encoding undone; empty for multiparts.
    public let body: [UInt8]
    public let parts: [MIMEEntity]

    /// The first field of this name, encoded words decoded.
    public func header(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map { HeaderDecoding.decodeWords($0.value) }
    }

    /// The first field of this name exactly as it arrived (unfolded).
    public func rawHeader(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var isMultipart: Bool { contentType.hasPrefix("multipart/") }

    /// Marked as an attachment, or a non-text part with a file name.
    public var isAttachment: Bool {
        let disposition = rawHeader("Content-Disposition").map { HeaderDecoding.valueAndParameters($0) }
        if disposition?.value == "attachment" { return true }
        return fileName != nil && !contentType.hasPrefix("text/")
    }

    public var fileName: String? {
        let disposition = rawHeader("Content-Disposition").map { HeaderDecoding.valueAndParameters($0).parameters }
        return disposition?["filename"] ?? parameters["name"]
    }

    /// The body as text in its declared charset.
    public var text: String { Charset.decode(body, charset: parameters["charset"]).text }

    /// Every entity in depth-first order, this one first.
    public var allEntities: [MIMEEntity] { [self] + parts.flatMap(\.allEntities) }

    /// Parses a whole message or entity. Never fails: malformed structure is read as well as it
    /// can be (a multipart without its closing boundary still yields its parts).
    public static func parse(_ bytes: [UInt8]) -> MIMEEntity {
        parse(bytes[...], depth: 0, defaultType: "text/plain")
    }

    /// Nesting deeper than this is read as an opaque body: a crafted message cannot exhaust the stack.
    static let maximumDepth = 20

    static func parse(_ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String) -> MIMEEntity {
        let (headerBlock, bodyBytes) = splitHeader(bytes)
        let fields = HeaderDecoding.fields(headerBlock).map { MIMEField(name: $0.name, value: $0.value) }
        let typeField = fields.first { $0.name.caseInsensitiveCompare("Content-Type") == .orderedSame }?.value
        var (contentType, parameters) = typeField.map { HeaderDecoding.valueAndParameters($0) } ?? (defaultType, [:])
        if !contentType.contains("/") { contentType = defaultType }
        let encoding = fields.first { $0.name.caseInsensitiveCompare("Content-Transfer-Encoding") == .orderedSame }?.value
            .trimmingCharacters(in: .whitespaces).lowercased()

        if depth < maximumDepth, contentType.hasPrefix("multipart/"), let boundary = parameters["boundary"], !boundary.isEmpty {
            // In multipart/digest the parts are messages unless they say otherwise (RFC 2046 §5.1.5).
            let childDefault = contentType == "multipart/digest" ? "message/rfc822" : "text/plain"
            let parts = splitParts(bodyBytes, boundary: boundary).map { parse($0, depth: depth + 1, defaultType: childDefault) }
            return MIMEEntity(fields: fields, contentType: contentType, parameters: parameters, body: [], parts: parts)
        }
        let decoded = decodeTransfer(bodyBytes, encoding: encoding)
        if depth < maximumDepth, ["message/rfc822", "message/global"].contains(contentType) {
            return MIMEEntity(
                fields: fields, contentType: contentType, parameters: parameters, body: decoded, parts: [parse(decoded[...], depth: depth + 1, defaultType: "text/plain")])
        }
        return MIMEEntity(fields: fields, contentType: contentType, parameters: parameters, body: decoded, parts: [])
    }

    /// The header block ends at the first empty line (CRLF CRLF, or bare LF LF).
    static func splitHeader(_ bytes: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
        var index = bytes.startIndex
        // A message that starts with an empty line has no header at all.
        if bytes.starts(with: [0x0D, 0x0A]) { return (bytes[index..<index], bytes.dropFirst(2)) }
        if bytes.first == 0x0A { return (bytes[index..<index], bytes.dropFirst(1)) }
        while index < bytes.endIndex {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { break }
            var next = newline + 1
            if next < bytes.endIndex, bytes[next] == 0x0D { next += 1 }
            if next < bytes.endIndex, bytes[next] == 0x0A { return (bytes[bytes.startIndex..<newline], bytes[(next + 1)...]) }
            index = newline + 1
        }
        return (bytes, bytes[bytes.endIndex...])
    }

    /// The parts between `--boundary` lines, up to `--boundary--`; preamble and epilogue dropped.
    /// The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1).
    static func splitParts(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let newline = body[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = newline ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let after = line.dropFirst(delimiter.count)
                let closing = after.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                if after.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) || closing {
                    if let start = partStart {
                        var end = lineStart
                        if end > start, body[end - 1] == 0x0A { end -= 1 }
                        if end > start, body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[start..<max(start, end)])
                    }
                    if closing { return parts }
                    partStart = newline.map { $0 + 1 } ?? body.endIndex
                }
            }
            lineStart = newline.map { $0 + 1 } ?? body.endIndex
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    static func decodeTransfer(_ body: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding {
        case "base64": Base64.decode(Array(body)) ?? Array(body)
        case "quoted-printable": QuotedPrintable.decode(Array(body))
        default: Array(body)
        }
    }
}

public struct MIMEField: Sendable, Equatable {
    public let name: String
    /// Unfolded, otherwise as received.
    public let value: String
}

/// A received message read for what Reach needs: who, when, which thread, what it says.
public struct ReceivedMessage: Sendable {
    public let root: MIMEEntity

    public init(_ bytes: [UInt8]) {
        root = MIMEEntity.parse(bytes)
    }

    public var subject: String? { root.header("Subject") }
    public var from: MailAddress? { root.rawHeader("From").flatMap { HeaderDecoding.addresses($0).first } }
    public var replyTo: [MailAddress] { root.rawHeader("Reply-To").map(HeaderDecoding.addresses) ?? [] }
    public var to: [MailAddress] { root.rawHeader("To").map(HeaderDecoding.addresses) ?? [] }
    public var cc: [MailAddress] { root.rawHeader("Cc").map(HeaderDecoding.addresses) ?? [] }
    public var messageID: String? { root.rawHeader("Message-ID").flatMap { HeaderDecoding.messageIDs($0).first } }
    public var inReplyTo: [String] { root.rawHeader("In-Reply-To").map(HeaderDecoding.messageIDs) ?? [] }
    public var references: [String] { root.rawHeader("References").map(HeaderDecoding.messageIDs) ?? [] }
    public var date: Date? { root.rawHeader("Date").flatMap(MailDate.parse) }

    /// The message's own text/plain, not an attachment's and not one inside a forwarded message.
    public var text: String? { firstBody("text/plain") }
    public var html: String? { firstBody("text/html") }

    public var attachments: [MIMEEntity] { ownEntities(root).filter { $0.isAttachment } }

    private func firstBody(_ type: String) -> String? {
        ownEntities(root).first { $0.contentType == type && !$0.isAttachment }.map(\.text)
    }

    /// Entities of this message, not descending into enclosed messages.
    private func ownEntities(_ entity: MIMEEntity, isRoot: Bool = true) -> [MIMEEntity] {
        if !isRoot, entity.contentType.hasPrefix("message/") { return [entity] }
        return [entity] + entity.parts.flatMap { ownEntities($0, isRoot: false) }
    }
}

/// RFC 5322 dates, with the obsolete forms mail still carries (named zones, missing seconds,
/// missing day of week).
enum MailDate {
    static func parse(_ text: String) -> Date? {
        var value = text
        if let comment = value.firstIndex(of: "(") { value = String(value[..<comment]) }
        var words = value.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if let first = words.first, Int(first) == nil { words.removeFirst() }
        guard words.count >= 4, let day = Int(words[0]), let year = Int(words[2]) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: words[1].prefix(3).lowercased()) else { return nil }
        let time = words[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2 else { return nil }
        var offset = 0
        if words.count >= 5 {
            let zone = words[4]
            let named = ["UT": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7]
            if let hours = named[zone.uppercased()] {
                offset = hours * 3600
            } else if zone.count == 5, let number = Int(zone.dropFirst()), zone.first == "+" || zone.first == "-" {
                offset = (number / 100 * 3600 + number % 100 * 60) * (zone.first == "-" ? -1 : 1)
            }
        }
        var components = DateComponents()
        components.year = year < 50 ? 2000 + year : (year < 1000 ? 1900 + year : year)
        components.month = month + 1
        components.day = day
        components.hour = time[0]
        components.minute = time[1]
        components.second = time.count > 2 ? time[2] : 0
        components.timeZone = TimeZone(secondsFromGMT: offset)
        return Calendar(identifier: .gregorian).date(from: components)
    }
}
