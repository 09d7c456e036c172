import Foundation
import Logging
import ReachTestSupport
import Testing

@testable import ReachMail

@Suite struct DKIMSignerTests {
    static let key = try! DKIMSigner.generateKey(domain: "example.test", selector: "reach")

    func message() -> MIMEMessage {
        var message = MIMEMessage(
            from: MailAddress("sender@example.test", name: "Sender"), to: [MailAddress("bob@example.com", name: "Bob Müller")],
            subject: "Grüße — a subject long enough to be folded across several header lines by the encoder, surely",
            date: Date(timeIntervalSince1970: 1_790_000_000), messageID: "dkim1@example.test",
            text: "Hi Bob,   with  spaces \n\n\n", html: "<p>Hi Bob</p>")
        message.unsubscribeURL = "https://reach.test/unsubscribe/a/b/c"
        return message
    }

    @Test func canonicalizesAsRFC6376Says() {
        #expect(DKIMSigner.relaxedHeader("Subject", " Hello \r\n\t  World  ") == "subject:Hello World")
        #expect(DKIMSigner.relaxedHeader("To", "\r\n Ann\r\n <ann@x.io>,\tBo\u{e9} <bo@x.io>\t") == "to:Ann <ann@x.io>, Bo\u{e9} <bo@x.io>")
        #expect(DKIMSigner.relaxedHeader("X", "a\rb\nc\r\n") == "x:a\rb\nc", "a CR or LF alone is not a fold")
        #expect(DKIMSigner.relaxedHeader("Subject", " ") == "subject:")
        #expect(String(decoding: DKIMSigner.relaxedBody(Array("a  b \t\r\nc\r\n\r\n\r\n".utf8)), as: UTF8.self) == "a b\r\nc\r\n")
        #expect(DKIMSigner.relaxedBody(Array("\r\n\r\n".utf8)).isEmpty)
        #expect(String(decoding: DKIMSigner.relaxedBody(Array("no newline".utf8)), as: UTF8.self) == "no newline\r\n")
    }

    @Test func printsTheRecordToPublish() {
        #expect(Self.key.dnsName == "reach._domainkey.example.test")
        #expect(Self.key.dnsRecord.hasPrefix("v=DKIM1; k=rsa; p=MII"))
        #expect(Self.key.privateKeyPEM.contains("PRIVATE KEY"))
    }

    /// Keys are parsed once, but a key file written anew (a rotated key) is used once the
    /// directory is looked at again (here at every message), and the newest of a domain's files wins.
    @Test func theKeyDirectoryFollowsItsFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = DKIMKeyDirectory(directory: directory, recheckInterval: .zero)
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        func signature() throws -> [UInt8]? { try keys.signer(for: "Example.test")?.sign(message().render(), at: date) }
        func write(_ pem: String, selector: String, modified: Date) throws {
            let file = keys.file(domain: "example.test", selector: selector)
            try pem.write(to: file, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
        }
        #expect(try signature() == nil)
        try write(Self.key.privateKeyPEM, selector: "reach", modified: date)
        let first = try #require(try signature())
        #expect(try signature() == first)
        let rotated = try DKIMSigner.generateKey(domain: "example.test", selector: "reach")
        try write(rotated.privateKeyPEM, selector: "reach", modified: date.addingTimeInterval(60))
        #expect(try signature() != first)
        try write(Self.key.privateKeyPEM, selector: "newer", modified: date.addingTimeInterval(120))
        #expect(try keys.signer(for: "example.test")?.selector == "newer")
    }

    /// Within its interval the directory is not looked at again: a newer key waits for it.
    @Test func theKeyDirectoryLooksAgainOnlyAfterItsInterval() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = DKIMKeyDirectory(directory: directory, recheckInterval: .seconds(3600))
        try Self.key.privateKeyPEM.write(to: keys.file(domain: "example.test", selector: "reach"), atomically: false, encoding: .utf8)
        #expect(try keys.signer(for: "example.test")?.selector == "reach")
        let newer = keys.file(domain: "example.test", selector: "newer")
        try Self.key.privateKeyPEM.write(to: newer, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: newer.path)
        #expect(try keys.signer(for: "example.test")?.selector == "reach")
        #expect(try DKIMKeyDirectory(directory: directory, recheckInterval: .zero).signer(for: "example.test")?.selector == "newer")
    }

    @Test func signsWithFoldedLinesAndTheFromOverSigned() throws {
        let signer = try DKIMSigner(domain: "example.test", selector: "reach", privateKeyPEM: Self.key.privateKeyPEM)
        let signed = String(decoding: try signer.sign(message().render(), at: Date(timeIntervalSince1970: 1_790_000_000)), as: UTF8.self)
        let header = String(signed[..<signed.range(of: "\r\nFrom:")!.lowerBound])
        #expect(header.replacingOccurrences(of: "\r\n\t", with: " ").hasPrefix(
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=reach; t=1790000000;"))
        let unfolded = header.replacingOccurrences(of: "\r\n\t", with: "")
        #expect(unfolded.contains("h=from:from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe:list-unsubscribe-post;"))
        for line in header.components(separatedBy: "\r\n") { #expect(line.count <= 78, "\(line)") }
    }

    /// dkimpy, the reference verifier, checks the signature of a message that travelled through
    /// a real SMTP server, with the public key answered for the DNS name.
    @Test(.enabled(if: MailPeers.available || MailPeers.required)) func aSignedMessageVerifiesAfterDelivery() async throws {
        let signer = try DKIMSigner(domain: "example.test", selector: "reach", privateKeyPEM: Self.key.privateKeyPEM)
        let signed = try signer.sign(message().render(), at: Date())
        let peers = MailPeers()
        let client = SMTPClient(tls: try MailTLS(additionalRootsFile: try peers.caFile()), logger: Logger(label: "reach.mail.tests"))
        let server = SMTPServer(
            host: "localhost", port: try peers.port("IMPLICIT"), security: .implicitTLS,
            credentials: .password(username: "sender@example.test", password: "senderpw"), clientName: "reach.test")
        let before = Set(peers.spooled("implicit"))
        _ = try await client.withSession(to: server) { try await $0.send(signed, from: "sender@example.test", to: ["bob@example.com"]) }
        let stored = try #require(Set(peers.spooled("implicit")).subtracting(before).first)
        #expect(try await peers.verifyDKIM(stored, record: Self.key.dnsRecord) == "True")

        // One changed byte of the body breaks it.
        var tampered = Array(try Data(contentsOf: stored))
        let index = tampered.lastIndex(of: UInt8(ascii: "B"))!
        tampered[index] = UInt8(ascii: "C")
        let copy = stored.deletingLastPathComponent().appendingPathComponent("tampered.eml.txt")
        try Data(tampered).write(to: copy)
        #expect(try await peers.verifyDKIM(copy, record: Self.key.dnsRecord) == "False")
    }
}

extension MailPeers {
    func verifyDKIM(_ file: URL, record: String) async throws -> String {
        let script = """
            import dkim, sys
            record = sys.argv[2].encode()
            print(dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=lambda name, timeout=5: record))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.environment["REACH_TEST_PYTHON"] ?? "/usr/bin/python3")
        process.arguments = ["-c", script, file.path, record]
        let data = try await process.outputAfterExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
