/// A bounce in the standard form (RFC 3464): a multipart/report whose delivery-status part says,
/// per recipient, what happened, and which usually encloses the original message or its header.
public struct DeliveryStatusReport: Sendable, Equatable {
    public struct Recipient: Sendable, Equatable {
        /// The address the report is about (Final-Recipient, else Original-Recipient).
        public let address: String
        /// failed, delayed, delivered, relayed or expanded.
        public let action: String
        /// The enhanced status code, `5.1.1`.
        public let status: String
        /// The remote server's words: `smtp; 550 5.1.1 <bob@x.io>: Recipient address rejected`.
        public let diagnostic: String?
        public let remoteMTA: String?

    }

    public let reportingMTA: String?
    public let recipients: [Recipient]
    /// The original message's Message-ID, when the report encloses its header: how the bounce
    /// is matched to what was sent.
    public let originalMessageID: String?
    /// The human-readable first part.
    public let explanation: String?

    /// Nil when the message is not a delivery status report.
    public init?(_ message: ReceivedMessage) {
        let root = message.root
        guard root.contentType == "multipart/report", root.parameters["report-type"]?.lowercased() == "delivery-status" else { return nil }
        guard let status = root.parts.first(where: { ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType) }) else {
            return nil
        }
        let blocks = Self.fieldBlocks(status.body)
        guard let perMessage = blocks.first else { return nil }
        reportingMTA = perMessage["reporting-mta"].map(Self.typedValue)
        recipients = blocks.dropFirst().compactMap { fields in
            guard let recipient = fields["final-recipient"] ?? fields["original-recipient"], let action = fields["action"], let status = fields["status"] else { return nil }
            return Recipient(
                address: Self.typedValue(recipient), action: action.lowercased(),
                status: String(status.split(separator: " ").first ?? ""), diagnostic: fields["diagnostic-code"],
                remoteMTA: fields["remote-mta"].map(Self.typedValue))
        }
        guard !recipients.isEmpty else { return nil }
        let original = root.parts.first { ["message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers"].contains($0.contentType) }
        let originalFields = original.map { HeaderDecoding.fields(MIMEEntity.splitHeader($0.body[...]).0) } ?? []
        originalMessageID = originalFields.first { $0.name.caseInsensitiveCompare("Message-ID") == .orderedSame }
            .flatMap { HeaderDecoding.messageIDs($0.value).first }
        explanation = root.parts.first { $0.contentType == "text/plain" }.map(\.text)
    }

    /// The delivery-status body: blocks of header-like fields separated by empty lines.
    static func fieldBlocks(_ body: [UInt8]) -> [[String: String]] {
        var blocks: [[String: String]] = []
        var rest = body[...]
        while !rest.isEmpty {
            while rest.first == 0x0D || rest.first == 0x0A { rest = rest.dropFirst() }
            guard !rest.isEmpty else { break }
            let (block, after) = MIMEEntity.splitHeader(rest)
            var fields: [String: String] = [:]
            for field in HeaderDecoding.fields(block) { fields[field.name.lowercased()] = field.value }
            if !fields.isEmpty { blocks.append(fields) }
            rest = after
        }
        return blocks
    }

    /// `rfc822; bob@example.com` -> `bob@example.com`.
    static func typedValue(_ field: String) -> String {
        guard let semicolon = field.firstIndex(of: ";") else { return field.trimmingCharacters(in: .whitespaces) }
        return field[field.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
    }
}
