/// Base64 with the URL-safe alphabet and without padding (RFC 4648 §5), for signatures and
/// secrets that travel in paths, query strings and headers. Every tracked link of every email
/// carries one, so it is written straight from the bytes.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index < input.count {
            let count = min(3, input.count - index)
            var group = UInt32(input[index]) << 16
            if count > 1 { group |= UInt32(input[index + 1]) << 8 }
            if count > 2 { group |= UInt32(input[index + 2]) }
            // 3 bytes make 4 characters; the last 1 or 2 bytes make 2 or 3.
            for position in 0...count { out.append(alphabet[Int(group >> (18 - 6 * UInt32(position)) & 63)]) }
            index += count
        }
        return String(decoding: out, as: UTF8.self)
    }
}
