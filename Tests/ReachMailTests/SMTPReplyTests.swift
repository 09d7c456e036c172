import NIOCore
import NIOEmbedded
import Testing

@testable import ReachMail

@Suite struct SMTPReplyTests {
    func decode(_ text: String) throws -> [SMTPReply] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        try channel.writeInbound(ByteBuffer(string: text))
        var replies: [SMTPReply] = []
        while let reply = try channel.readInbound(as: SMTPReply.self) { replies.append(reply) }
        return replies
    }

    @Test func readsMultilineRepliesAndTheirCapabilities() throws {
        let replies = try decode("220 mx.test ESMTP\r\n250-mx.test greets you\r\n250-SIZE 1000\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 STARTTLS\r\n")
        #expect(replies.count == 2)
        #expect(replies[1].lines == ["mx.test greets you", "SIZE 1000", "AUTH PLAIN LOGIN", "8BITMIME", "STARTTLS"])
        let capabilities = SMTPCapabilities(ehlo: replies[1])
        #expect(capabilities.maximumSize == 1000)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(capabilities.supports("starttls"))
        #expect(!capabilities.supports("SMTPUTF8"))
    }

    @Test func waitsForTheRestOfASplitReply() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SMTPReplyDecoder()))
        try channel.writeInbound(ByteBuffer(string: "250-first\r\n25"))
        #expect(try channel.readInbound(as: SMTPReply.self) == nil)
        try channel.writeInbound(ByteBuffer(string: "0 last\n"))
        #expect(try channel.readInbound(as: SMTPReply.self) == SMTPReply(code: 250, lines: ["first", "last"]))
    }

    @Test func readsEnhancedCodesAndClassifiesReplies() throws {
        let reply = try decode("550 5.1.1 <nobody@example.com>: User unknown\r\n")[0]
        #expect(reply.enhancedCode == "5.1.1")
        #expect(!reply.isTransient)
        #expect(SMTPError(stage: .recipient, kind: .rejected(reply)).isTransient == false)
        let busy = try decode("451 4.7.1 Try again later\r\n")[0]
        #expect(SMTPError(stage: .recipient, kind: .rejected(busy)).isTransient)
        #expect(try decode("354 go ahead\r\n")[0].enhancedCode == nil)
    }

    @Test(arguments: ["HTTP/1.1 200 OK\r\n", "25\r\n", "250-a\r\n251 b\r\n"])
    func refusesWhatIsNotSMTP(_ text: String) {
        #expect(throws: (any Error).self) { _ = try decode(text) }
    }
}
