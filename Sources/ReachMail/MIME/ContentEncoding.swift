/// The two transfer encodings a 7-bit-safe message needs (RFC 2045).
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        String(decoding: encodeBytes(bytes), as: UTF8.self)
    }

    static func encodeBytes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")]
        }
        return out
    }

    /// Body form: lines of 76 characters.
    static func encodeLines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = encodeBytes(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            out += encoded[start..<end]
            out += [0x0D, 0x0A]
            start = end
        }
        return out
    }
}

enum QuotedPrintable {
    static let hex = Array("0123456789ABCDEF".utf8)

    /// Text with CRLF line breaks kept as hard breaks, lines of at most 76 characters joined by
    /// soft breaks, "=" and non-printable bytes escaped, and trailing white space protected.
    /// A "." or "From " starting a line is escaped too, so no relay or mailbox mangles it.
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            var length = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let mustEscape =
                    byte == UInt8(ascii: "=") || byte > 126 || (byte < 32 && byte != 9)
                    || ((byte == 32 || byte == 9) && isLast)
                    || (index == 0 && byte == UInt8(ascii: "."))
                    || (index == 0 && bytes.starts(with: Array("From ".utf8)))
                let piece: [UInt8] = mustEscape ? [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]] : [byte]
                // Leave room for the soft break's "=" within 76 characters.
                if length + piece.count > 75 {
                    out += [UInt8(ascii: "="), 0x0D, 0x0A]
                    length = 0
                }
                out += piece
                length += piece.count
            }
            if lineIndex < lines.count - 1 { out += [0x0D, 0x0A] }
        }
        return out
    }
}
