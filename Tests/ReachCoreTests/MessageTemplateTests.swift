import Foundation
import Testing

@testable import ReachCore

/// Fixtures shared by the template tests: an account's fields, a prospect and a renderer.
enum TemplateFixture {
    static let date = Date(timeIntervalSince1970: 1_790_000_000)

    static func field(_ id: Int64, _ label: String, system: SystemField? = nil, fallback: String = "") -> Field {
        Field(
            id: FieldID(id), accountID: AccountID(1), label: label, type: .text, systemField: system, fallbackText: fallback, options: [],
            currencyCode: nil, tags: [], createdAt: date)
    }

    static let fields = FieldCatalog([
        field(1, "First Name", system: .firstName, fallback: "there"),
        field(2, "Last Name", system: .lastName),
        field(3, "Email", system: .email),
        field(4, "Company", system: .company, fallback: "your team"),
        field(5, "Lead Score"),
        field(6, "Pain Point", fallback: ""),
    ])
    static let tags = MergeTagCatalog(fields: fields)

    static func prospect(id: Int64 = 42, values: [FieldID: String] = [:]) -> Prospect {
        Prospect(
            id: ProspectID(id), accountID: AccountID(1), email: "ada@analytical.io", values: values, ownerID: nil, verificationStatus: .unverified,
            unsubscribedAt: nil, createdAt: date, updatedAt: date)
    }

    static func renderer(_ prospect: Prospect, step: Int64 = 7) -> TemplateRenderer {
        TemplateRenderer(
            context: .init(
                prospect: prospect, fields: fields,
                sender: .init(firstName: "Grace", lastName: "Hopper", email: "grace@reach.test", signature: "<p>Grace<br>Reach</p>"),
                unsubscribeURL: "https://reach.test/unsubscribe/x/y/z", unsubscribeHTML: SequenceSettingCode.unsubscribeLinkHTML.defaultValue,
                stepID: step))
    }

    static func render(_ source: String, values: [FieldID: String] = [:], as output: TemplateRenderer.Output = .plain) throws -> String {
        renderer(prospect(values: values)).render(try MessageTemplate.parse(source, tags: tags), as: output)
    }
}

@Suite struct MessageTemplateTests {
    typealias F = TemplateFixture

    @Test func mergeTagsByLabelOrKeyInAnySpelling() throws {
        let values: [FieldID: String] = [FieldID(1): "Ada", FieldID(4): "Analytical", FieldID(5): "97"]
        #expect(try F.render("{{First Name}} {{firstName}} {{first_name}} {{ FIRST NAME }}", values: values) == "Ada Ada Ada Ada")
        #expect(try F.render("{{companyName}} / {{Company}} / {{leadScore}} / {{Email}}", values: values) == "Analytical / Analytical / 97 / ada@analytical.io")
        #expect(try F.render("{{senderFirstName}} {{Sender Name}} <{{senderEmail}}>") == "Grace Grace Hopper <grace@reach.test>")
    }

    @Test func emptyValuesTakeTheInlineFallbackElseTheFieldsOwn() throws {
        #expect(try F.render("Hi {{First Name}},") == "Hi there,")
        #expect(try F.render("Hi {{First Name | friend}},") == "Hi friend,")
        #expect(try F.render("Hi {{First Name|friend}},", values: [FieldID(1): "Ada"]) == "Hi Ada,")
        #expect(try F.render("Hi {{First Name | friend}},", values: [FieldID(1): "   "]) == "Hi friend,")
        #expect(try F.render("[{{Pain Point}}]") == "[]")
    }

    @Test func valuesAreEscapedInHTMLButNotInText() throws {
        let values: [FieldID: String] = [FieldID(4): "AT&T <Labs>"]
        #expect(try F.render("<b>{{Company}}</b>", values: values, as: .html) == "<b>AT&amp;T &lt;Labs&gt;</b>")
        #expect(try F.render("{{Company}}", values: values, as: .plain) == "AT&T <Labs>")
    }

    @Test func spintaxPicksOneAlternativeStablyPerProspectAndStep() throws {
        let template = try MessageTemplate.parse("{Hi|Hello|Hey} {there|friend}", tags: F.tags)
        let first = F.renderer(F.prospect(id: 1)).render(template, as: .plain)
        #expect(F.renderer(F.prospect(id: 1)).render(template, as: .plain) == first)
        var seen: Set<String> = []
        for id in 1...300 { seen.insert(F.renderer(F.prospect(id: Int64(id))).render(template, as: .plain)) }
        #expect(seen.count == 6)
    }

    @Test func spintaxNestsAndMayHoldMergeTags() throws {
        let template = try MessageTemplate.parse("{Hi {{First Name}}|{Hello|Hey} {{First Name}}}!", tags: F.tags)
        var seen: Set<String> = []
        for id in 1...200 {
            seen.insert(F.renderer(F.prospect(id: Int64(id), values: [FieldID(1): "Ada"])).render(template, as: .plain))
        }
        #expect(seen == ["Hi Ada!", "Hello Ada!", "Hey Ada!"])
    }

    @Test func bracesWithoutAlternativesAreText() throws {
        #expect(try F.render("<style>p{color:red}</style>", as: .html) == "<style>p{color:red}</style>")
    }

    @Test(arguments: [
        ("Hi {{Favourite Colour}}", "Unknown merge tag {{Favourite Colour}}"),
        ("Hi {{First Name", "not closed with '}}'"),
        ("{Hi|Hello", "'{' at character 1 is not closed"),
        ("Hi}", "'}' at character 3 closes no '{'"),
        ("{{ | x}}", "has no name"),
    ])
    func refusesWhatCannotRender(source: String, message: String) {
        #expect(throws: TemplateError.self) { try MessageTemplate.parse(source, tags: F.tags) }
        do {
            _ = try MessageTemplate.parse(source, tags: F.tags)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func variantsAreSharedEvenlyAndStably() {
        let variants = (0..<3).map {
            StepVariant(id: VariantID(Int64($0 + 1)), stepID: StepID(9), letterIndex: $0, isActive: true, payload: [:], taskNote: nil, attachmentIDs: [])
        }
        let step = SequenceStep(
            id: StepID(9), sequenceID: SequenceID(1), number: 1, channel: .email, absoluteDays: 1, priority: .normal, assigneeID: nil,
            variants: variants, createdAt: F.date)
        var counts: [Int: Int] = [:]
        for id in 1...3000 { counts[step.variant(for: ProspectID(Int64(id)))!.letterIndex, default: 0] += 1 }
        for count in counts.values { #expect((850...1150).contains(count), "\(counts)") }
        #expect(step.variant(for: ProspectID(77)) == step.variant(for: ProspectID(77)))
    }

    /// The golden message: every feature of the renderer in one email, compared whole.
    @Test func rendersAWholeEmailExactly() throws {
        let prospect = F.prospect(values: [FieldID(1): "Ada", FieldID(4): "Analytical & Co"])
        let email = F.renderer(prospect).renderEmail(
            subject: try MessageTemplate.parse("Quick question,\n{{First Name}}", tags: F.tags),
            content: try MessageTemplate.parse(
                """
                <p>Hi {{First Name}},</p><p>How is {{Company}} doing? See <a href="https://reach.test/case">our case study</a>.</p>\
                <ul><li>One</li><li>Two</li></ul>{{senderSignature}}<p>{{unsubscribeLink}}</p>
                """, tags: F.tags),
            preheader: try MessageTemplate.parse("For {{Company}}", tags: F.tags))
        #expect(email.subject == "Quick question, Ada")
        #expect(email.html == """
            <div style="display:none;max-height:0;overflow:hidden;mso-hide:all">For Analytical &amp; Co</div>\
            <p>Hi Ada,</p><p>How is Analytical &amp; Co doing? See <a href="https://reach.test/case">our case study</a>.</p>\
            <ul><li>One</li><li>Two</li></ul><p>Grace<br>Reach</p><p><a href="https://reach.test/unsubscribe/x/y/z">Unsubscribe</a></p>
            """)
        #expect(email.text == """
            Hi Ada,

            How is Analytical & Co doing? See our case study (https://reach.test/case).

            - One
            - Two

            Grace
            Reach

            Unsubscribe (https://reach.test/unsubscribe/x/y/z)
            """)
    }
}
