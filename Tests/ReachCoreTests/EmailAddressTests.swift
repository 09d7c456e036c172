import Testing

@testable import ReachCore

@Suite struct EmailAddressTests {
    @Test(arguments: [
        "ann@acme.com", "Ann.Lee+sales@Sub.Acme.co.uk", "o'brien@acme.ie", "jörg@müller.de", "x@xn--mller-kva.de", "  ann@acme.com  ",
    ])
    func accepts(address: String) {
        #expect(EmailAddress(address) != nil)
    }

    @Test(arguments: [
        "", "ann", "ann@", "@acme.com", "ann@acme", "ann@@acme.com", "an n@acme.com", ".ann@acme.com", "ann.@acme.com",
        "a..b@acme.com", "ann@-acme.com", "ann@acme.c0m", "\"ann\"@acme.com", "ann@[127.0.0.1]", "ann@acme..com",
    ])
    func refuses(address: String) {
        #expect(EmailAddress(address) == nil)
    }

    @Test func lowersTheDomainAndKeepsTheLocalPart() {
        #expect(EmailAddress(" Ann@ACME.com ")?.address == "Ann@acme.com")
        #expect(EmailAddress("Ann@ACME.com")?.normalized == "ann@acme.com")
        #expect(EmailAddress("ann@Acme.com")?.domain == "acme.com")
    }

    @Test func refusesOverlongParts() {
        #expect(EmailAddress(String(repeating: "a", count: 65) + "@acme.com") == nil)
        #expect(EmailAddress("a@" + String(repeating: "b", count: 64) + ".com") == nil)
    }
}
