import Foundation
import ReachCore
import ReachMail

/// Reads a raw message fetched from a mailbox into what Core classifies and matches: the MIME
/// work stays in ReachMail, and Core sees decoded text and the few headers that mark machine mail.
public enum InboundMailReader {
    public static func read(_ bytes: [UInt8], receivedAt: Date?) -> InboundMail {
        let message = ReceivedMessage(bytes)
        let text = clean(message.text ?? message.html.map { HTMLText.plainText(fromHTML: $0) } ?? "")
        var headers: [String: String] = [:]
        for name in markerHeaders {
            if let value = message.root.header(name) { headers[name] = clean(value) }
        }
        // Raw, so the parameters (report-type) survive as written.
        if let contentType = message.root.rawHeader("Content-Type") { headers["content-type"] = clean(contentType) }
        return InboundMail(
            messageID: message.messageID.flatMap(usableID), inReplyTo: message.inReplyTo.compactMap(usableID),
            references: Array(message.references.compactMap(usableID).suffix(maximumReferences)),
            from: message.from.map { clean($0.address.lowercased()) }, fromName: message.from?.name.map(clean), to: message.to.map { clean($0.address) },
            cc: message.cc.map { clean($0.address) }, subject: clean(message.subject ?? ""), date: message.date ?? receivedAt, text: text,
            html: message.html.map(clean), newText: QuotedReply.newText(text), headers: headers, deliveryReport: DeliveryStatusReport(message).map(deliveryReport))
    }

    /// Enough of a conversation to thread under; a longer References header is cut from the front.
    static let maximumReferences = 20

    /// No database text column takes NUL (PostgreSQL refuses it): one such character must not
    /// keep a message, and every message after it in the folder, from being stored.
    static func clean(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "") : text
    }

    /// A Message-ID Reach may store and write back into a reply's headers: visible ASCII only
    /// (no line break can smuggle in a header), of a sane length.
    static func usableID(_ id: String) -> String? {
        guard !id.isEmpty, id.utf8.count <= 250, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else { return nil }
        return id
    }

    /// The headers that tell automatic mail from a person's, by lowercased name.
    static let markerHeaders = [
        "auto-submitted", "x-autoreply", "x-autorespond", "x-autoresponder", "precedence", "x-auto-response-suppress", "list-id", "return-path",
        "x-ms-exchange-generated-message-source", "x-ms-exchange-inbox-rules-loop",
    ]

    static func deliveryReport(_ report: DeliveryStatusReport) -> DeliveryReport {
        DeliveryReport(
            recipients: report.recipients.map {
                DeliveryReport.Recipient(address: $0.address, action: $0.action, status: $0.status, diagnostic: $0.diagnostic)
            },
            originalMessageID: report.originalMessageID)
    }
}
