import NIOCore

/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and one or more lines of text,
/// the enhanced status code (RFC 3463) read off the first line when the server sends one.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public let code: Int
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later.
    public var isTransient: Bool { (400..<500).contains(code) }
    public var text: String { lines.joined(separator: " ") }

    /// `5.1.1` in `550 5.1.1 User unknown`.
    public var enhancedCode: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".")
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }

    public var description: String { "\(code) \(text)" }
}

/// Frames replies: lines `250-...` continue a reply, `250 ...` ends it. A line longer than the
/// limit, or one that is not a reply line, is a protocol error rather than unbounded buffering.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    static let maximumLineLength = 4096
    static let maximumLines = 500
    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw SMTPProtocolError("reply line longer than \(Self.maximumLineLength) bytes") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-"),
              let code = Int(String(decoding: bytes[0..<3], as: UTF8.self))
        else { throw SMTPProtocolError("not an SMTP reply: \(line.prefix(80))") }
        if let pendingCode, pendingCode != code { throw SMTPProtocolError("reply lines with different codes") }
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard pending.count <= Self.maximumLines else { throw SMTPProtocolError("reply of more than \(Self.maximumLines) lines") }
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") {
            pendingCode = code
            return .continue
        }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        pendingCode = nil
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue && buffer.readableBytes > 0 {}
        return .needMoreData
    }
}

struct SMTPProtocolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
