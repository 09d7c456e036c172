import Foundation
import Testing

@testable import ReachCore

/// Properties of the renderer over thousands of generated templates and prospects: whatever
/// validates renders, for any values, and empty values always take their fallback.
@Suite struct TemplatePropertyTests {
    typealias F = TemplateFixture

    /// A small deterministic generator, so that a failure reproduces.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

        mutating func text(maxLength: Int) -> String {
            let alphabet = Array("abc XYZ,.!?é日本🙂<>&\"'\n\t")
            return String((0..<int(0...maxLength)).map { _ in pick(alphabet) })
        }
    }

    static let tagNames = ["First Name", "firstName", "last_name", "Company", "companyName", "Email", "Lead Score", "Pain Point", "senderName",
                           "senderSignature", "unsubscribeLink"]

    /// A template that should validate: text, tags with and without fallbacks, nested spintax.
    static func template(_ g: inout Generator, depth: Int = 0) -> String {
        var out = ""
        for _ in 0..<g.int(0...5) {
            switch g.int(0...3) {
            case 0:
                out += g.text(maxLength: 8).replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
                    .replacingOccurrences(of: "|", with: "")
            case 1:
                out += "{{\(g.pick(tagNames))}}"
            case 2:
                out += "{{\(g.pick(tagNames)) | \(g.text(maxLength: 5).filter { !"{}|".contains($0) })}}"
            default:
                guard depth < 3 else { continue }
                // "{{" always opens a merge tag, so an alternative cannot start with a nested group.
                let alternatives = (0..<g.int(2...4)).map { _ in
                    let inner = template(&g, depth: depth + 1)
                    return inner.hasPrefix("{") && !inner.hasPrefix("{{") ? "x" + inner : inner
                }
                out += "{" + alternatives.joined(separator: "|") + "}"
            }
        }
        return out
    }

    static func values(_ g: inout Generator) -> [FieldID: String] {
        var values: [FieldID: String] = [:]
        for id in 1...6 where g.int(0...2) > 0 { values[FieldID(Int64(id))] = g.pick(["", " ", g.text(maxLength: 12)]) }
        return values
    }

    @Test func everyTemplateThatValidatesRendersForAnyProspect() throws {
        var g = Generator(state: 20_261_126)
        for _ in 0..<3000 {
            let source = Self.template(&g)
            let template: MessageTemplate
            do {
                template = try MessageTemplate.parse(source, tags: F.tags)
            } catch {
                Issue.record("\(source.debugDescription): \(error.message)")
                continue
            }
            let renderer = F.renderer(F.prospect(id: Int64(g.int(1...1_000_000)), values: Self.values(&g)), step: Int64(g.int(1...1000)))
            let html = renderer.render(template, as: .html)
            let plain = renderer.render(template, as: .plain)
            _ = HTMLText.plainText(fromHTML: html)
            // Nothing of the template syntax survives: all tags and groups were resolved.
            #expect(!plain.contains("{{"), "\(source) -> \(plain)")
            _ = renderer.renderEmail(subject: template, content: template, preheader: template)
        }
    }

    @Test func arbitraryTextEitherValidatesAndRendersOrIsRefusedWithAReason() {
        var g = Generator(state: 7)
        let pieces = ["{", "}", "|", "{{", "}}", "a", " ", "First Name", "é", "\n"]
        var accepted = 0
        for _ in 0..<5000 {
            let source = (0..<g.int(0...12)).map { _ in g.pick(pieces) }.joined()
            do {
                let template = try MessageTemplate.parse(source, tags: F.tags)
                accepted += 1
                _ = F.renderer(F.prospect(values: Self.values(&g))).render(template, as: .html)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
        #expect(accepted > 100)
    }

    @Test func emptyValuesAlwaysTakeTheirFallback() throws {
        var g = Generator(state: 99)
        for _ in 0..<500 {
            let fallback = g.text(maxLength: 10).filter { !"{}|".contains($0) }.trimmingWhitespace()
            let template = try MessageTemplate.parse("{{Pain Point | \(fallback)}}", tags: F.tags)
            let empty = g.pick(["", " ", "\n\t"])
            #expect(F.renderer(F.prospect(values: [FieldID(6): empty])).render(template, as: .plain) == fallback)
            #expect(F.renderer(F.prospect(values: [:])).render(template, as: .plain) == fallback)
        }
    }
}
