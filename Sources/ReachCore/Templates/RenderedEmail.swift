/// An email as a prospect receives it: what previews show and what the sender transmits.
public struct RenderedEmail: Sendable, Equatable {
    public let subject: String
    public let html: String
    /// The plain-text alternative, generated from the HTML.
    public let text: String

    public init(subject: String, html: String, text: String) {
        self.subject = subject
        self.html = html
        self.text = text
    }
}

extension TemplateRenderer {
    /// Renders an email step variant. The preheader, when written, opens the HTML as hidden text
    /// that mail clients show beside the subject.
    public func renderEmail(subject: MessageTemplate, content: MessageTemplate, preheader: MessageTemplate?) -> RenderedEmail {
        // A subject is one header line: line breaks in values must not start a new header.
        let subjectText = render(subject, as: .plain, salt: 1)
            .split(whereSeparator: { $0.isNewline }).joined(separator: " ").trimmingWhitespace()
        let body = render(content, as: .html, salt: 2)
        var html = body
        if let preheader {
            let hidden = HTMLText.escape(render(preheader, as: .plain, salt: 3))
            if !hidden.isEmpty {
                html = "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">\(hidden)</div>" + html
            }
        }
        return RenderedEmail(subject: subjectText, html: html, text: HTMLText.plainText(fromHTML: body))
    }
}
