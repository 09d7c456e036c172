import Foundation
import Testing

@testable import ReachMail

@Suite struct MIMEEncodingTests {
    @Test func quotedPrintableKeepsLinesShortAndEscapesWhatItMust() {
        let long = String(repeating: "abcdefghij", count: 20)
        let encoded = String(decoding: QuotedPrintable.encode("\(long)\nprice = 5 €\ntrailing \n.dot\nFrom here"), as: UTF8.self)
        for line in encoded.components(separatedBy: "\r\n") { #expect(line.count <= 76, "\(line)") }
        #expect(encoded.contains("price =3D 5 =E2=82=AC"))
        #expect(encoded.contains("trailing=20\r\n"))
        #expect(encoded.contains("\r\n=2Edot\r\n"))
        #expect(encoded.hasSuffix("=46rom here"))
        #expect(!encoded.contains("\n\n"))
    }

    @Test func base64MatchesFoundation() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
        }
    }

    @Test func encodedWordsSplitBetweenCharactersAndStayShort() {
        let subject = String(repeating: "Grüße aus Köln 🙂 ", count: 6)
        let encoded = HeaderEncoding.unstructured(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded: [UInt8] = []
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = word.dropFirst(10).dropLast(2)
            let bytes = Data(base64Encoded: String(payload))!
            #expect(String(data: bytes, encoding: .utf8) != nil, "a word must hold whole characters")
            decoded += bytes
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(HeaderEncoding.unstructured("Quick question") == "Quick question")
        #expect(HeaderEncoding.unstructured("two\nlines") == "two lines")
    }

    @Test func displayNamesAreQuotedOrEncoded() {
        #expect(MailAddress("ann@acme.io", name: "Ann Lee").headerValue == "Ann Lee <ann@acme.io>")
        #expect(MailAddress("ann@acme.io", name: "Lee, Ann \"AL\"").headerValue == #""Lee, Ann \"AL\"" <ann@acme.io>"#)
        #expect(MailAddress("jo@acme.io", name: "Jörg").headerValue == "=?UTF-8?B?SsO2cmc=?= <jo@acme.io>")
        #expect(MailAddress("x@acme.io").headerValue == "<x@acme.io>")
    }

    @Test func dotStuffingNormalisesLineEndingsAndEndsTheData() {
        let stuffed = String(decoding: DotStuffing.encode(Array("a\n.b\r\n..c\rd".utf8)), as: UTF8.self)
        #expect(stuffed == "a\r\n..b\r\n...c\r\nd\r\n.\r\n")
    }

    @Test func foldsLongHeadersAtSpaces() {
        let folded = HeaderEncoding.fold("To", (1...8).map { "<person\($0)@example-company.com>" }.joined(separator: ", "))
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for line in lines { #expect(line.count <= 78) }
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
    }

    @Test func writesAThreadedMultipartMessageWithUnsubscribeHeaders() {
        var message = MIMEMessage(
            from: MailAddress("ann@acme.io", name: "Ann"), to: [MailAddress("bob@example.com", name: "Bob")], subject: "Re: Quick question",
            date: Date(timeIntervalSince1970: 1_790_000_000), messageID: "abc123@acme.io", text: "Hi Bob,\nfollowing up.",
            html: "<p>Hi Bob,</p><p>following up.</p>")
        message.inReplyTo = "first@acme.io"
        message.references = ["first@acme.io"]
        message.unsubscribeURL = "https://reach.acme.io/unsubscribe/a/b/c"
        message.attachments = [.init(fileName: "deck.pdf", contentType: "application/pdf", bytes: Array("%PDF-1.4".utf8))]
        let text = String(decoding: message.render(), as: UTF8.self)
        #expect(text.hasPrefix("From: Ann <ann@acme.io>\r\nTo: Bob <bob@example.com>\r\nSubject: Re: Quick question\r\n"))
        #expect(text.contains("Date: Mon, 21 Sep 2026 14:13:20 +0000\r\n"))
        #expect(text.contains("Message-ID: <abc123@acme.io>\r\nIn-Reply-To: <first@acme.io>\r\nReferences: <first@acme.io>\r\n"))
        #expect(text.contains("List-Unsubscribe: <https://reach.acme.io/unsubscribe/a/b/c>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
        #expect(text.contains("Content-Type: multipart/mixed; boundary=\"=_reach_mix_abc123\""))
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"=_reach_alt_abc123\""))
        #expect(text.contains("Content-Disposition: attachment; filename=\"deck.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQ=\r\n"))
        #expect(text.hasSuffix("--=_reach_mix_abc123--\r\n"))
        #expect(!text.utf8.contains { $0 >= 0x80 }, "the message is 7-bit clean")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
    }
}
