import Foundation
import ReachJSON

/// The consolidated report's human-readable keys, as Saleshandy names them, shared by the JSON
/// rows and the CSV export.
extension SentEmailReport {
    public static let columns = [
        "Sequence Title", "Sequence Owner", "Step Number", "Sender Email", "Recipient Email", "Recipient name", "Email Sent At", "Open Count",
        "Last Opened At", "Replied", "Replied At", "Conversation Id", "Current Sentiment", "Click Count", "Last Clicked At", "Last Link Clicked",
        "Bounced", "Bounced At", "Unsubscribed", "Deleted", "Sequence Id",
    ]

    /// The row's values in `columns` order.
    public func values(codec: PublicIDCodec) -> [String] {
        let time: (Date?) -> String = { $0.map(ISO8601Parsing.string(from:)) ?? "" }
        let yesNo: (Bool) -> String = { $0 ? "Yes" : "No" }
        return [
            sequenceTitle, owner, stepNumber.map(String.init) ?? "", senderEmail, recipientEmail, recipientName, time(sentAt), String(openCount),
            time(lastOpenedAt), yesNo(repliedAt != nil), time(repliedAt), conversationID.map(codec.encode) ?? "",
            category.flatMap { UniboxCategory.find($0)?.sentiment.name } ?? "", String(clickCount), time(lastClickedAt), lastLinkClicked ?? "",
            yesNo(bouncedAt != nil), time(bouncedAt), yesNo(unsubscribedAt != nil), "No", codec.encode(sequenceID),
        ]
    }

    public static func csv(_ rows: [SentEmailReport], codec: PublicIDCodec) -> String {
        CSV.document(header: columns, rows: rows.map { $0.values(codec: codec) })
    }
}
