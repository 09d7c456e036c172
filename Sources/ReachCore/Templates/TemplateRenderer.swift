import Foundation

/// Renders templates for one prospect and one step: the only code that turns a template into the
/// words a prospect reads, used alike by previews, test emails and real sends.
public struct TemplateRenderer: Sendable {
    /// Everything a rendering may draw on.
    public struct Context: Sendable {
        public let prospect: Prospect
        public let fields: FieldCatalog
        public let sender: Sender
        /// The prospect's own unsubscribe URL.
        public let unsubscribeURL: String
        /// How the link is written in HTML: the sequence's setting, `{{link}}` marking the URL.
        public let unsubscribeHTML: String
        /// The step being sent: with the prospect it seeds every spintax choice.
        public let stepID: Int64

        public init(
            prospect: Prospect, fields: FieldCatalog, sender: Sender, unsubscribeURL: String, unsubscribeHTML: String, stepID: Int64
        ) {
            self.prospect = prospect
            self.fields = fields
            self.sender = sender
            self.unsubscribeURL = unsubscribeURL
            self.unsubscribeHTML = unsubscribeHTML
            self.stepID = stepID
        }
    }

    public struct Sender: Sendable, Equatable {
        public let firstName: String
        public let lastName: String
        public let email: String
        public let signature: String

        public init(firstName: String, lastName: String, email: String, signature: String) {
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.signature = signature
        }
    }

    public enum Output: Sendable {
        /// Values are HTML-escaped; the signature and unsubscribe link stay HTML.
        case html
        /// Values as they are; the unsubscribe link becomes its bare URL.
        case plain
    }

    public let context: Context

    public init(context: Context) {
        self.context = context
    }

    /// `salt` separates the spintax choices of different templates of one message (subject and
    /// body), so that `{Hi|Hello}` in both need not pick the same word.
    public func render(_ template: MessageTemplate, as output: Output, salt: UInt64 = 0) -> String {
        var groupOrdinal: UInt64 = 0
        var rendered = ""
        write(template.parts, into: &rendered, output: output, salt: salt, ordinal: &groupOrdinal)
        return rendered
    }

    func write(_ parts: [MessageTemplate.Part], into out: inout String, output: Output, salt: UInt64, ordinal: inout UInt64) {
        for part in parts {
            switch part {
            case .text(let text):
                out += text
            case .tag(let tag):
                out += value(of: tag, output: output)
            case .spin(let alternatives):
                ordinal += 1
                let choice = SpintaxChoice.index(
                    prospectID: context.prospect.id.rawValue, stepID: context.stepID, group: ordinal &+ salt &* 0x1_0000, count: alternatives.count)
                write(alternatives[choice], into: &out, output: output, salt: salt, ordinal: &ordinal)
            }
        }
    }

    func value(of tag: MergeTag, output: Output) -> String {
        switch tag.source {
        case .unsubscribeLink:
            switch output {
            case .html: return context.unsubscribeHTML.replacingOccurrences(of: "{{link}}", with: HTMLText.escape(context.unsubscribeURL))
            case .plain: return context.unsubscribeURL
            }
        case .sender(.senderSignature):
            let signature = context.sender.signature
            return output == .html ? signature : HTMLText.plainText(fromHTML: signature)
        case .sender(let field):
            return escaped(orFallback(senderValue(field), tag: tag, fieldFallback: ""), output)
        case .field(let id):
            let field = context.fields.field(id)
            let raw = field?.systemField == .email ? context.prospect.email : context.prospect.values[id] ?? ""
            return escaped(orFallback(raw, tag: tag, fieldFallback: field?.fallbackText ?? ""), output)
        }
    }

    func senderValue(_ field: SenderField) -> String {
        let sender = context.sender
        switch field {
        case .senderFirstName: return sender.firstName
        case .senderLastName: return sender.lastName
        case .senderName: return [sender.firstName, sender.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        case .senderEmail: return sender.email
        case .senderSignature: return sender.signature
        }
    }

    /// An empty (or blank) value takes the inline fallback, else the field's own.
    func orFallback(_ value: String, tag: MergeTag, fieldFallback: String) -> String {
        value.trimmingWhitespace().isEmpty ? (tag.fallback ?? fieldFallback) : value
    }

    func escaped(_ text: String, _ output: Output) -> String {
        output == .html ? HTMLText.escape(text) : text
    }
}

/// The deterministic spintax and A/B choice: the same prospect and step always get the same
/// alternative, and across many prospects each alternative is picked about equally often.
public enum SpintaxChoice {
    public static func index(prospectID: Int64, stepID: Int64, group: UInt64, count: Int) -> Int {
        precondition(count > 0)
        let seed = mix(mix(UInt64(bitPattern: prospectID)) ^ UInt64(bitPattern: stepID) ^ mix(group))
        return Int(seed % UInt64(count))
    }

    /// SplitMix64's finaliser: every input bit affects every output bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
