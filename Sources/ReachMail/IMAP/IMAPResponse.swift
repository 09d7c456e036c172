/// A value inside an IMAP response (RFC 9051 §4): atoms, strings (quoted or literal), NIL and
/// parenthesised lists.
public indirect enum IMAPValue: Sendable, Equatable {
    case atom(String)
    case string([UInt8])
    case list([IMAPValue])
    case `nil`

    /// Atoms and strings as text; NIL and lists have none.
    var text: String? {
        switch self {
        case .atom(let atom): atom
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .list, .nil: nil
        }
    }

    var bytes: [UInt8]? {
        switch self {
        case .atom(let atom): Array(atom.utf8)
        case .string(let bytes): bytes
        case .list, .nil: nil
        }
    }

    var items: [IMAPValue] {
        if case .list(let items) = self { return items }
        return []
    }
}

/// OK, NO, BAD, BYE or PREAUTH with its optional response code (`UIDVALIDITY 3857529045`,
/// `AUTHENTICATIONFAILED`) and human-readable text.
public struct IMAPStatusResponse: Sendable, Equatable, CustomStringConvertible {
    public enum Status: String, Sendable {
        case ok = "OK", no = "NO", bad = "BAD", bye = "BYE", preauth = "PREAUTH"
    }

    public let status: Status
    public let code: String?
    public let text: String

    /// The code's first word, upper-cased: `UIDVALIDITY`, `TRYCREATE`, `AUTHENTICATIONFAILED`.
    public var codeName: String? { code?.split(separator: " ").first.map { $0.uppercased() } }
    /// The number after the code's name, for `UIDVALIDITY n`, `UIDNEXT n`, `HIGHESTMODSEQ n`.
    var codeNumber: UInt64? { code?.split(separator: " ").dropFirst().first.flatMap { UInt64($0) } }

    public var description: String { [status.rawValue, code.map { "[\($0)]" }, text].compactMap { $0 }.joined(separator: " ") }
}

/// One framed response from the server.
enum IMAPResponse: Equatable {
    case continuation(String)
    case tagged(tag: String, IMAPStatusResponse)
    case status(IMAPStatusResponse)
    case capability([String])
    case list(IMAPMailbox)
    case search([UInt32])
    case flags([String])
    case exists(Int)
    case recent(Int)
    case expunge(Int)
    /// A FETCH response's attributes by upper-cased name: `UID`, `FLAGS`, `BODY[HEADER]`, `BODY[]`.
    case fetch(sequence: Int, [String: IMAPValue])
    /// Responses Reach does not act on (STATUS, ENABLED, VANISHED, ...).
    case other(String)
}

/// A mailbox as LIST reports it.
public struct IMAPMailbox: Sendable, Equatable {
    /// The name as a person reads it (decoded from the protocol's modified UTF-7).
    public let name: String
    /// The name as the server spells it, for SELECT.
    public let encodedName: String
    public let delimiter: String?
    /// `\Noselect`, `\HasChildren`, and RFC 6154 special uses (`\Sent`, `\Junk`, `\Trash`, ...).
    public let attributes: [String]

    public var isSelectable: Bool {
        !attributes.contains { ["\\NOSELECT", "\\NONEXISTENT"].contains($0.uppercased()) }
    }

    public func hasAttribute(_ attribute: String) -> Bool { attributes.contains { $0.caseInsensitiveCompare(attribute) == .orderedSame } }
}

/// Reads one framed response (see `IMAPResponseDecoder`).
struct IMAPResponseParser {
    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ bytes: [UInt8]) throws -> IMAPResponse {
        var parser = IMAPResponseParser(bytes: bytes)
        return try parser.response()
    }

    private init(bytes: [UInt8]) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        self.bytes = Array(bytes[0..<end])
    }

    private mutating func response() throws -> IMAPResponse {
        if peek == UInt8(ascii: "+") {
            index += 1
            skipSpaces()
            return .continuation(rest())
        }
        let tag = word()
        guard !tag.isEmpty else { throw IMAPProtocolError("empty response") }
        try space()
        if tag != "*" { return .tagged(tag: tag, try statusResponse(word())) }
        let first = word()
        if let number = Int(first) {
            try space()
            let keyword = word().uppercased()
            switch keyword {
            case "EXISTS": return .exists(number)
            case "RECENT": return .recent(number)
            case "EXPUNGE": return .expunge(number)
            case "FETCH":
                try space()
                return .fetch(sequence: number, try fetchAttributes(value()))
            default: return .other(keyword)
            }
        }
        switch first.uppercased() {
        case "OK", "NO", "BAD", "BYE", "PREAUTH": return .status(try statusResponse(first))
        case "CAPABILITY": return .capability(rest().split(separator: " ").map { $0.uppercased() })
        case "LIST", "LSUB": return .list(try mailbox())
        case "SEARCH": return .search(rest().split(separator: " ").compactMap { UInt32($0) })
        case "FLAGS":
            try space()
            return .flags(try value().items.compactMap(\.text))
        default: return .other(first.uppercased())
        }
    }

    private mutating func statusResponse(_ word: String) throws -> IMAPStatusResponse {
        guard let status = IMAPStatusResponse.Status(rawValue: word.uppercased()) else {
            throw IMAPProtocolError("unknown status \(word.prefix(20))")
        }
        skipSpaces()
        var code: String?
        if peek == UInt8(ascii: "[") {
            let start = index + 1
            guard let close = bytes[start...].firstIndex(of: UInt8(ascii: "]")) else { throw IMAPProtocolError("unterminated response code") }
            code = String(decoding: bytes[start..<close], as: UTF8.self)
            index = close + 1
            skipSpaces()
        }
        return IMAPStatusResponse(status: status, code: code, text: rest())
    }

    private mutating func mailbox() throws -> IMAPMailbox {
        try space()
        let attributes = try value().items.compactMap(\.text)
        try space()
        let delimiter = try value().text
        try space()
        let encoded = try value().text ?? ""
        return IMAPMailbox(name: ModifiedUTF7.decode(encoded), encodedName: encoded, delimiter: delimiter, attributes: attributes)
    }

    private func fetchAttributes(_ list: IMAPValue) throws -> [String: IMAPValue] {
        let items = list.items
        guard items.count % 2 == 0 else { throw IMAPProtocolError("FETCH attributes are not name-value pairs") }
        var attributes: [String: IMAPValue] = [:]
        for pair in stride(from: 0, to: items.count, by: 2) {
            guard let name = items[pair].text else { throw IMAPProtocolError("FETCH attribute without a name") }
            attributes[name.uppercased()] = items[pair + 1]
        }
        return attributes
    }

    // MARK: Values

    private mutating func value() throws -> IMAPValue {
        guard let byte = peek else { throw IMAPProtocolError("response ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "("):
            index += 1
            var items: [IMAPValue] = []
            while true {
                skipSpaces()
                guard let next = peek else { throw IMAPProtocolError("unterminated list") }
                if next == UInt8(ascii: ")") {
                    index += 1
                    return .list(items)
                }
                items.append(try value())
            }
        case UInt8(ascii: "\""):
            return .string(try quoted())
        case UInt8(ascii: "{"):
            return .string(try literal())
        default:
            let atom = self.atom()
            guard !atom.isEmpty else { throw IMAPProtocolError("unexpected \(Character(Unicode.Scalar(byte)))") }
            return atom.uppercased() == "NIL" ? .nil : .atom(atom)
        }
    }

    private mutating func quoted() throws -> [UInt8] {
        index += 1
        var out: [UInt8] = []
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw IMAPProtocolError("unterminated quoted string") }
                out.append(escaped)
                index += 1
            case UInt8(ascii: "\""):
                return out
            default:
                out.append(byte)
            }
        }
        throw IMAPProtocolError("unterminated quoted string")
    }

    private mutating func literal() throws -> [UInt8] {
        guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else { throw IMAPProtocolError("unterminated literal") }
        let digits = bytes[(index + 1)..<close].filter { $0 != UInt8(ascii: "+") }
        guard let length = Int(String(decoding: digits, as: UTF8.self)) else { throw IMAPProtocolError("literal without a length") }
        var start = close + 1
        if start < bytes.count, bytes[start] == UInt8(ascii: "\r") { start += 1 }
        if start < bytes.count, bytes[start] == UInt8(ascii: "\n") { start += 1 }
        guard start + length <= bytes.count else { throw IMAPProtocolError("literal shorter than announced") }
        index = start + length
        return Array(bytes[start..<(start + length)])
    }

    /// An atom; a section in brackets (`BODY[HEADER.FIELDS (FROM TO)]`) belongs to it, spaces
    /// and parentheses included, and so does a partial suffix (`<0>`).
    private mutating func atom() -> String {
        let start = index
        while let byte = peek {
            if byte == UInt8(ascii: "[") {
                var depth = 0
                while let inner = peek {
                    if inner == UInt8(ascii: "[") { depth += 1 }
                    if inner == UInt8(ascii: "]") { depth -= 1 }
                    index += 1
                    if depth == 0 { break }
                }
                continue
            }
            if [UInt8(ascii: " "), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""), UInt8(ascii: "{")].contains(byte) { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    // MARK: Lexing

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func word() -> String {
        let start = index
        while let byte = peek, byte != UInt8(ascii: " ") { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func space() throws {
        guard peek == UInt8(ascii: " ") else { throw IMAPProtocolError("expected a space") }
        skipSpaces()
    }

    private mutating func skipSpaces() {
        while peek == UInt8(ascii: " ") { index += 1 }
    }

    private mutating func rest() -> String {
        skipSpaces()
        defer { index = bytes.count }
        return String(decoding: bytes[index...], as: UTF8.self)
    }
}
