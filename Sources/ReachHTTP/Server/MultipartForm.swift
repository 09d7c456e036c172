/// Reads a multipart/form-data body (RFC 7578): enough for file uploads, with the limits of the
/// operation already applied to the body's size.
struct MultipartForm {
    struct Part {
        let name: String
        let fileName: String?
        let contentType: String?
        let body: [UInt8]
    }

    let parts: [Part]

    /// Nil when the body is not multipart with the boundary the content type names.
    init?(body: [UInt8], contentType: String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.parameter("boundary", in: contentType), !boundary.isEmpty
        else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        var cursor = 0
        guard let first = Self.find(delimiter, in: body, from: 0) else { return nil }
        cursor = first + delimiter.count
        while cursor + 2 <= body.count {
            if body[cursor] == UInt8(ascii: "-"), body[cursor + 1] == UInt8(ascii: "-") { break }  // closing delimiter
            guard body[cursor] == 0x0D, body[cursor + 1] == 0x0A else { return nil }
            cursor += 2
            guard let headerEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: cursor) else { return nil }
            let headers = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([0x0D, 0x0A] + delimiter, in: body, from: contentStart) else { return nil }
            var name: String?
            var fileName: String?
            var partType: String?
            for line in headers.split(separator: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = Self.parameter("name", in: String(line))
                    fileName = Self.parameter("filename", in: String(line))
                } else if lower.hasPrefix("content-type:") {
                    partType = line.dropFirst("content-type:".count).trimmingCharacters()
                }
            }
            if let name { parts.append(Part(name: name, fileName: fileName, contentType: partType, body: Array(body[contentStart..<next]))) }
            cursor = next + 2 + delimiter.count
        }
        self.parts = parts
    }

    func file(named field: String) -> Part? {
        parts.first { $0.name == field && $0.fileName != nil }
    }

    /// `name=value` or `name="value"` from a header's parameters.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters().lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String { Substring(self).trimmingCharacters() }
}
