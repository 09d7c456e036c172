import Foundation
import Logging
import Testing

@testable import ReachMail

@Suite struct MIMEParserTests {
    static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test func readsNestedMultipartsCharsetsEncodedWordsAndAttachments() throws {
        var bytes = Self.crlf("""
            From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@example.de>
            To: "Lee, Ann" <ann@acme.io>, bob@example.com (Bob Smith), Team: carl@x.io;
            Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus?=
             =?UTF-8?B?IE3DvG5jaGVu?=
            Message-ID: <reply-1@example.de>
            In-Reply-To: <o1@reach.test>
            References: <o0@reach.test>
             <o1@reach.test>
            Date: Tue, 3 Mar 2026 10:15:00 +0100
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            This is the preamble.
            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain; charset=windows-1252
            Content-Transfer-Encoding: quoted-printable

            Preis: 5 =80, sch=F6n =
            und gut.
            --inner
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            PHA+UHJlaXM6IDUg4oKsPC9wPg==
            --inner--
            --outer
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=UTF-8''Pr%C3%A4sentation%20Q1.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQ=
            --outer
            Content-Type: message/rfc822

            Subject: forwarded
            Content-Type: text/plain

            not the reply's own text
            --outer--
            epilogue
            """)
        bytes += []
        let message = ReceivedMessage(bytes)
        #expect(message.from == MailAddress("juergen@example.de", name: "Jürgen Müller"))
        #expect(message.to == [MailAddress("ann@acme.io", name: "Lee, Ann"), MailAddress("bob@example.com", name: "Bob Smith"), MailAddress("carl@x.io")])
        #expect(message.subject == "Grüße aus München")
        #expect(message.messageID == "reply-1@example.de")
        #expect(message.inReplyTo == ["o1@reach.test"])
        #expect(message.references == ["o0@reach.test", "o1@reach.test"])
        #expect(message.date == Date(timeIntervalSince1970: 1_772_529_300))
        #expect(message.text == "Preis: 5 €, schön und gut.")
        #expect(message.html == "<p>Preis: 5 €</p>")
        #expect(message.attachments.map(\.fileName) == ["Präsentation Q1.pdf"])
        #expect(message.attachments.first?.body == Array("%PDF-1.4".utf8))
        // The forwarded message is one entity with the enclosed message as its part.
        let forwarded = try #require(message.root.allEntities.first { $0.contentType == "message/rfc822" })
        #expect(forwarded.parts.first?.header("Subject") == "forwarded")
    }

    @Test func readsWhatReachWrites() throws {
        var sent = MIMEMessage(
            from: MailAddress("sender@example.test", name: "Sender, Test"), to: [MailAddress("bob@example.com", name: "Bob Müller")],
            subject: String(repeating: "Grüße, Ann — ", count: 6), date: Date(timeIntervalSince1970: 1_772_529_300),
            messageID: "m1@example.test", text: "Hi Bob,\n.a line starting with a dot\nprice = 5 €", html: "<p>Hi</p>")
        sent.references = ["a@x", "b@x"]
        sent.attachments = [.init(fileName: "prix été.pdf", contentType: "application/pdf", bytes: Array(repeating: 0xFF, count: 300))]
        let received = ReceivedMessage(sent.render())
        #expect(received.subject == String(repeating: "Grüße, Ann — ", count: 6))
        #expect(received.from == MailAddress("sender@example.test", name: "Sender, Test"))
        #expect(received.to == [MailAddress("bob@example.com", name: "Bob Müller")])
        #expect(received.text?.replacingOccurrences(of: "\r\n", with: "\n") == "Hi Bob,\n.a line starting with a dot\nprice = 5 €")
        #expect(received.html == "<p>Hi</p>")
        #expect(received.references == ["a@x", "b@x"])
        #expect(received.attachments.first?.fileName == "prix été.pdf")
        #expect(received.attachments.first?.body == Array(repeating: 0xFF, count: 300))
        #expect(received.date == Date(timeIntervalSince1970: 1_772_529_300))
    }

    @Test func survivesMalformedStructure() {
        // No closing boundary, a part without a header, an unknown charset, deep nesting.
        let unclosed = ReceivedMessage(Self.crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\nContent-Type: text/plain; charset=x-unknown\n\nsecond"))
        #expect(unclosed.root.parts.count == 2)
        #expect(unclosed.text == "first")
        var nested = Array("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n".utf8)
        for _ in 0..<200 { nested += Array("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n".utf8) }
        _ = ReceivedMessage(nested)
        #expect(ReceivedMessage([]).subject == nil)
    }

    @Test func stripsQuotedRepliesInFourLanguages() {
        let replies = [
            "Sounds good, let's talk Tuesday.\n\nOn Mon, 2 Mar 2026 at 09:00, Ann Lee <ann@acme.io> wrote:\n> Hi Bob,\n> are you free?",
            "Sounds good, let's talk Tuesday.\n\nAm 02.03.2026 um 09:00 schrieb Ann Lee <ann@acme.io>:\n> Hallo",
            "Sounds good, let's talk Tuesday.\n\nLe lun. 2 mars 2026 à 09:00, Ann Lee <ann@acme.io> a écrit :\n> Bonjour",
            "Sounds good, let's talk Tuesday.\n\nEl lun, 2 mar 2026 a las 9:00, Ann Lee (<ann@acme.io>) escribió:\n> Hola",
            "Sounds good, let's talk Tuesday.\n\n-----Original Message-----\nFrom: Ann Lee\nSent: Monday",
            "Sounds good, let's talk Tuesday.\n________________________________\nFrom: Ann Lee <ann@acme.io>\nSent: Monday",
            "Sounds good, let's talk Tuesday.\n-- \nBob Smith\nCEO",
            "Sounds good, let's talk Tuesday.\n\nOn Mon, 2 Mar 2026 at 09:00, Ann Lee <ann@acme.io>\nwrote:\n> Hi",
        ]
        for reply in replies {
            #expect(QuotedReply.newText(reply) == "Sounds good, let's talk Tuesday.", "\(reply)")
        }
        #expect(QuotedReply.newText("On Monday works for me.\nThanks") == "On Monday works for me.\nThanks")
    }

    @Test func readsAStandardBounce() throws {
        let report = try #require(DeliveryStatusReport(ReceivedMessage(Self.crlf("""
            From: MAILER-DAEMON@mx.example.test (Mail Delivery System)
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --B
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.test

            Final-Recipient: rfc822; gone@example.test
            Original-Recipient: rfc822;gone@example.test
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mx.example.com
            Diagnostic-Code: smtp; 550 5.1.1 <gone@example.test>: Recipient address
                rejected: User unknown

            Final-Recipient: rfc822; full@example.test
            Action: failed
            Status: 5.2.2
            Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

            Final-Recipient: rfc822; slow@example.test
            Action: delayed
            Status: 4.4.1
            --B
            Content-Type: text/rfc822-headers

            Message-ID: <o1@reach.test>
            Subject: Quick question
            --B--
            """))))
        #expect(report.reportingMTA == "mx.example.test")
        #expect(report.originalMessageID == "o1@reach.test")
        #expect(report.recipients.map(\.address) == ["gone@example.test", "full@example.test", "slow@example.test"])
        #expect(report.recipients.map(\.action) == ["failed", "failed", "delayed"])
        #expect(report.recipients[0].diagnostic == "smtp; 550 5.1.1 <gone@example.test>: Recipient address    rejected: User unknown")
        #expect(report.recipients[0].remoteMTA == "mx.example.com")
        #expect(DeliveryStatusReport(ReceivedMessage(Self.crlf("Subject: hi\n\nhello"))) == nil)
    }
}

/// Messages that real servers produced, read back over IMAP.
@Suite(.serialized, .enabled(if: MailPeers.available || MailPeers.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct ReceivedMailTests {
    let peers = MailPeers()

    @Test func postfixBouncesAnUnknownUserWithADSNReachReads() async throws {
        let tls = try MailTLS(additionalRootsFile: try peers.caFile())
        let logger = Logger(label: "reach.mail.tests")
        let messageID = MIMEMessage.newMessageID(domain: "example.test")
        let sent = MIMEMessage(
            from: MailAddress("sender@example.test"), to: [MailAddress("nobody-\(UUID().uuidString.prefix(8))@example.test")],
            subject: "Quick question", date: Date(), messageID: messageID, text: "Hello", html: nil)
        let submission = SMTPServer(
            host: "localhost", port: try peers.port("POSTFIX"), security: .startTLS,
            credentials: .password(username: "sender@example.test", password: "senderpw"), clientName: "reach.test")
        _ = try await SMTPClient(tls: tls, logger: logger).withSession(to: submission) {
            try await $0.send(sent.render(), from: "sender@example.test", to: [sent.to[0].address])
        }
        let imap = IMAPClient(tls: tls, logger: logger)
        let mailbox = IMAPServer(host: "localhost", port: try peers.imapPort("STARTTLS"), security: .startTLS, credentials: .password(username: "sender@example.test", password: "senderpw"))
        var report: DeliveryStatusReport?
        for _ in 0..<100 where report == nil {
            report = try await imap.withSession(to: mailbox) { session in
                _ = try await session.examine("INBOX")
                let uids = try await session.uidSearch(.header("Subject", "Undelivered"))
                return try await session.uidFetch(uids, items: [.body]).compactMap { $0.body.flatMap { DeliveryStatusReport(ReceivedMessage($0)) } }
                    .first { $0.originalMessageID == messageID }
            }
            if report == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let bounce = try #require(report)
        #expect(bounce.recipients.first?.address == sent.to[0].address)
        #expect(bounce.recipients.first?.status == "5.1.1")
        #expect(bounce.recipients.first?.action == "failed")
    }

    @Test func readsALatin1MessageFromDovecot() async throws {
        let tls = try MailTLS(additionalRootsFile: try peers.caFile())
        let subject = "Latin-1 \(UUID().uuidString)"
        var bytes = Array("From: Bob <bob@example.com>\r\nSubject: \(subject)\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".utf8)
        bytes += [0x47, 0x72, 0xFC, 0xDF, 0x65, 0x0D, 0x0A]
        let server = IMAPServer(host: "localhost", port: try peers.imapPort("IMPLICIT"), security: .implicitTLS, credentials: .password(username: "sender@example.test", password: "senderpw"))
        let text = try await IMAPClient(tls: tls, logger: Logger(label: "reach.mail.tests")).withSession(to: server) { session -> String? in
            let uid = try #require(try await session.append(bytes, to: "INBOX"))
            _ = try await session.examine("INBOX")
            return try await session.uidFetch([uid], items: [.body]).first?.body.map { ReceivedMessage($0).text } ?? nil
        }
        #expect(text == "Grüße\r\n")
    }
}
