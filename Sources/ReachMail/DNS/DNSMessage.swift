/// DNS messages on the wire (RFC 1035 §4), only as much as mail needs: one question out, the
/// answer section back, with name compression, EDNS(0) and the records MX, TXT, A, AAAA, CNAME.
enum DNSRecordType: UInt16, Sendable {
    case a = 1, cname = 5, mx = 15, txt = 16, aaaa = 28, opt = 41
}

struct DNSQuery {
    let id: UInt16
    let name: String
    let type: DNSRecordType

    /// The query with recursion desired and an EDNS(0) record offering 1232-byte UDP answers
    /// (the DNS flag day size: large enough for TXT-heavy domains, small enough not to fragment).
    func encoded() throws -> [UInt8] {
        var out: [UInt8] = []
        out += id.bigEndianBytes
        out += [0x01, 0x00]  // RD
        out += UInt16(1).bigEndianBytes + UInt16(0).bigEndianBytes + UInt16(0).bigEndianBytes + UInt16(1).bigEndianBytes
        out += try Self.encodeName(name)
        out += type.rawValue.bigEndianBytes + UInt16(1).bigEndianBytes
        out += [0x00] + DNSRecordType.opt.rawValue.bigEndianBytes + UInt16(1232).bigEndianBytes + [0, 0, 0, 0] + UInt16(0).bigEndianBytes
        return out
    }

    static func encodeName(_ name: String) throws -> [UInt8] {
        var out: [UInt8] = []
        for label in name.split(separator: ".") {
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty, bytes.count <= 63 else { throw DNSError.invalidName(name) }
            out.append(UInt8(bytes.count))
            out += bytes
        }
        out.append(0)
        guard out.count <= 255 else { throw DNSError.invalidName(name) }
        return out
    }
}

struct DNSResponse {
    enum ResponseCode: UInt8 {
        case noError = 0, formatError = 1, serverFailure = 2, nameError = 3, notImplemented = 4, refused = 5
    }

    struct Record {
        let name: String
        let type: UInt16
        let data: Data
    }

    enum Data {
        case mx(preference: UInt16, exchange: String)
        case txt(String)
        case address(String)
        case cname(String)
        case other
    }

    let id: UInt16
    let isTruncated: Bool
    let responseCode: UInt8
    let answers: [Record]

    init(_ bytes: [UInt8]) throws {
        var reader = DNSReader(bytes: bytes)
        id = try reader.uint16()
        let flags = try reader.uint16()
        guard flags & 0x8000 != 0 else { throw DNSError.malformed("not a response") }
        isTruncated = flags & 0x0200 != 0
        responseCode = UInt8(flags & 0x000F)
        let questions = try reader.uint16()
        let answerCount = try reader.uint16()
        _ = try reader.uint16()
        _ = try reader.uint16()
        for _ in 0..<questions {
            _ = try reader.name()
            try reader.skip(4)
        }
        var answers: [Record] = []
        for _ in 0..<answerCount {
            let name = try reader.name()
            let type = try reader.uint16()
            try reader.skip(2 + 4)  // class, TTL
            let length = Int(try reader.uint16())
            let end = reader.offset + length
            guard end <= bytes.count else { throw DNSError.malformed("record longer than the message") }
            let data: Data
            switch DNSRecordType(rawValue: type) {
            case .mx: data = .mx(preference: try reader.uint16(), exchange: try reader.name())
            case .txt:
                // One record may hold several strings of up to 255 bytes; SPF and DKIM records
                // are read as their concatenation (RFC 7208 §3.3).
                var text: [UInt8] = []
                while reader.offset < end {
                    let count = Int(try reader.byte())
                    text += try reader.bytes(count)
                }
                data = .txt(String(decoding: text, as: UTF8.self))
            case .a:
                data = .address(try reader.bytes(4).map(String.init).joined(separator: "."))
            case .aaaa:
                let raw = try reader.bytes(16)
                data = .address(stride(from: 0, to: 16, by: 2).map { String(UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1]), radix: 16) }.joined(separator: ":"))
            case .cname: data = .cname(try reader.name())
            default: data = .other
            }
            reader.offset = end
            answers.append(Record(name: name, type: type, data: data))
        }
        self.answers = answers
    }
}

private struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw DNSError.malformed("message ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() throws -> UInt16 {
        UInt16(try byte()) << 8 | UInt16(try byte())
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard offset + count <= bytes.count else { throw DNSError.malformed("message ends early") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func skip(_ count: Int) throws {
        guard offset + count <= bytes.count else { throw DNSError.malformed("message ends early") }
        offset += count
    }

    /// A name, following compression pointers (bounded, so a loop cannot hang the reader).
    mutating func name() throws -> String {
        var labels: [String] = []
        var position = offset
        var jumped = false
        var jumps = 0
        while true {
            guard position < bytes.count else { throw DNSError.malformed("name runs past the message") }
            let length = bytes[position]
            if length & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count, jumps < 64 else { throw DNSError.malformed("bad compression pointer") }
                if !jumped { offset = position + 2 }
                position = Int(length & 0x3F) << 8 | Int(bytes[position + 1])
                jumped = true
                jumps += 1
                continue
            }
            if length == 0 {
                if !jumped { offset = position + 1 }
                return labels.joined(separator: ".")
            }
            let start = position + 1
            let end = start + Int(length)
            guard end <= bytes.count else { throw DNSError.malformed("label runs past the message") }
            labels.append(String(decoding: bytes[start..<end], as: UTF8.self))
            position = end
        }
    }
}

extension UInt16 {
    var bigEndianBytes: [UInt8] { [UInt8(self >> 8), UInt8(self & 0xFF)] }
}

public enum DNSError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case timedOut
    /// SERVFAIL, REFUSED and the like: the answer is unknown, not negative.
    case serverFailure(code: UInt8)
    case malformed(String)
    case connectionFailed(String)

    public var description: String {
        switch self {
        case .invalidName(let name): "not a valid domain name: \(name)"
        case .timedOut: "the DNS server did not answer in time"
        case .serverFailure(let code): "the DNS server could not answer (response code \(code))"
        case .malformed(let what): "malformed DNS answer: \(what)"
        case .connectionFailed(let why): "could not reach the DNS server: \(why)"
        }
    }
}
