import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Reads a mailbox over IMAP4rev1/IMAP4rev2 on SwiftNIO: greeting, STARTTLS, authentication,
/// then the commands incremental reading needs. Nothing here changes a message: bodies are
/// fetched with BODY.PEEK and there are no STORE, EXPUNGE, MOVE or DELETE commands.
///
///     try await client.withSession(to: server) { session in
///         let inbox = try await session.examine("INBOX")
///         let uids = try await session.uidSearch(.uids(from: lastSeen + 1, through: nil))
///         for message in try await session.uidFetch(uids, items: [.body]) { ... }
///     }
public struct IMAPClient: Sendable {
    let tls: MailTLS
    let timeouts: IMAPTimeouts
    let group: any EventLoopGroup
    let logger: Logger

    public init(tls: MailTLS, timeouts: IMAPTimeouts = .standard, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.tls = tls
        self.timeouts = timeouts
        self.group = group
        self.logger = logger
    }

    public func withSession<Result: Sendable>(to server: IMAPServer, _ body: (IMAPSession) async throws -> Result) async throws -> Result {
        let context: NIOSSLContext
        do {
            context = try tls.clientContext()
        } catch {
            throw IMAPError(stage: .tls, kind: .tlsFailed("\(error)"))
        }
        let channel: NIOAsyncChannel<[UInt8], ByteBuffer>
        do {
            channel = try await MailChannel.connect(
                host: server.host, port: server.port, implicitTLS: server.security == .implicitTLS, context: context,
                timeout: timeouts.connect, group: group, decoder: { IMAPResponseDecoder() })
        } catch {
            throw IMAPError(stage: .connect, kind: .connectionFailed("\(error)"))
        }
        return try await channel.executeThenClose { inbound, outbound in
            let session = IMAPSession(channel: channel.channel, responses: inbound.makeAsyncIterator(), outbound: outbound, timeouts: timeouts, logger: logger)
            try await session.open(server, tls: context)
            let result = try await body(session)
            await session.logout()
            return result
        }
    }
}

/// One authenticated connection, used by one task at a time.
public final class IMAPSession {
    let channel: any Channel
    var responses: NIOAsyncChannelInboundStream<[UInt8]>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let timeouts: IMAPTimeouts
    let logger: Logger
    public private(set) var capabilities: Set<String> = []
    private var nextTag = 1

    init(
        channel: any Channel, responses: NIOAsyncChannelInboundStream<[UInt8]>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        timeouts: IMAPTimeouts, logger: Logger
    ) {
        self.channel = channel
        self.responses = responses
        self.outbound = outbound
        self.timeouts = timeouts
        self.logger = logger
    }

    // MARK: Opening

    func open(_ server: IMAPServer, tls: NIOSSLContext) async throws {
        let greeting = try await deadline(timeouts.command, stage: .greeting) { try await self.nextResponse(stage: .greeting) }
        guard case .status(let status) = greeting, status.status == .ok || status.status == .preauth else {
            if case .status(let status) = greeting { throw IMAPError(stage: .greeting, kind: .rejected(status)) }
            throw IMAPError(stage: .greeting, kind: .protocolViolation("no greeting"))
        }
        adoptCapabilities(from: status)
        if server.security == .startTLS {
            if capabilities.isEmpty { try await refreshCapabilities(stage: .startTLS) }
            guard capabilities.contains("STARTTLS") else { throw IMAPError(stage: .startTLS, kind: .unsupported("STARTTLS")) }
            _ = try await run("STARTTLS", stage: .startTLS)
            do {
                try await MailChannel.startTLS(on: channel, host: server.host, context: tls, timeout: timeouts.command)
            } catch MailChannel.Failure.timedOut {
                throw IMAPError(stage: .tls, kind: .timedOut)
            } catch {
                throw IMAPError(stage: .tls, kind: .tlsFailed("\(error)"))
            }
            // RFC 9051 §6.2.1: what was learnt before TLS is forgotten.
            capabilities = []
        }
        if status.status != .preauth { try await authenticate(server.credentials) }
        try await refreshCapabilities(stage: .authentication)
    }

    func authenticate(_ credentials: MailCredentials) async throws {
        if capabilities.isEmpty { try await refreshCapabilities(stage: .authentication) }
        switch credentials {
        case .password(let username, let password):
            if capabilities.contains("AUTH=PLAIN") {
                try await saslAuthenticate("PLAIN", MailCredentials.plainToken(username: username, password: password))
            } else {
                guard !capabilities.contains("LOGINDISABLED") else { throw IMAPError(stage: .authentication, kind: .unsupported("LOGIN or AUTH=PLAIN")) }
                _ = try await run("LOGIN", [.string(username), .string(password)], stage: .authentication, secret: true)
            }
        case .oauth2(let username, let accessToken):
            guard capabilities.contains("AUTH=XOAUTH2") else { throw IMAPError(stage: .authentication, kind: .unsupported("AUTH=XOAUTH2")) }
            try await saslAuthenticate("XOAUTH2", MailCredentials.xoauth2Token(username: username, accessToken: accessToken))
        }
    }

    /// AUTHENTICATE with the initial response on the command line when the server takes it
    /// (SASL-IR), else after its "+". A "+" after the response carries the server's reason for
    /// refusing (XOAUTH2 does this); an empty line lets it answer NO.
    private func saslAuthenticate(_ mechanism: String, _ token: String) async throws {
        var sentToken = capabilities.contains("SASL-IR")
        _ = try await run("AUTHENTICATE", [.atom(mechanism)] + (sentToken ? [.atom(token)] : []), stage: .authentication, secret: true) { _ in
            defer { sentToken = true }
            return sentToken ? "" : token
        }
    }

    private func refreshCapabilities(stage: IMAPError.Stage) async throws {
        for response in try await run("CAPABILITY", stage: stage) {
            if case .capability(let names) = response { capabilities = Set(names) }
        }
    }

    private func adoptCapabilities(from status: IMAPStatusResponse) {
        guard status.codeName == "CAPABILITY", let code = status.code else { return }
        capabilities = Set(code.split(separator: " ").dropFirst().map { $0.uppercased() })
    }

    func logout() async {
        _ = try? await run("LOGOUT", stage: .logout)
    }

    // MARK: Reading

    /// Every mailbox the account has, with its attributes (`\Sent`, `\Junk`, `\Noselect`, ...).
    public func list(reference: String = "", pattern: String = "*") async throws -> [IMAPMailbox] {
        try await run("LIST", [.string(reference), .string(pattern)], stage: .command).compactMap {
            if case .list(let mailbox) = $0 { return mailbox }
            return nil
        }
    }

    /// Opens a mailbox read-only: EXAMINE never changes flags, not even \Recent.
    public func examine(_ mailbox: String) async throws -> IMAPMailboxStatus {
        try await open(mailbox, command: "EXAMINE")
    }

    public func select(_ mailbox: String) async throws -> IMAPMailboxStatus {
        try await open(mailbox, command: "SELECT")
    }

    private func open(_ mailbox: String, command: String) async throws -> IMAPMailboxStatus {
        var status = IMAPMailboxStatus()
        var completion: IMAPStatusResponse?
        let responses = try await run(command, [.string(Self.wireName(mailbox))], stage: .command, onCompletion: { completion = $0 })
        for response in responses {
            switch response {
            case .exists(let count): status.exists = count
            case .flags(let flags): status.flags = flags
            case .status(let untagged):
                switch untagged.codeName {
                case "UIDVALIDITY": status.uidValidity = UInt32(truncatingIfNeeded: untagged.codeNumber ?? 0)
                case "UIDNEXT": status.uidNext = untagged.codeNumber.map { UInt32(truncatingIfNeeded: $0) }
                default: break
                }
            default: break
            }
        }
        status.readOnly = completion?.codeName == "READ-ONLY" || command == "EXAMINE"
        return status
    }

    /// UIDs of the messages that match, ascending. A range like `n:*` also matches the highest
    /// message when n is above every UID (RFC 9051 §6.4.8); those are left out here.
    public func uidSearch(_ criteria: IMAPSearch) async throws -> [UInt32] {
        var uids: [UInt32] = []
        for response in try await run("UID SEARCH", criteria.arguments, stage: .command) {
            if case .search(let found) = response { uids += found }
        }
        for (from, through) in criteria.uidRanges {
            uids = uids.filter { $0 >= from && $0 <= (through ?? .max) }
        }
        return uids.sorted()
    }

    /// Fetches the messages with these UIDs; messages deleted meanwhile are simply absent.
    public func uidFetch(_ uids: [UInt32], items: IMAPFetchItems) async throws -> [IMAPMessage] {
        guard !uids.isEmpty else { return [] }
        let responses = try await run("UID FETCH", [.atom(Self.sequenceSet(uids)), .atom(items.attributes)], stage: .command, within: timeouts.fetch)
        var messages: [IMAPMessage] = []
        for response in responses {
            guard case .fetch(_, let attributes) = response, let uid = attributes["UID"]?.text.flatMap({ UInt32($0) }) else { continue }
            var message = IMAPMessage(uid: uid)
            message.flags = attributes["FLAGS"]?.items.compactMap(\.text) ?? []
            message.size = attributes["RFC822.SIZE"]?.text.flatMap { Int($0) }
            message.internalDate = attributes["INTERNALDATE"]?.text
            message.header = attributes["BODY[HEADER]"]?.bytes
            message.body = attributes["BODY[]"]?.bytes
            messages.append(message)
        }
        return messages.sorted { $0.uid < $1.uid }
    }

    /// Adds a message to a mailbox (a sent copy, or a test's incoming mail); returns the new UID
    /// when the server reports it (UIDPLUS).
    @discardableResult
    public func append(_ message: [UInt8], to mailbox: String, flags: [String] = []) async throws -> UInt32? {
        var completion: IMAPStatusResponse?
        var arguments: [IMAPArgument] = [.string(Self.wireName(mailbox))]
        if !flags.isEmpty { arguments.append(.atom("(" + flags.joined(separator: " ") + ")")) }
        arguments.append(.literal(message))
        _ = try await run("APPEND", arguments, stage: .command, within: timeouts.fetch, onCompletion: { completion = $0 })
        guard completion?.codeName == "APPENDUID", let parts = completion?.code?.split(separator: " "), parts.count == 3 else { return nil }
        return UInt32(parts[2])
    }

    /// Waits up to `limit` for the selected mailbox to change (RFC 2177), then ends the IDLE.
    /// True when new messages arrived. Servers drop idle clients after 30 minutes, so callers
    /// loop with a limit below that.
    public func idle(upTo limit: Duration) async throws -> Bool {
        guard capabilities.contains("IDLE") else { throw IMAPError(stage: .idle, kind: .unsupported("IDLE")) }
        let tag = makeTag()
        try await write(Array("\(tag) IDLE\r\n".utf8), stage: .idle)
        let done = NIOLockedValueBox(false)
        let channel = self.channel
        let endIdle: @Sendable () -> Void = {
            let first = done.withLockedValue { sent in
                defer { sent = true }
                return !sent
            }
            if first { channel.writeAndFlush(ByteBuffer(string: "DONE\r\n"), promise: nil) }
        }
        let timer = channel.eventLoop.scheduleTask(in: MailChannel.timeAmount(limit)) { endIdle() }
        defer { timer.cancel() }
        // A cancelled caller ends the IDLE at once (DONE) instead of waiting out the limit.
        return try await withTaskCancellationHandler {
            try await idleResponses(tag: tag, limit: limit, endIdle: endIdle)
        } onCancel: {
            endIdle()
        }
    }

    private func idleResponses(tag: String, limit: Duration, endIdle: @escaping @Sendable () -> Void) async throws -> Bool {
        var changed = false
        return try await deadline(limit + timeouts.command, stage: .idle) {
            while true {
                switch try await self.nextResponse(stage: .idle) {
                case .exists:
                    changed = true
                    endIdle()
                case .tagged(let received, let completion) where received == tag:
                    guard completion.status == .ok else { throw IMAPError(stage: .idle, kind: .rejected(completion)) }
                    return changed
                case .status(let status) where status.status == .bye:
                    throw IMAPError(stage: .idle, kind: .rejected(status))
                default:
                    continue
                }
            }
        }
    }

    // MARK: Commands

    /// Sends one command and collects the untagged responses until its completion. Literals
    /// wait for the server's "+" unless it takes LITERAL+; any other "+" is answered with what
    /// `onContinuation` returns (AUTHENTICATE).
    private func run(
        _ command: String, _ arguments: [IMAPArgument] = [], stage: IMAPError.Stage, within limit: Duration? = nil, secret: Bool = false,
        onContinuation: ((String) -> String)? = nil, onCompletion: ((IMAPStatusResponse) -> Void)? = nil
    ) async throws -> [IMAPResponse] {
        let tag = makeTag()
        logger.trace("imap >", metadata: ["command": "\(tag) \(command)\(secret ? " (credentials)" : "")"])
        return try await deadline(limit ?? timeouts.command, stage: stage) {
            var untagged: [IMAPResponse] = []
            var pending: [UInt8] = Array("\(tag) \(command)".utf8)
            for argument in arguments {
                pending.append(UInt8(ascii: " "))
                switch argument {
                case .atom(let atom): pending += Array(atom.utf8)
                case .string(let text) where argument.canBeQuoted: pending += Self.quoted(text)
                case .string(let text): try await self.sendLiteral(Array(text.utf8), after: &pending, collecting: &untagged, stage: stage)
                case .literal(let bytes): try await self.sendLiteral(bytes, after: &pending, collecting: &untagged, stage: stage)
                }
            }
            try await self.write(pending + [0x0D, 0x0A], stage: stage)
            while true {
                let response = try await self.nextResponse(stage: stage)
                switch response {
                case .tagged(let received, let completion) where received == tag:
                    guard completion.status == .ok else { throw IMAPError(stage: stage, kind: .rejected(completion)) }
                    onCompletion?(completion)
                    return untagged
                case .continuation(let text):
                    guard let onContinuation else { throw IMAPError(stage: stage, kind: .protocolViolation("unexpected continuation")) }
                    try await self.write(Array((onContinuation(text) + "\r\n").utf8), stage: stage)
                case .status(let status) where status.status == .bye && command != "LOGOUT":
                    throw IMAPError(stage: stage, kind: .rejected(status))
                default:
                    untagged.append(response)
                }
            }
        }
    }

    private func sendLiteral(_ bytes: [UInt8], after pending: inout [UInt8], collecting untagged: inout [IMAPResponse], stage: IMAPError.Stage) async throws {
        if capabilities.contains("LITERAL+") || (capabilities.contains("LITERAL-") && bytes.count <= 4096) {
            pending += Array("{\(bytes.count)+}\r\n".utf8) + bytes
            return
        }
        try await write(pending + Array("{\(bytes.count)}\r\n".utf8), stage: stage)
        pending = []
        while true {
            let response = try await nextResponse(stage: stage)
            if case .continuation = response { break }
            if case .tagged(_, let completion) = response { throw IMAPError(stage: stage, kind: .rejected(completion)) }
            untagged.append(response)
        }
        pending = bytes
    }

    /// Runs `body` within `limit`; a server that stays silent longer loses the connection.
    private func deadline<Value>(_ limit: Duration, stage: IMAPError.Stage, _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await MailChannel.withDeadline(limit, on: channel, body)
        } catch MailChannel.Failure.timedOut {
            throw IMAPError(stage: stage, kind: .timedOut)
        }
    }

    private func nextResponse(stage: IMAPError.Stage) async throws -> IMAPResponse {
        let bytes: [UInt8]?
        do {
            bytes = try await responses.next()
        } catch let error as IMAPProtocolError {
            throw IMAPError(stage: stage, kind: .protocolViolation(error.description))
        } catch let error as NIOSSLError {
            throw IMAPError(stage: .tls, kind: .tlsFailed("\(error)"))
        } catch let error as BoringSSLError {
            throw IMAPError(stage: .tls, kind: .tlsFailed("\(error)"))
        } catch {
            throw IMAPError(stage: stage, kind: .connectionFailed("\(error)"))
        }
        guard let bytes else { throw IMAPError(stage: stage, kind: .connectionFailed("the server closed the connection")) }
        do {
            let response = try IMAPResponseParser.parse(bytes)
            logger.trace("imap <", metadata: ["response": "\(String(decoding: bytes.prefix(200), as: UTF8.self))"])
            return response
        } catch let error as IMAPProtocolError {
            throw IMAPError(stage: stage, kind: .protocolViolation(error.description))
        }
    }

    private func write(_ bytes: [UInt8], stage: IMAPError.Stage) async throws {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw IMAPError(stage: stage, kind: .connectionFailed("\(error)"))
        }
    }

    private func makeTag() -> String {
        defer { nextTag += 1 }
        return "R\(nextTag)"
    }

    private static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// Mailbox names go in modified UTF-7, which leaves names already in that form unchanged.
    static func wireName(_ mailbox: String) -> String {
        mailbox.unicodeScalars.allSatisfy { $0.isASCII } ? mailbox : ModifiedUTF7.encode(mailbox)
    }

    /// `1:3,7,9:10` for ascending runs.
    static func sequenceSet(_ uids: [UInt32]) -> String {
        let sorted = Set(uids).sorted()
        var ranges: [String] = []
        var start = sorted[0]
        var previous = start
        for uid in sorted.dropFirst() {
            if uid == previous + 1 {
                previous = uid
                continue
            }
            ranges.append(start == previous ? "\(start)" : "\(start):\(previous)")
            start = uid
            previous = uid
        }
        ranges.append(start == previous ? "\(start)" : "\(start):\(previous)")
        return ranges.joined(separator: ",")
    }
}
