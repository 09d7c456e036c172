/// The two transfer encodings a 7-bit-safe message needs (RFC 2045), both ways.
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

    /// Decodes base64 as mail carries it: line breaks and other characters outside the alphabet
    /// are skipped (RFC 2045 §6.8), padding is optional. Nil when what is left cannot be base64.
    static func decode(_ encoded: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in encoded {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="): return out
            default: continue
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(accumulator >> UInt32(bits) & 0xFF))
            }
        }
        return bits >= 6 ? nil : out
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
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16 + 16)
        var length = 0  // characters on the current output line
        var lineStart = 0  // where the current input line starts
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // CRLF, CR and LF alike end a line: a hard break.
            if byte == 0x0D || byte == 0x0A {
                index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                out.append(0x0D)
                out.append(0x0A)
                length = 0
                lineStart = index
                continue
            }
            let endsLine = index + 1 == bytes.count || bytes[index + 1] == 0x0D || bytes[index + 1] == 0x0A
            let mustEscape =
                byte == UInt8(ascii: "=") || byte > 126 || (byte < 32 && byte != 9)
                || ((byte == 32 || byte == 9) && endsLine)
                || (index == lineStart && (byte == UInt8(ascii: ".") || bytes[index...].starts(with: "From ".utf8)))
            let width = mustEscape ? 3 : 1
            // Leave room for the soft break's "=" within 76 characters.
            if length + width > 75 {
                out.append(UInt8(ascii: "="))
                out.append(0x0D)
                out.append(0x0A)
                length = 0
            }
            if mustEscape {
                out.append(UInt8(ascii: "="))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            } else {
                out.append(byte)
            }
            length += width
            index += 1
        }
        return out
    }

    /// Decodes quoted-printable leniently, as readers must: soft breaks vanish, "=XX" becomes the
    /// byte, and a stray "=" not followed by two hex digits stays as it is.
    static func decode(_ encoded: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count)
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            // A soft line break: "=" then optional trailing white space then the line end.
            var end = index + 1
            while end < encoded.count, encoded[end] == 32 || encoded[end] == 9 { end += 1 }
            if end < encoded.count, encoded[end] == 0x0D || encoded[end] == 0x0A {
                index = end + (encoded[end] == 0x0D && end + 1 < encoded.count && encoded[end + 1] == 0x0A ? 2 : 1)
                continue
            }
            if end == encoded.count {
                index = end
                continue
            }
            if index + 2 < encoded.count, let high = hexValue(encoded[index + 1]), let low = hexValue(encoded[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
