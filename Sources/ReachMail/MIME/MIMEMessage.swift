import Foundation

/// An outgoing email written as RFC 5322 / MIME bytes, 7-bit clean so that any server takes it:
/// text and HTML as multipart/alternative in quoted-printable, attachments in base64 under
/// multipart/mixed, headers with RFC 2047 encoded words, threading and unsubscribe headers.
public struct MIMEMessage: Sendable {
    public struct Attachment: Sendable, Equatable {
        public let fileName: String
        public let contentType: String
        public let bytes: [UInt8]

        public init(fileName: String, contentType: String, bytes: [UInt8]) {
            self.fileName = fileName
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress] = []
    public var replyTo: MailAddress?
    public var subject: String
    public var date: Date
    /// Without angle brackets: `local@domain`.
    public var messageID: String
    /// The Message-ID this message answers, for follow-ups in the same thread.
    public var inReplyTo: String?
    /// The thread's Message-IDs, oldest first.
    public var references: [String] = []
    /// Where an unsubscribe is handled: written as List-Unsubscribe with, when `oneClick`,
    /// List-Unsubscribe-Post (RFC 8058) so mail clients can unsubscribe with one POST.
    public var unsubscribeURL: String?
    public var unsubscribeMailto: String?
    public var oneClickUnsubscribe = true
    public var text: String
    public var html: String?
    public var attachments: [Attachment] = []

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Date, messageID: String, text: String, html: String?) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
    }

    /// A new Message-ID on the sender's domain: unique, and telling nothing about the prospect.
    public static func newMessageID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        return "\(random)@\(domain)"
    }

    public func render() -> [UInt8] {
        var out: [UInt8] = []
        func header(_ name: String, _ value: String) {
            out += Array((HeaderEncoding.fold(name, value) + "\r\n").utf8)
        }
        header("From", from.headerValue)
        header("To", to.map(\.headerValue).joined(separator: ", "))
        if !cc.isEmpty { header("Cc", cc.map(\.headerValue).joined(separator: ", ")) }
        if let replyTo { header("Reply-To", replyTo.headerValue) }
        header("Subject", HeaderEncoding.unstructured(subject))
        header("Date", Self.rfc5322Date(date))
        header("Message-ID", "<\(messageID)>")
        if let inReplyTo { header("In-Reply-To", "<\(inReplyTo)>") }
        if !references.isEmpty { header("References", references.map { "<\($0)>" }.joined(separator: " ")) }
        let unsubscribe = [unsubscribeURL.map { "<\($0)>" }, unsubscribeMailto.map { "<mailto:\($0)>" }].compactMap { $0 }
        if !unsubscribe.isEmpty {
            header("List-Unsubscribe", unsubscribe.joined(separator: ", "))
            if oneClickUnsubscribe && unsubscribeURL != nil { header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click") }
        }
        header("MIME-Version", "1.0")
        out += body()
        return out
    }

    /// Content headers and body of the top-level entity.
    func body() -> [UInt8] {
        let textPart = Self.part(contentType: "text/plain; charset=utf-8", encoding: "quoted-printable", body: QuotedPrintable.encode(text))
        var content = textPart
        if let html {
            let htmlPart = Self.part(contentType: "text/html; charset=utf-8", encoding: "quoted-printable", body: QuotedPrintable.encode(html))
            content = Self.multipart("alternative", [textPart, htmlPart], boundary: boundary("alt"))
        }
        guard !attachments.isEmpty else { return content }
        let files = attachments.map { file in
            let headers = [
                "Content-Type: \(file.contentType); \(Self.parameter("name", file.fileName))",
                "Content-Disposition: attachment; \(Self.parameter("filename", file.fileName))",
                "Content-Transfer-Encoding: base64",
            ]
            return Array((headers.joined(separator: "\r\n") + "\r\n\r\n").utf8) + Base64.encodeLines(file.bytes)
        }
        return Self.multipart("mixed", [content] + files, boundary: boundary("mix"))
    }

    /// Boundaries start with "=_", which quoted-printable and base64 can never produce.
    func boundary(_ kind: String) -> String {
        "=_reach_\(kind)_\(messageID.prefix(while: { $0 != "@" }))"
    }

    static func part(contentType: String, encoding: String, body: [UInt8]) -> [UInt8] {
        Array("Content-Type: \(contentType)\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n".utf8) + body
    }

    static func multipart(_ subtype: String, _ parts: [[UInt8]], boundary: String) -> [UInt8] {
        var out = Array("Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"\r\n\r\n".utf8)
        for part in parts {
            out += Array("--\(boundary)\r\n".utf8) + part
            if part.last != 0x0A { out += [0x0D, 0x0A] }
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    /// A header parameter: quoted when plain ASCII, else RFC 2231's `name*=utf-8''percent-encoded`.
    static func parameter(_ name: String, _ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }
        guard !plain else { return "\(name)=\(quoted(value))" }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let encoded = value.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        return "\(name)*=utf-8''\(encoded)"
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
