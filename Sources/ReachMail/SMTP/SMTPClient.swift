import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Submits messages to a mail server over SwiftNIO: greeting, EHLO, STARTTLS, AUTH, then any
/// number of messages on the one connection, then QUIT.
///
///     try await client.withSession(to: server) { session in
///         let delivery = try await session.send(message, from: "ann@acme.io", to: ["bob@example.com"])
///     }
public struct SMTPClient: Sendable {
    let tls: MailTLS
    let timeouts: SMTPTimeouts
    let group: any EventLoopGroup
    let logger: Logger

    public init(tls: MailTLS, timeouts: SMTPTimeouts = .standard, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.tls = tls
        self.timeouts = timeouts
        self.group = group
        self.logger = logger
    }

    public func withSession<Result: Sendable>(
        to server: SMTPServer, _ body: (SMTPSession) async throws -> Result
    ) async throws -> Result {
        let context: NIOSSLContext
        do {
            context = try tls.clientContext()
        } catch {
            throw SMTPError(stage: .tls, kind: .tlsFailed("\(error)"))
        }
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await MailChannel.connect(
                host: server.host, address: server.address, port: server.port, implicitTLS: server.security == .implicitTLS, context: context,
                timeout: timeouts.connect, group: group, decoder: { SMTPReplyDecoder() })
        } catch {
            throw SMTPError(stage: .connect, kind: .connectionFailed("\(error)"))
        }
        return try await channel.executeThenClose { inbound, outbound in
            let session = SMTPSession(
                channel: channel.channel, replies: inbound.makeAsyncIterator(), outbound: outbound, timeouts: timeouts, logger: logger)
            try await session.open(server, tls: context)
            let result = try await body(session)
            await session.quit()
            return result
        }
    }
}

/// One connection to a mail server, used by one task at a time.
public final class SMTPSession {
    let channel: any Channel
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let timeouts: SMTPTimeouts
    let logger: Logger
    public private(set) var capabilities = SMTPCapabilities(ehlo: SMTPReply(code: 250, lines: []))

    init(
        channel: any Channel, replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        timeouts: SMTPTimeouts, logger: Logger
    ) {
        self.channel = channel
        self.replies = replies
        self.outbound = outbound
        self.timeouts = timeouts
        self.logger = logger
    }

    func open(_ server: SMTPServer, tls: NIOSSLContext) async throws {
        try await expect(200..<300, stage: .greeting, reply: try await nextReply(stage: .greeting, within: timeouts.command))
        try await hello(server.clientName)
        if server.security == .startTLS || (server.security == .startTLSWhenOffered && capabilities.supports("STARTTLS")) {
            guard capabilities.supports("STARTTLS") else { throw SMTPError(stage: .startTLS, kind: .unsupported("STARTTLS")) }
            try await expect(200..<300, stage: .startTLS, reply: try await command("STARTTLS", stage: .startTLS))
            do {
                try await MailChannel.startTLS(on: channel, host: server.host, context: tls, timeout: timeouts.command)
            } catch MailChannel.Failure.timedOut {
                throw SMTPError(stage: .tls, kind: .timedOut)
            } catch {
                throw SMTPError(stage: .tls, kind: .tlsFailed("\(error)"))
            }
            // RFC 3207: everything learnt before TLS is forgotten; ask again.
            try await hello(server.clientName)
        }
        if let credentials = server.credentials { try await authenticate(credentials) }
    }

    func hello(_ name: String) async throws {
        let reply = try await command("EHLO \(name)", stage: .hello)
        try await expect(200..<300, stage: .hello, reply: reply)
        capabilities = SMTPCapabilities(ehlo: reply)
    }

    /// RFC 4954 answers a successful AUTH with 235; any other positive completion (some test
    /// servers, Postfix's smtp-sink among them, say 250) is taken as success too, as RFC 5321's
    /// reply codes mean.
    static let authenticated = 200..<300

    func authenticate(_ credentials: SMTPServer.Credentials) async throws {
        let mechanisms = capabilities.authMechanisms
        switch credentials {
        case .password(let username, let password):
            if mechanisms.contains("PLAIN") {
                let token = MailCredentials.plainToken(username: username, password: password)
                try await expect(Self.authenticated, stage: .authentication, reply: try await command("AUTH PLAIN \(token)", stage: .authentication, secret: true))
            } else if mechanisms.contains("LOGIN") {
                try await expect(334..<335, stage: .authentication, reply: try await command("AUTH LOGIN", stage: .authentication))
                try await expect(334..<335, stage: .authentication, reply: try await command(Data(username.utf8).base64EncodedString(), stage: .authentication, secret: true))
                try await expect(Self.authenticated, stage: .authentication, reply: try await command(Data(password.utf8).base64EncodedString(), stage: .authentication, secret: true))
            } else {
                throw SMTPError(stage: .authentication, kind: .unsupported("AUTH PLAIN or LOGIN"))
            }
        case .oauth2(let username, let accessToken):
            guard mechanisms.contains("XOAUTH2") else { throw SMTPError(stage: .authentication, kind: .unsupported("AUTH XOAUTH2")) }
            let token = MailCredentials.xoauth2Token(username: username, accessToken: accessToken)
            var reply = try await command("AUTH XOAUTH2 \(token)", stage: .authentication, secret: true)
            if reply.code == 334 {
                // The server explains the failure in a challenge; an empty answer ends the exchange.
                reply = try await command("", stage: .authentication)
            }
            try await expect(Self.authenticated, stage: .authentication, reply: reply)
        }
    }

    /// Sends one message. Recipients the server refuses are reported, not thrown, as long as
    /// one is accepted; the message must be a whole RFC 5322 message (see `MIMEMessage`).
    public func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws -> SMTPDelivery {
        if let limit = capabilities.maximumSize, message.count > limit {
            throw SMTPError(stage: .message, kind: .unsupported("messages over \(limit) bytes (this one has \(message.count))"))
        }
        var parameters = ""
        if capabilities.maximumSize != nil || capabilities.supports("SIZE") { parameters += " SIZE=\(message.count)" }
        if message.contains(where: { $0 >= 0x80 }) {
            guard capabilities.supports("8BITMIME") else { throw SMTPError(stage: .message, kind: .unsupported("8BITMIME")) }
            parameters += " BODY=8BITMIME"
        }
        let addresses = [sender] + recipients
        if addresses.contains(where: { $0.utf8.contains { $0 >= 0x80 } }) {
            guard capabilities.supports("SMTPUTF8") else { throw SMTPError(stage: .sender, kind: .unsupported("SMTPUTF8 (for non-ASCII addresses)")) }
            parameters += " SMTPUTF8"
        }
        let envelope = ["MAIL FROM:<\(sender)>\(parameters)"] + recipients.map { "RCPT TO:<\($0)>" }
        let mailReply: SMTPReply
        var recipientReplies: [SMTPReply] = []
        var dataReply: SMTPReply?
        if capabilities.supports("PIPELINING") {
            // RFC 2920: the envelope and DATA go in one write, one round trip instead of one per
            // command; the replies come back in order.
            logger.trace("smtp >", metadata: ["pipelined": "\(envelope.count + 1) commands"])
            try await write(Array((envelope + ["DATA"]).map { $0 + "\r\n" }.joined().utf8), stage: .sender)
            mailReply = try await nextReply(stage: .sender, within: timeouts.command)
            for _ in recipients { recipientReplies.append(try await nextReply(stage: .recipient, within: timeouts.command)) }
            dataReply = try await nextReply(stage: .data, within: timeouts.command)
        } else {
            mailReply = try await command(envelope[0], stage: .sender)
            if mailReply.isPositive {
                for line in envelope.dropFirst() { recipientReplies.append(try await command(line, stage: .recipient)) }
            }
        }
        guard mailReply.isPositive else {
            await abandon(dataReply)
            throw SMTPError(stage: .sender, kind: .rejected(mailReply))
        }
        var accepted: [String] = []
        var rejected: [String: SMTPReply] = [:]
        var lastRejection: SMTPReply?
        for (recipient, reply) in zip(recipients, recipientReplies) {
            if reply.isPositive {
                accepted.append(recipient)
            } else {
                rejected[recipient] = reply
                lastRejection = reply
            }
        }
        guard !accepted.isEmpty else {
            await abandon(dataReply)
            throw SMTPError(stage: .recipient, kind: .rejected(lastRejection ?? SMTPReply(code: 554, lines: ["no recipients"])))
        }
        let dataAnswer: SMTPReply
        if let dataReply { dataAnswer = dataReply } else { dataAnswer = try await command("DATA", stage: .data) }
        guard dataAnswer.code == 354 else {
            await reset()
            throw SMTPError(stage: .data, kind: .rejected(dataAnswer))
        }
        try await write(DotStuffing.encode(message), stage: .message)
        let final = try await nextReply(stage: .message, within: timeouts.dataEnd)
        guard final.isPositive else { throw SMTPError(stage: .message, kind: .rejected(final)) }
        return SMTPDelivery(acceptedRecipients: accepted, rejectedRecipients: rejected, reply: final)
    }

    /// Asks whether the server would take mail for each recipient, and sends nothing: MAIL FROM,
    /// one RCPT TO per recipient, then RSET. Returns the reply to each RCPT; a refused sender
    /// throws. An empty sender is the null reverse-path `<>`.
    public func askRecipients(from sender: String, _ recipients: [String]) async throws -> [SMTPReply] {
        var parameters = ""
        if ([sender] + recipients).contains(where: { $0.utf8.contains { $0 >= 0x80 } }) {
            guard capabilities.supports("SMTPUTF8") else { throw SMTPError(stage: .sender, kind: .unsupported("SMTPUTF8 (for non-ASCII addresses)")) }
            parameters = " SMTPUTF8"
        }
        let envelope = ["MAIL FROM:<\(sender)>\(parameters)"] + recipients.map { "RCPT TO:<\($0)>" }
        var replies: [SMTPReply] = []
        let mailReply: SMTPReply
        if capabilities.supports("PIPELINING") {
            try await write(Array(envelope.map { $0 + "\r\n" }.joined().utf8), stage: .sender)
            mailReply = try await nextReply(stage: .sender, within: timeouts.command)
            for _ in recipients { replies.append(try await nextReply(stage: .recipient, within: timeouts.command)) }
        } else {
            mailReply = try await command(envelope[0], stage: .sender)
            if mailReply.isPositive {
                for line in envelope.dropFirst() { replies.append(try await command(line, stage: .recipient)) }
            }
        }
        await reset()
        guard mailReply.isPositive else { throw SMTPError(stage: .sender, kind: .rejected(mailReply)) }
        return replies
    }

    /// Ends a transaction that failed before its message: a server that already said 354 to a
    /// pipelined DATA gets an empty message (RFC 2920 §3.1), then the transaction is reset.
    func abandon(_ dataReply: SMTPReply?) async {
        if dataReply?.code == 354 {
            try? await write(Array(".\r\n".utf8), stage: .data)
            _ = try? await nextReply(stage: .data, within: timeouts.command)
        }
        await reset()
    }

    /// Abandons the current transaction so the connection can carry the next message.
    func reset() async {
        _ = try? await command("RSET", stage: .sender)
    }

    func quit() async {
        _ = try? await command("QUIT", stage: .quit)
    }

    func command(_ line: String, stage: SMTPError.Stage, secret: Bool = false) async throws -> SMTPReply {
        logger.trace("smtp >", metadata: ["line": "\(secret ? "(credentials)" : line)"])
        try await write(Array((line + "\r\n").utf8), stage: stage)
        return try await nextReply(stage: stage, within: timeouts.command)
    }

    func write(_ bytes: [UInt8], stage: SMTPError.Stage) async throws {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw SMTPError(stage: stage, kind: .connectionFailed("\(error)"))
        }
    }

    /// The next reply, or a timeout: the deadline closes the connection if the server stays silent.
    func nextReply(stage: SMTPError.Stage, within limit: Duration) async throws -> SMTPReply {
        let reply: SMTPReply?
        do {
            reply = try await MailChannel.withDeadline(limit, on: channel) { try await replies.next() }
        } catch MailChannel.Failure.timedOut {
            throw SMTPError(stage: stage, kind: .timedOut)
        } catch let error as SMTPProtocolError {
            throw SMTPError(stage: stage, kind: .protocolViolation(error.description))
        } catch let error as NIOSSLError {
            throw SMTPError(stage: stage == .startTLS ? .tls : stage, kind: .tlsFailed("\(error)"))
        } catch let error as BoringSSLError {
            throw SMTPError(stage: .tls, kind: .tlsFailed("\(error)"))
        } catch {
            throw SMTPError(stage: stage, kind: .connectionFailed("\(error)"))
        }
        guard let reply else { throw SMTPError(stage: stage, kind: .connectionFailed("the server closed the connection")) }
        logger.trace("smtp <", metadata: ["reply": "\(reply)"])
        return reply
    }

    func expect(_ codes: Range<Int>, stage: SMTPError.Stage, reply: SMTPReply) async throws {
        guard codes.contains(reply.code) else { throw SMTPError(stage: stage, kind: .rejected(reply)) }
    }
}

/// The DATA section's transparency rule (RFC 5321 §4.5.2) and line endings: every line ends in
/// CRLF, a line starting with "." gets another, and the message ends with CRLF "." CRLF.
enum DotStuffing {
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            switch byte {
            case UInt8(ascii: "\r"):
                out += [0x0D, 0x0A]
                if index + 1 < message.count && message[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            case UInt8(ascii: "\n"):
                out += [0x0D, 0x0A]
                atLineStart = true
            default:
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        out += Array(".\r\n".utf8)
        return out
    }
}
