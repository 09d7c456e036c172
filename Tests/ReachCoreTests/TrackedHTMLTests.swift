import Foundation
import ReachCore
import Testing

struct TrackedHTMLTests {
    let click: (String) -> String = { "https://reach.test/t/c/1/s?url=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }

    @Test func rewritesWebLinksOnly() {
        let html = """
            <p><A HREF=https://a.test/x>one</A> <a title="a > b" href="https://b.test/?q=1&amp;r=2">two</a>
            <a href="mailto:x@y.test">mail</a> <a href="#top">top</a> <a name="n">anchor</a> <abbr>A</abbr> <a href="https://u.test/u">leave</a></p>
            """
        let out = TrackedHTML.instrument(html, opens: nil, clicks: click, untracked: ["https://u.test/u"])
        #expect(out.contains("<A HREF=\"https://reach.test/t/c/1/s?url=https%3A%2F%2Fa%2Etest%2Fx\">one</A>"))
        #expect(out.contains("<a title=\"a > b\" href=\"https://reach.test/t/c/1/s?url=https%3A%2F%2Fb%2Etest%2F%3Fq%3D1%26r%3D2\">two</a>"))
        #expect(out.contains("<a href=\"mailto:x@y.test\">mail</a> <a href=\"#top\">top</a> <a name=\"n\">anchor</a> <abbr>A</abbr>"))
        #expect(out.contains("<a href=\"https://u.test/u\">leave</a>"))
        let long = "<a href=\"https://a.test/?q=" + String(repeating: "x", count: 2_100) + "\">long</a>"
        #expect(TrackedHTML.instrument(long, opens: nil, clicks: click) == long, "a link too long to track stays as it is")
    }

    @Test func putsThePixelBeforeTheEndOfTheBody() {
        let pixel = "https://reach.test/t/o/1/s"
        let withBody = TrackedHTML.instrument("<html><body><p>Hi</p></BODY></html>", opens: pixel, clicks: nil)
        #expect(withBody.hasPrefix("<html><body><p>Hi</p><img src=\"https://reach.test/t/o/1/s\" width=\"1\" height=\"1\""))
        #expect(withBody.hasSuffix("</BODY></html>"))
        #expect(TrackedHTML.instrument("<p>Hi</p>", opens: pixel, clicks: nil).hasPrefix("<p>Hi</p><img "))
        #expect(TrackedHTML.instrument("<p>Hi</p>", opens: nil, clicks: nil) == "<p>Hi</p>")
    }

    @Test func leavesBrokenMarkupAsItWas() {
        let broken = "<p>x <a href=\"https://a.test"
        #expect(TrackedHTML.instrument(broken, opens: nil, clicks: click) == broken)
    }

    @Test func aClickLinkVerifiesOnlyForItsOwnTarget() throws {
        let codec = PublicIDCodec(secret: Array(repeating: 3, count: 32))
        let links = EmailLinks(publicURL: "https://reach.test", signer: LinkSigner(secret: Array(repeating: 5, count: 32)), codec: codec)
        let message = OutboundMessageID(42)
        let url = try #require(URLComponents(string: links.clickURL(for: message, target: "https://a.test/?q=1&r=2#x")))
        let parts = url.path.split(separator: "/").map(String.init)
        let target = try #require(url.queryItems?.first { $0.name == "url" }?.value)
        #expect(target == "https://a.test/?q=1&r=2#x")
        #expect(links.verifyClick(message: parts[2], target: target, signature: parts[3], now: Date()) == message)
        #expect(links.verifyClick(message: parts[2], target: "https://b.test/", signature: parts[3], now: Date()) == nil)
        #expect(links.verifyOpen(message: parts[2], signature: parts[3], now: Date()) == nil)
    }
}
