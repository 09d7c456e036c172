import Foundation
import Logging
import Testing

@testable import ReachMail

/// The IMAP client against Dovecot on loopback (scripts/mail-peers.sh). Every test works in its
/// own mailbox state by appending its own messages and looking only at their UIDs.
@Suite(.serialized, .enabled(if: MailPeers.available || MailPeers.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct IMAPClientTests {
    let peers = MailPeers()

    func client(timeouts: IMAPTimeouts = .standard, tls: MailTLS? = nil) throws -> IMAPClient {
        IMAPClient(tls: try tls ?? MailTLS(additionalRootsFile: try peers.caFile()), timeouts: timeouts, logger: Logger(label: "reach.imap.tests"))
    }

    func server(_ security: MailSecurity = .startTLS, user: String = "sender@example.test", password: String = "senderpw") throws -> IMAPServer {
        let port = try peers.imapPort(security == .implicitTLS ? "IMPLICIT" : "STARTTLS")
        return IMAPServer(host: "localhost", port: port, security: security, credentials: .password(username: user, password: password))
    }

    /// A message in ISO-8859-1, as many older mailers still send.
    func latin1Message(subject: String) -> [UInt8] {
        var bytes = Array("From: Bob <bob@example.com>\r\nTo: sender@example.test\r\nSubject: \(subject)\r\nMessage-ID: <\(UUID().uuidString)@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".utf8)
        bytes += [0x47, 0x72, 0xFC, 0xDF, 0x65, 0x0D, 0x0A]  // "Grüße" in Latin-1
        return bytes
    }

    @Test(arguments: [MailSecurity.startTLS, .implicitTLS])
    func appendsListsFetchesAndNeverMarksSeen(_ security: MailSecurity) async throws {
        let subject = "Latin-1 \(UUID().uuidString)"
        let sent = latin1Message(subject: subject)
        // 3 MB of body: arrives as one literal across many reads.
        var large = Array("From: Bob <bob@example.com>\r\nSubject: large \(subject)\r\n\r\n".utf8)
        large += Array(repeating: Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n".utf8), count: 48_000).flatMap { $0 }
        // prospect@'s mailbox: only this suite, which runs one test at a time, writes to it, so
        // the UIDs seen here cannot move under the test.
        try await client().withSession(to: server(security, user: "prospect@example.test", password: "prospectpw")) { session in
            #expect(session.capabilities.contains("IMAP4REV1"))
            let mailboxes = try await session.list()
            #expect(mailboxes.contains { $0.name == "INBOX" })
            let before = try await session.examine("INBOX")
            #expect(before.uidValidity > 0)
            let first = try #require(try await session.append(sent, to: "INBOX"))
            let second = try #require(try await session.append(large, to: "INBOX"))
            #expect(second > first)

            let status = try await session.examine("INBOX")
            #expect(status.exists >= before.exists + 2)
            #expect(status.uidValidity == before.uidValidity)
            #expect(status.readOnly)
            // Earlier tests left messages here too: the subject keeps to this test's.
            #expect(try await session.uidSearch(.and([.uids(from: first, through: nil), .header("Subject", subject)])) == [first, second])
            #expect(try await session.uidSearch(.uids(from: first, through: first)) == [first])
            // Above every UID, "n:*" still matches the last message on the server; not here.
            let highest = try await session.uidSearch(.all).max() ?? second
            #expect(try await session.uidSearch(.uids(from: highest + 1, through: nil)) == [])
            #expect(try await session.uidSearch(.and([.since(Date(timeIntervalSinceNow: -86_400)), .header("Subject", subject)])) == [first, second])

            let messages = try await session.uidFetch([first, second], items: [.flags, .size, .internalDate, .header, .body])
            #expect(messages.map(\.uid) == [first, second])
            #expect(messages[0].body == sent)
            #expect(messages[1].body == large)
            #expect(messages[1].size == large.count)
            #expect(messages[0].internalDate != nil)
            #expect(String(decoding: try #require(messages[0].header), as: UTF8.self).contains("Subject: \(subject)"))
            #expect(messages.allSatisfy { !$0.flags.contains("\\Seen") })
            // Reading with BODY.PEEK left them unread.
            let again = try await session.uidFetch([first], items: [.flags])
            #expect(again.first?.flags.contains("\\Seen") == false)
        }
    }

    @Test func idleWakesUpWhenMailArrivesAndReturnsQuietlyWhenNoneDoes() async throws {
        let client = try client()
        // prospect@'s mailbox: only this suite, which runs one test at a time, delivers to it.
        let server = try server(user: "prospect@example.test", password: "prospectpw")
        try await client.withSession(to: server) { session in
            _ = try await session.select("INBOX")
            #expect(try await session.idle(upTo: .milliseconds(500)) == false)
            let appender = Task {
                try await Task.sleep(for: .milliseconds(300))
                _ = try await client.withSession(to: server) { other in
                    try await other.append(latin1Message(subject: "wake up"), to: "INBOX")
                }
            }
            // true means an EXISTS ended the IDLE, not the deadline; how soon depends on the load
            // on the machine, so the test does not time it.
            #expect(try await session.idle(upTo: .seconds(60)) == true)
            _ = try await appender.value
            // The connection carries commands again after IDLE.
            #expect(try await session.uidSearch(.all).isEmpty == false)
        }
    }

    @Test func aMessageSubmittedToPostfixArrivesInTheRecipientsMailbox() async throws {
        let subject = "via postfix \(UUID().uuidString)"
        let smtp = SMTPClient(tls: try MailTLS(additionalRootsFile: try peers.caFile()), logger: Logger(label: "reach.imap.tests"))
        let message = MIMEMessage(
            from: MailAddress("sender@example.test"), to: [MailAddress("prospect@example.test")], subject: subject, date: Date(),
            messageID: MIMEMessage.newMessageID(domain: "example.test"), text: "Hello from Reach", html: nil)
        let submission = SMTPServer(
            host: "localhost", port: try peers.port("POSTFIX"), security: .startTLS,
            credentials: .password(username: "sender@example.test", password: "senderpw"), clientName: "reach.test")
        _ = try await smtp.withSession(to: submission) { try await $0.send(message.render(), from: "sender@example.test", to: ["prospect@example.test"]) }
        let found = try await waitForMessage(subject: subject, in: try server(user: "prospect@example.test", password: "prospectpw"))
        #expect(String(decoding: found, as: UTF8.self).contains("Hello from Reach"))
    }

    @Test func aWrongPasswordIsAnAuthenticationFailure() async throws {
        await #expect {
            try await client().withSession(to: server(password: "wrong")) { _ in }
        } throws: { error in
            guard let error = error as? IMAPError else { return false }
            return error.isAuthenticationFailure && !error.isTransient
        }
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        await #expect {
            try await client(tls: .system).withSession(to: server(.implicitTLS)) { _ in }
        } throws: { error in
            guard let error = error as? IMAPError, case .tlsFailed = error.kind else { return false }
            return !error.isTransient
        }
    }

    @Test func aServerThatNeverGreetsTimesOut() async throws {
        let silent = try SilentListener()
        let started = ContinuousClock.now
        await #expect {
            try await client(timeouts: IMAPTimeouts(connect: .seconds(2), command: .seconds(1), fetch: .seconds(1)))
                .withSession(to: IMAPServer(host: "127.0.0.1", port: silent.port, security: .none, credentials: .password(username: "a", password: "b"))) { _ in }
        } throws: { error in
            guard let error = error as? IMAPError else { return false }
            return error.stage == .greeting && error.kind == .timedOut && error.isTransient
        }
        // Not a measurement: only that the silence did not hang the client.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aServerThatIsNotIMAPIsAProtocolError() async throws {
        await #expect {
            try await client().withSession(to: IMAPServer(
                host: "localhost", port: try peers.port("STARTTLS"), security: .startTLS, credentials: .password(username: "a", password: "b"))) { _ in }
        } throws: { error in
            guard let error = error as? IMAPError, case .protocolViolation = error.kind else { return false }
            return error.stage == .greeting
        }
    }

    /// Polls the mailbox until a message with this subject is there (delivery is asynchronous).
    func waitForMessage(subject: String, in server: IMAPServer) async throws -> [UInt8] {
        for _ in 0..<100 {
            let found = try await client().withSession(to: server) { session -> [UInt8]? in
                _ = try await session.examine("INBOX")
                let uids = try await session.uidSearch(.header("Subject", subject))
                return try await session.uidFetch(uids, items: [.body]).first?.body
            }
            if let found { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw MailPeersMissing()
    }
}

@Suite struct IMAPResponseParserTests {
    @Test func readsFetchResponsesWithLiteralsSectionsAndNIL() throws {
        let header = "Subject: hi\r\n\r\n"
        let raw = Array("* 12 FETCH (UID 4827313 FLAGS (\\Seen $Forwarded) BODY[HEADER.FIELDS (SUBJECT FROM)] {\(header.utf8.count)}\r\n\(header) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" X NIL)\r\n".utf8)
        guard case .fetch(let number, let attributes) = try IMAPResponseParser.parse(raw) else { Issue.record("not a FETCH"); return }
        #expect(number == 12)
        #expect(attributes["UID"] == .atom("4827313"))
        #expect(attributes["FLAGS"] == .list([.atom("\\Seen"), .atom("$Forwarded")]))
        #expect(attributes["BODY[HEADER.FIELDS (SUBJECT FROM)]"] == .string(Array(header.utf8)))
        #expect(attributes["INTERNALDATE"] == .string(Array("17-Jul-1996 02:44:25 -0700".utf8)))
        #expect(attributes["X"] == .nil)
    }

    @Test func readsStatusResponsesWithCodes() throws {
        #expect(try IMAPResponseParser.parse(Array("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n".utf8))
            == .status(IMAPStatusResponse(status: .ok, code: "UIDVALIDITY 3857529045", text: "UIDs valid")))
        #expect(try IMAPResponseParser.parse(Array("A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n".utf8))
            == .tagged(tag: "A1", IMAPStatusResponse(status: .no, code: "AUTHENTICATIONFAILED", text: "Authentication failed.")))
        #expect(try IMAPResponseParser.parse(Array("+ idling\r\n".utf8)) == .continuation("idling"))
        #expect(try IMAPResponseParser.parse(Array("* SEARCH 2 84 882\r\n".utf8)) == .search([2, 84, 882]))
    }

    @Test func decodesMailboxNamesInModifiedUTF7() throws {
        guard case .list(let mailbox) = try IMAPResponseParser.parse(Array("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entw&APw-rfe\"\r\n".utf8)) else {
            Issue.record("not a LIST")
            return
        }
        #expect(mailbox.name == "Entwürfe")
        #expect(mailbox.hasAttribute("\\drafts"))
        #expect(ModifiedUTF7.encode("Entwürfe") == "Entw&APw-rfe")
        #expect(ModifiedUTF7.encode("R&D 日本語") == "R&-D &ZeVnLIqe-")
        #expect(ModifiedUTF7.decode("R&-D &ZeVnLIqe-") == "R&D 日本語")
    }

    @Test func compressesUIDSets() {
        #expect(IMAPSession.sequenceSet([9, 1, 2, 3, 7, 10]) == "1:3,7,9:10")
    }
}
