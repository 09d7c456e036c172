/// A subject or body as the author wrote it, parsed once when a step is saved so that nothing
/// about it can fail at send time.
///
/// Syntax:
/// - `{{Field Label}}` or `{{fieldKey}}`: a prospect field, a sender fact (`{{senderFirstName}}`)
///   or the unsubscribe link (`{{unsubscribeLink}}`).
/// - `{{First Name | there}}`: the text after `|` replaces an empty value; without it the field's
///   own fallback text is used.
/// - `{Hi|Hello|Hey}`: spintax, one alternative chosen per prospect and step; groups may nest.
///   Braces without a `|` inside (CSS in a `<style>` block) are ordinary text. `{{` always opens
///   a merge tag, so an alternative may start with a tag (`{{{First Name}}|there}`) but not with
///   a nested group.
/// - A `{` or `}` without its partner, an unclosed `{{` or an unknown tag name is an error.
public struct MessageTemplate: Sendable, Equatable {
    public indirect enum Part: Sendable, Equatable {
        case text(String)
        case tag(MergeTag)
        /// Alternatives of a spintax group, each a sequence of parts.
        case spin([[Part]])
    }

    public let source: String
    public let parts: [Part]

    public static func parse(_ source: String, tags: MergeTagCatalog) throws(TemplateError) -> MessageTemplate {
        var parser = TemplateParser(source: Array(source.unicodeScalars), tags: tags)
        return MessageTemplate(source: source, parts: try parser.parseAll())
    }

    /// Every merge tag in the template, in order, spintax alternatives included.
    public var tags: [MergeTag] {
        func collect(_ parts: [Part]) -> [MergeTag] {
            parts.flatMap { part -> [MergeTag] in
                switch part {
                case .text: []
                case .tag(let tag): [tag]
                case .spin(let alternatives): alternatives.flatMap(collect)
                }
            }
        }
        return collect(parts)
    }
}

public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A recursive-descent reader over Unicode scalars. Positions in messages are 1-based characters.
struct TemplateParser {
    let source: [Unicode.Scalar]
    let tags: MergeTagCatalog
    var index = 0

    init(source: [Unicode.Scalar], tags: MergeTagCatalog) {
        self.source = source
        self.tags = tags
    }

    mutating func parseAll() throws(TemplateError) -> [MessageTemplate.Part] {
        let parts = try parseSequence(insideGroup: false)
        if index < source.count {
            throw TemplateError(message: "'}' at character \(index + 1) closes no '{'")
        }
        return parts
    }

    /// Reads until the end, or inside a group until its `|` or `}` (left unread).
    mutating func parseSequence(insideGroup: Bool) throws(TemplateError) -> [MessageTemplate.Part] {
        var parts: [MessageTemplate.Part] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty { parts.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }
        while index < source.count {
            let scalar = source[index]
            // "{{{" opens a spintax group whose first alternative starts with a merge tag: a tag
            // name cannot begin with "{".
            if scalar == "{" && peek(1) == "{" && peek(2) != "{" {
                flush()
                parts.append(.tag(try parseTag()))
            } else if scalar == "{" {
                flush()
                parts.append(contentsOf: try parseGroup())
            } else if scalar == "}" || (insideGroup && scalar == "|") {
                break
            } else {
                text.append(scalar)
                index += 1
            }
        }
        flush()
        return parts
    }

    mutating func parseTag() throws(TemplateError) -> MergeTag {
        let start = index
        index += 2
        var body = String.UnicodeScalarView()
        while index < source.count && !(source[index] == "}" && peek(1) == "}") {
            if source[index] == "{" && peek(1) == "{" {
                throw TemplateError(message: "The merge tag opened at character \(start + 1) is not closed with '}}'")
            }
            body.append(source[index])
            index += 1
        }
        guard index < source.count else {
            throw TemplateError(message: "The merge tag opened at character \(start + 1) is not closed with '}}'")
        }
        index += 2
        let written = String(body)
        let name: String
        var fallback: String?
        if let bar = written.firstIndex(of: "|") {
            name = written[..<bar].trimmingWhitespace()
            fallback = written[written.index(after: bar)...].trimmingWhitespace()
        } else {
            name = written.trimmingWhitespace()
        }
        guard !name.isEmpty else { throw TemplateError(message: "The merge tag at character \(start + 1) has no name") }
        guard let source = tags.source(named: name) else {
            throw TemplateError(message: "Unknown merge tag {{\(name)}}: use a field label such as {{First Name}} or key such as {{firstName}}")
        }
        return MergeTag(source: source, name: name, fallback: fallback)
    }

    /// A `{...}` group: spintax when it has a `|` at its own level, literal braces otherwise.
    mutating func parseGroup() throws(TemplateError) -> [MessageTemplate.Part] {
        let start = index
        index += 1
        var alternatives: [[MessageTemplate.Part]] = [try parseSequence(insideGroup: true)]
        while index < source.count && source[index] == "|" {
            index += 1
            alternatives.append(try parseSequence(insideGroup: true))
        }
        guard index < source.count, source[index] == "}" else {
            throw TemplateError(message: "'{' at character \(start + 1) is not closed with '}'")
        }
        index += 1
        if alternatives.count == 1 { return [.text("{")] + alternatives[0] + [.text("}")] }
        return [.spin(alternatives)]
    }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < source.count ? source[index + offset] : nil
    }
}
