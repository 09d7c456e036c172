import Crypto
import CryptoExtras
import Foundation

/// DKIM signatures (RFC 6376): rsa-sha256 with relaxed/relaxed canonicalization, one key per
/// sending domain, published at `SELECTOR._domainkey.DOMAIN`.
public struct DKIMSigner: Sendable {
    public let domain: String
    public let selector: String
    let key: _RSA.Signing.PrivateKey

    /// The headers signed when present. From is signed once more than it occurs, so that a From
    /// added on the way cannot pass as covered (RFC 6376 §8.15).
    static let signedHeaders = [
        "from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references", "mime-version", "content-type",
        "list-unsubscribe", "list-unsubscribe-post",
    ]

    public init(domain: String, selector: String, privateKeyPEM: String) throws {
        self.domain = domain
        self.selector = selector
        key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
    }

    /// A new 2048-bit key: its PEM to keep, and the DNS TXT record to publish.
    public static func generateKey(domain: String, selector: String) throws -> (privateKeyPEM: String, dnsName: String, dnsRecord: String) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let publicKey = key.publicKey.derRepresentation.base64EncodedString()
        return (key.pemRepresentation, "\(selector)._domainkey.\(domain)", "v=DKIM1; k=rsa; p=\(publicKey)")
    }

    /// The message with a DKIM-Signature header in front. `message` is a whole RFC 5322 message
    /// with CRLF line endings, as `MIMEMessage.render()` writes it.
    public func sign(_ message: [UInt8], at date: Date) throws -> [UInt8] {
        let (headers, body) = Self.split(message)
        let bodyHash = Data(SHA256.hash(data: Self.relaxedBody(body))).base64EncodedString()
        var signed: [String] = []
        var canonical = ""
        for name in Self.signedHeaders {
            let present = headers.filter { $0.name == name }
            // Bottom-up, as RFC 6376 §5.4.2 orders repeated headers.
            for header in present.reversed() {
                signed.append(name)
                canonical += Self.relaxedHeader(header.name, header.value) + "\r\n"
            }
            if name == "from" { signed.append("from") }
        }
        // The header is signed as it will be sent, folded, with an empty b=; the signature is
        // then appended to it (a verifier deletes b='s value, white space included).
        let unsigned = Self.folded(
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=\(domain); s=\(selector); t=\(Int(date.timeIntervalSince1970)); "
                + "h=\(signed.joined(separator: ":")); bh=\(bodyHash); b=")
        canonical += Self.relaxedHeader("dkim-signature", String(unsigned.dropFirst("DKIM-Signature:".count)))
        let signature = try key.signature(for: Array(canonical.utf8), padding: .insecurePKCS1v1_5).rawRepresentation.base64EncodedString()
        var header = unsigned
        // The last line's length so far (the header is ASCII: bytes are characters).
        var lineLength = unsigned.utf8.count - (unsigned.utf8.lastIndex(of: 0x0A).map { unsigned.utf8.distance(from: unsigned.utf8.startIndex, to: $0) + 1 } ?? 0)
        for character in signature {
            if lineLength >= 76 {
                header += "\r\n\t"
                lineLength = 8
            }
            header.append(character)
            lineLength += 1
        }
        return Array(header.utf8) + [0x0D, 0x0A] + message
    }

    struct Header {
        /// Lower-cased.
        let name: String
        /// As written after the colon, folding included.
        let value: String
    }

    /// The header fields and the body (after the blank line).
    static func split(_ message: [UInt8]) -> ([Header], [UInt8]) {
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        var end = message.count
        var bodyStart = message.count
        if message.count >= 4 {
            for index in 0...(message.count - 4) where message[index..<index + 4].elementsEqual(separator) {
                end = index + 2
                bodyStart = index + 4
                break
            }
        }
        let text = String(decoding: message[0..<end], as: UTF8.self)
        var headers: [Header] = []
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append(Header(name: last.name, value: last.value + "\r\n" + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(Header(name: line[..<colon].lowercased(), value: String(line[line.index(after: colon)...])))
            }
        }
        return (headers, Array(message[bodyStart...]))
    }

    /// Relaxed header canonicalization (§3.4.2): lower-case name, unfolded value with runs of
    /// white space as one space and none at either end. On octets, as the RFC defines it (and
    /// several times faster than on Characters, for every header of every email).
    static func relaxedHeader(_ name: String, _ value: String) -> String {
        var canonical: [UInt8] = []
        canonical.reserveCapacity(name.utf8.count + value.utf8.count + 1)
        for byte in name.lowercased().utf8 where !isWhiteSpace(byte) { canonical.append(byte) }
        canonical.append(UInt8(ascii: ":"))
        var inSpace = false
        var wroteValue = false
        var bytes = value.utf8.makeIterator()
        var next = bytes.next()
        while let byte = next {
            next = bytes.next()
            if byte == 0x0D, next == 0x0A {
                // Unfolding: the line break goes, the white space after it stays a space.
                next = bytes.next()
            } else if isWhiteSpace(byte) {
                inSpace = true
            } else {
                if inSpace && wroteValue { canonical.append(0x20) }
                inSpace = false
                wroteValue = true
                canonical.append(byte)
            }
        }
        return String(decoding: canonical, as: UTF8.self)
    }

    static func isWhiteSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Relaxed body canonicalization (§3.4.4): white space runs as one space, none at line ends,
    /// no empty lines at the end, and a final CRLF unless the body is empty.
    static func relaxedBody(_ body: [UInt8]) -> [UInt8] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < body.count {
            if body[index] == 0x0D, index + 1 < body.count, body[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
                continue
            }
            current.append(body[index])
            index += 1
        }
        if !current.isEmpty { lines.append(current) }
        var out: [UInt8] = []
        var canonicalLines = lines.map { line -> [UInt8] in
            var result: [UInt8] = []
            var inSpace = false
            for byte in line {
                if isWhiteSpace(byte) {
                    inSpace = true
                } else {
                    if inSpace { result.append(0x20) }
                    inSpace = false
                    result.append(byte)
                }
            }
            return result
        }
        while canonicalLines.last?.isEmpty == true { canonicalLines.removeLast() }
        for line in canonicalLines { out += line + [0x0D, 0x0A] }
        return out
    }

    /// Folds the signature header at spaces between tags; a value longer than a line is split
    /// after a colon (h=) or anywhere (the base64 of bh=), where RFC 6376 allows white space.
    static func folded(_ line: String) -> String {
        var out = ""
        var length = 0
        for piece in line.split(separator: " ", omittingEmptySubsequences: false) {
            var word = Substring(piece)
            if length > 0 && length + 1 + word.count > 78 {
                out += "\r\n\t"
                length = 8
            } else if length > 0 {
                out += " "
                length += 1
            }
            while length + word.count > 78 {
                // In h= white space may only stand next to a colon; base64 takes it anywhere.
                var take = max(1, 78 - length)
                if let colon = word.prefix(take).lastIndex(of: ":") { take = word.distance(from: word.startIndex, to: colon) + 1 }
                out += word.prefix(take) + "\r\n\t"
                word = word.dropFirst(take)
                length = 8
            }
            out += word
            length += word.count
        }
        return out
    }
}
