/// Which uploads Reach accepts: common business documents and images, recognised by their
/// extension and confirmed by their first bytes, so a renamed executable is refused.
public enum FileTypeRules {
    public static let maximumBytes = 20 * 1024 * 1024

    struct Kind {
        let contentType: String
        let signatures: [[UInt8]]
        /// Text files have no signature: they must be UTF-8 without NUL bytes.
        let isText: Bool
    }

    static let zip: [[UInt8]] = [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06]]
    static let ole: [[UInt8]] = [[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]]

    static let kinds: [String: Kind] = [
        "pdf": Kind(contentType: "application/pdf", signatures: [Array("%PDF".utf8)], isText: false),
        "png": Kind(contentType: "image/png", signatures: [[0x89, 0x50, 0x4E, 0x47]], isText: false),
        "jpg": Kind(contentType: "image/jpeg", signatures: [[0xFF, 0xD8, 0xFF]], isText: false),
        "jpeg": Kind(contentType: "image/jpeg", signatures: [[0xFF, 0xD8, 0xFF]], isText: false),
        "gif": Kind(contentType: "image/gif", signatures: [Array("GIF87a".utf8), Array("GIF89a".utf8)], isText: false),
        "webp": Kind(contentType: "image/webp", signatures: [Array("RIFF".utf8)], isText: false),
        "txt": Kind(contentType: "text/plain", signatures: [], isText: true),
        "csv": Kind(contentType: "text/csv", signatures: [], isText: true),
        "docx": Kind(contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", signatures: zip, isText: false),
        "xlsx": Kind(contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", signatures: zip, isText: false),
        "pptx": Kind(contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", signatures: zip, isText: false),
        "doc": Kind(contentType: "application/msword", signatures: ole, isText: false),
        "xls": Kind(contentType: "application/vnd.ms-excel", signatures: ole, isText: false),
        "ppt": Kind(contentType: "application/vnd.ms-powerpoint", signatures: ole, isText: false),
        "zip": Kind(contentType: "application/zip", signatures: zip, isText: false),
    ]

    public static var allowedExtensions: [String] { kinds.keys.sorted() }

    /// The content type to store, or the 4001/4002 error Saleshandy documents.
    public static func check(fileName: String, bytes: [UInt8]) throws -> String {
        guard bytes.count <= maximumBytes else {
            throw ReachError(.payloadTooLarge, code: 4002, message: "File exceeds the 20 MB upload limit")
        }
        let fileExtension = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard fileName.contains("."), let kind = kinds[fileExtension] else {
            throw ReachError.invalidInput(
                "file type not supported: use one of \(allowedExtensions.joined(separator: ", "))", field: "file", code: 4001)
        }
        let matches =
            kind.isText
            ? !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
            : kind.signatures.contains { bytes.starts(with: $0) }
        guard matches, !bytes.isEmpty else {
            throw ReachError.invalidInput("file type not supported: the content is not a .\(fileExtension) file", field: "file", code: 4001)
        }
        return kind.contentType
    }
}
