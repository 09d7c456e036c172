import Foundation
import Testing

@testable import ReachCore

/// The rules the built-in enrichment provider derives values by; the provider itself is tested
/// against real DNS, mail and web servers in ReachHTTPTests.
struct EnrichmentRulesTests {
    @Test func aHomePagesHeadGivesItsNameDescriptionLanguageAndLinkedInPage() {
        let html = """
            <!DOCTYPE html><HTML Lang=de><head>
            <META NAME="Description" CONTENT='Werkzeuge f&uuml;r &quot;alle&quot; &amp; mehr &bogus; &#xA9;'>
            <meta property="og:description" content="ignored: description came first">
            <title>
              Start  |  Acme Tools
            </title></head><body>
            <a href="/contact">Contact</a> <a href="https://twitter.com/acme">X</a>
            <a class=x href=https://de.linkedin.com/company/acme-tools>LinkedIn</a></body></HTML>
            """
        let metadata = WebsiteMetadata(html: html)
        #expect(metadata.title == "Start | Acme Tools")
        #expect(metadata.description == "Werkzeuge für \"alle\" & mehr &bogus; ©")
        #expect(metadata.language == "de")
        #expect(metadata.siteName == nil)
        #expect(metadata.linkedinURL == "https://de.linkedin.com/company/acme-tools")
        // The title's part that names the domain is the name; a title naming nothing gives none.
        #expect(metadata.companyName(forDomain: "acmetools.de")?.name == "Acme Tools")
        #expect(metadata.companyName(forDomain: "example.de") == nil)
        #expect(WebsiteMetadata(html: "<title>Home</title>").companyName(forDomain: "acme.io") == nil)
        #expect(WebsiteMetadata(html: "<meta property='og:site_name' content='ACME'><title>Home</title>").companyName(forDomain: "x.io")?.name == "ACME")
        // A personal profile or a bare linkedin.com link is not a company page.
        #expect(WebsiteMetadata(html: #"<a href="https://www.linkedin.com/in/ann">"#).linkedinURL == nil)
        #expect(WebsiteMetadata(html: #"<a href="https://linkedin.com.evil.example/company/x">"#).linkedinURL == nil)
        #expect(WebsiteMetadata(html: "<titles>no</titles><metadata>").title == nil)
    }

    @Test func aCountryHasATimeZoneOnlyWhenItsClocksAgree() {
        #expect(CountryTimeZone.zone(forCountry: "Germany") == "Europe/Berlin")
        #expect(CountryTimeZone.zone(forCountry: "DE") == "Europe/Berlin")
        #expect(CountryTimeZone.zone(forCountry: "united kingdom") == "Europe/London")
        #expect(CountryTimeZone.zone(forCountry: "The Netherlands") == "Europe/Amsterdam")
        #expect(CountryTimeZone.zone(forCountry: "India") == "Asia/Kolkata")
        #expect(CountryTimeZone.zone(forCountry: "United States") == nil)
        #expect(CountryTimeZone.zone(forCountry: "Spain") == nil, "the Canaries keep another time")
        #expect(CountryTimeZone.zone(forCountry: "Atlantis") == nil)
        #expect(CountryTimeZone.zone(forCountry: "  ") == nil)
    }

    @Test func addressPatternsAreBuiltFromFoldedNames() {
        let candidates = EmailPatterns.candidates(first: "Zoë", last: "O'Brien", domain: "acme.io").map(\.address)
        #expect(candidates == [
            "zoe.obrien@acme.io", "zoe@acme.io", "zobrien@acme.io", "zoeobrien@acme.io", "z.obrien@acme.io", "zoe_obrien@acme.io",
            "zoeo@acme.io", "obrien.zoe@acme.io", "obrien@acme.io",
        ])
        #expect(EmailPatterns.candidates(first: "李", last: "王", domain: "acme.io").isEmpty)
        #expect(ContactQuery(fullName: "Ada  King Lovelace").nameParts! == ("Ada", "Lovelace"))
        #expect(ContactQuery(fullName: "Cher").nameParts == nil)
    }

    @Test func aDomainIsReadFromADomainOrAWebsite() {
        #expect(BuiltInEnrichmentProvider.domain(from: "https://www.Acme.io:8443/about?x=1") == "acme.io")
        #expect(BuiltInEnrichmentProvider.domain(from: " acme.co.uk. ") == "acme.co.uk")
        #expect(BuiltInEnrichmentProvider.domain(from: "münchen.de") == "münchen.de")
        #expect(BuiltInEnrichmentProvider.domain(from: "localhost") == nil)
        #expect(BuiltInEnrichmentProvider.domain(from: "10.0.0.1") == nil)
        #expect(BuiltInEnrichmentProvider.domain(from: "-bad-.io") == nil)
        #expect(BuiltInEnrichmentProvider.domain(from: "not a domain") == nil)
    }

    @Test func theMailProviderIsNamedOnlyWhenTheExchangerNamesIt() {
        #expect(MailProvider.service(of: ["aspmx.l.google.com"]) == "Google Workspace")
        #expect(MailProvider.service(of: ["acme-io.mail.protection.outlook.com."]) == "Microsoft 365")
        #expect(MailProvider.service(of: ["mx1.acme.io"]) == nil)
        #expect(MailProvider.service(of: ["notgoogle.com"]) == nil)
        #expect(MailProvider.service(of: []) == nil)
    }
}
