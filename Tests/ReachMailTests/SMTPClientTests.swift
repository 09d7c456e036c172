import Foundation
import Logging
import Testing

@testable import ReachMail

/// The SMTP client against real servers on loopback, started by scripts/mail-peers.sh (run by
/// scripts/test). Without them these tests are skipped, unless REACH_REQUIRE_MAIL=1 says they
/// must run.
@Suite(.serialized, .enabled(if: MailPeers.available || MailPeers.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct SMTPClientTests {
    let peers = MailPeers()

    func client(timeouts: SMTPTimeouts = .standard) throws -> SMTPClient {
        SMTPClient(tls: try MailTLS(additionalRootsFile: try peers.caFile()), timeouts: timeouts, logger: Logger(label: "reach.mail.tests"))
    }

    func server(_ port: Int, _ security: SMTPServer.Security, password: String = "senderpw") -> SMTPServer {
        SMTPServer(
            host: "localhost", port: port, security: security, credentials: .password(username: "sender@example.test", password: password),
            clientName: "reach.test")
    }

    func message(subject: String = "Grüße, Ann — quick question", to: String = "bob@example.com") -> MIMEMessage {
        var message = MIMEMessage(
            from: MailAddress("sender@example.test", name: "Sender, Test"), to: [MailAddress(to, name: "Bob Müller")], subject: subject,
            date: Date(), messageID: MIMEMessage.newMessageID(domain: "example.test"),
            text: "Hi Bob,\n.a line starting with a dot\nprice = 5 €", html: "<p>Hi Bob,</p><p>price = 5 &euro;</p>")
        message.inReplyTo = "first@example.test"
        message.references = ["first@example.test"]
        message.unsubscribeURL = "https://reach.test/unsubscribe/a/b/c"
        message.attachments = [.init(fileName: "prix été.pdf", contentType: "application/pdf", bytes: Array("%PDF-1.4 test".utf8))]
        return message
    }

    @Test func deliversOverSTARTTLSWithAuthAndPythonReadsTheMessage() async throws {
        let port = try peers.port("STARTTLS")
        let sent = message()
        let delivery = try await client().withSession(to: server(port, .startTLS)) { session in
            try await session.send(sent.render(), from: "sender@example.test", to: ["bob@example.com"])
        }
        #expect(delivery.acceptedRecipients == ["bob@example.com"])
        #expect(delivery.reply.code == 250)
        // The server names the stored file in its reply ("queued as FILE"); it stores the DATA it
        // received, dot-unstuffed: exactly the bytes written.
        let fileName = try #require(delivery.reply.text.split(separator: " ").last.map(String.init))
        let stored = try #require(peers.spooled("starttls").first { $0.lastPathComponent == fileName })
        #expect(Array(try Data(contentsOf: stored)) == sent.render().map { $0 })
        let parsed = try await peers.parseWithPython(stored)
        #expect(parsed["subject"] as? String == "Grüße, Ann — quick question")
        #expect(parsed["from"] as? String == "\"Sender, Test\" <sender@example.test>")
        #expect(parsed["to"] as? String == "Bob Müller <bob@example.com>")
        // Python keeps the message's CRLF line breaks in the decoded text.
        #expect((parsed["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == "Hi Bob,\n.a line starting with a dot\nprice = 5 €")
        #expect(parsed["html"] as? String == "<p>Hi Bob,</p><p>price = 5 &euro;</p>")
        #expect(parsed["attachments"] as? [String] == ["prix été.pdf"])
        #expect(parsed["in_reply_to"] as? String == "<first@example.test>")
        #expect(parsed["list_unsubscribe_post"] as? String == "List-Unsubscribe=One-Click")
        #expect(parsed["defects"] as? Int == 0)
        let envelope = try #require(peers.envelopes("starttls").first { $0["file"] as? String == fileName })
        #expect(envelope["tls"] as? Bool == true)
        #expect(envelope["auth"] as? String == "sender@example.test")
    }

    @Test func deliversOverImplicitTLSAndSeveralMessagesPerConnection() async throws {
        let port = try peers.port("IMPLICIT")
        let before = peers.spooled("implicit").count
        try await client().withSession(to: server(port, .implicitTLS)) { session in
            // One command at a time here: this server does not announce PIPELINING.
            #expect(!session.capabilities.supports("PIPELINING"))
            for index in 1...3 {
                _ = try await session.send(message(subject: "Message \(index)").render(), from: "sender@example.test", to: ["bob@example.com"])
            }
        }
        #expect(peers.spooled("implicit").count == before + 3)
    }

    @Test func reportsRefusedRecipientsAndWhetherToRetry() async throws {
        let port = try peers.port("STARTTLS")
        try await client().withSession(to: server(port, .startTLS)) { session in
            // This server announces PIPELINING: the envelope and DATA go in one write, and the
            // refusals below arrive as answers to a batch.
            #expect(session.capabilities.supports("PIPELINING"))
            let partial = try await session.send(message().render(), from: "sender@example.test", to: ["bob@example.com", "nobody@example.com"])
            #expect(partial.acceptedRecipients == ["bob@example.com"])
            #expect(partial.rejectedRecipients["nobody@example.com"]?.code == 550)
            do {
                _ = try await session.send(message().render(), from: "sender@example.test", to: ["nobody@example.com"])
                Issue.record("a message with no accepted recipient must fail")
            } catch let error as SMTPError {
                #expect(error.stage == .recipient)
                #expect(error.reply?.enhancedCode == "5.1.1")
                #expect(!error.isTransient)
            }
            // After a failed transaction the connection still carries the next one.
            do {
                _ = try await session.send(message().render(), from: "sender@example.test", to: ["busy@example.com"])
                Issue.record("a busy mailbox must fail")
            } catch let error as SMTPError {
                #expect(error.reply?.code == 451)
                #expect(error.isTransient)
            }
            _ = try await session.send(message().render(), from: "sender@example.test", to: ["bob@example.com"])
        }
    }

    @Test func aWrongPasswordIsAnAuthenticationError() async throws {
        await #expect {
            try await client().withSession(to: server(try peers.port("STARTTLS"), .startTLS, password: "wrong")) { _ in }
        } throws: { error in
            guard let error = error as? SMTPError else { return false }
            return error.stage == .authentication && error.reply?.code == 535 && !error.isTransient
        }
    }

    @Test func anUntrustedCertificateIsRefused() async throws {
        await #expect {
            try await client().withSession(to: server(try peers.port("ROGUE"), .startTLS)) { _ in }
        } throws: { error in
            guard let error = error as? SMTPError, case .tlsFailed = error.kind else { return false }
            return !error.isTransient
        }
    }

    @Test func aServerThatStallsTimesOut() async throws {
        // Generous for every step but the end of DATA, so only the stall can time out, however
        // loaded the machine: the error's stage says which deadline fired.
        let timeouts = SMTPTimeouts(connect: .seconds(30), command: .seconds(30), dataEnd: .seconds(1))
        let started = ContinuousClock.now
        await #expect {
            try await client(timeouts: timeouts).withSession(to: server(try peers.port("STALL"), .startTLS)) { session in
                _ = try await session.send(message().render(), from: "sender@example.test", to: ["bob@example.com"])
            }
        } throws: { error in
            guard let error = error as? SMTPError else { return false }
            return error.stage == .message && error.kind == .timedOut && error.isTransient
        }
        // Not a measurement: only that the stall did not hang the client.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func aClosedPortIsAConnectionFailure() async throws {
        let closed = try peers.closedPort()
        await #expect {
            try await client().withSession(to: server(closed, .startTLS)) { _ in }
        } throws: { error in
            guard let error = error as? SMTPError, case .connectionFailed = error.kind else { return false }
            return error.stage == .connect && error.isTransient
        }
    }
}
