import NIOCore

/// Frames what an IMAP server sends into whole responses (RFC 9051 §2.2.2): a line ending in
/// CRLF, unless it ends with a literal announcement `{N}`, in which case the next N bytes and
/// the line after them belong to the same response. The bytes are kept exactly as received,
/// literals included, for `IMAPResponseParser`.
struct IMAPResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = [UInt8]

    /// Whole messages arrive as literals; beyond this a response is refused, not buffered.
    static let maximumResponseSize = 64 * 1024 * 1024
    static let maximumLineLength = 64 * 1024
    /// How far into the readable bytes this response has been scanned already.
    private var scanned = 0

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let bytes = buffer.readableBytesView
        var position = bytes.startIndex + scanned
        var lineStart = position
        while true {
            guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else {
                if bytes.endIndex - lineStart > Self.maximumLineLength {
                    throw IMAPProtocolError("response line longer than \(Self.maximumLineLength) bytes")
                }
                scanned = lineStart - bytes.startIndex
                return .needMoreData
            }
            if let literal = try Self.literalLength(endingBefore: newline, in: bytes) {
                guard newline + 1 + literal - bytes.startIndex <= Self.maximumResponseSize else {
                    throw IMAPProtocolError("response larger than \(Self.maximumResponseSize) bytes")
                }
                guard bytes.endIndex >= newline + 1 + literal else {
                    scanned = lineStart - bytes.startIndex
                    return .needMoreData
                }
                position = newline + 1 + literal
                lineStart = position
                continue
            }
            let length = newline + 1 - bytes.startIndex
            scanned = 0
            let response = buffer.readBytes(length: length)!
            context.fireChannelRead(wrapInboundOut(response))
            return .continue
        }
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while buffer.readableBytes > 0, try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }

    /// N when the line ending at `newline` ends with `{N}` (or `{N+}`, the non-synchronising form).
    static func literalLength(endingBefore newline: Int, in bytes: ByteBufferView) throws -> Int? {
        var end = newline
        if end > bytes.startIndex, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end > bytes.startIndex, bytes[end - 1] == UInt8(ascii: "}") else { return nil }
        var index = end - 2
        if index >= bytes.startIndex, bytes[index] == UInt8(ascii: "+") { index -= 1 }
        var digits: [UInt8] = []
        while index >= bytes.startIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            digits.insert(bytes[index], at: 0)
            index -= 1
        }
        guard index >= bytes.startIndex, bytes[index] == UInt8(ascii: "{"), !digits.isEmpty, digits.count <= 10 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }
}

struct IMAPProtocolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
