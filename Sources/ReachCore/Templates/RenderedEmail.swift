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
        let body = renderBody(content: content, preheader: preheader)
        return RenderedEmail(subject: renderSubject(subject), html: body.html, text: body.text)
    }

    /// The subject alone: the sender decides threading and claims the send with it, and renders
    /// the body later, beside other sends.
    public func renderSubject(_ subject: MessageTemplate) -> String {
        // A subject is one header line: line breaks in values must not start a new header.
        render(subject, as: .plain, salt: 1).split(whereSeparator: { $0.isNewline }).joined(separator: " ").trimmingWhitespace()
    }

    /// The HTML body (preheader first) and the plain-text part generated from it.
    public func renderBody(content: MessageTemplate, preheader: MessageTemplate?) -> (html: String, text: String) {
        let body = render(content, as: .html, salt: 2)
        var html = body
        if let preheader {
            let hidden = HTMLText.escape(render(preheader, as: .plain, salt: 3))
            if !hidden.isEmpty {
                html = "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">\(hidden)</div>" + html
            }
        }
        return (html, HTMLText.plainText(fromHTML: body))
    }
}
