/// Mailbox names on the wire (RFC 3501 §5.1.3): printable ASCII as itself, "&" as "&-", and
/// runs of other characters as UTF-16 in base64 with "," for "/", between "&" and "-".
/// Servers that announced UTF8=ACCEPT may send UTF-8, which passes through unchanged.
enum ModifiedUTF7 {
    static func decode(_ name: String) -> String {
        var out = ""
        var bytes = Array(name.utf8)[...]
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            guard byte == UInt8(ascii: "&") else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
                continue
            }
            guard let end = bytes.firstIndex(of: UInt8(ascii: "-")) else { return name }
            let run = bytes[..<end]
            bytes = bytes[(end + 1)...]
            if run.isEmpty {
                out += "&"
                continue
            }
            guard let decoded = decodeRun(Array(run)) else { return name }
            out += decoded
        }
        return out
    }

    static func encode(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            let bytes = pending.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let base64 = Base64.encode(bytes).replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "/", with: ",")
            out += "&" + base64 + "-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending += Array(String(scalar).utf16)
            }
        }
        flush()
        return out
    }

    private static func decodeRun(_ run: [UInt8]) -> String? {
        var text = String(decoding: run, as: UTF8.self).replacingOccurrences(of: ",", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let bytes = Base64.decode(Array(text.utf8)), bytes.count % 2 == 0 else { return nil }
        let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return String(decoding: units, as: UTF16.self)
    }
}
