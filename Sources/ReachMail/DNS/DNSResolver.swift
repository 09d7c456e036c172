import Foundation
import NIOCore
import NIOPosix

/// Asks a recursive DNS server for the records mail depends on: MX to find where a domain's
/// mail goes, TXT for SPF, DKIM and DMARC, A and AAAA as the MX fallback. The server is the
/// system's (/etc/resolv.conf) unless configured, which is how tests point it at their own.
public struct DNSResolver: Sendable {
    public struct Server: Sendable, Equatable {
        public let host: String
        public let port: Int
        public init(host: String, port: Int = 53) {
            self.host = host
            self.port = port
        }
    }

    /// A name's records, or why there are none: a name that does not exist differs from one
    /// that exists without records of this type.
    public enum Answer<Record: Sendable & Equatable>: Sendable, Equatable {
        case records([Record])
        case noRecords
        case nonexistentDomain

        public var records: [Record] {
            if case .records(let records) = self { return records }
            return []
        }
    }

    public struct MXRecord: Sendable, Equatable {
        public let preference: Int
        public let exchange: String
    }

    let servers: [Server]
    let timeout: Duration
    let attempts: Int
    let group: any EventLoopGroup

    public init(servers: [Server], timeout: Duration = .seconds(3), attempts: Int = 2, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.servers = servers
        self.timeout = timeout
        self.attempts = attempts
        self.group = group
    }

    /// The servers in /etc/resolv.conf, else the local resolver.
    public static func system(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) -> DNSResolver {
        let configuration = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
        let servers = configuration.split(separator: "\n").compactMap { line -> Server? in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "nameserver" else { return nil }
            return Server(host: String(words[1]))
        }
        return DNSResolver(servers: servers.isEmpty ? [Server(host: "127.0.0.1")] : servers, group: group)
    }

    /// Mail exchangers by preference. A null MX (RFC 7505: `0 .`) comes back as an exchange of "".
    public func mx(_ domain: String) async throws -> Answer<MXRecord> {
        try await query(domain, .mx) { record in
            if case .mx(let preference, let exchange) = record.data { return MXRecord(preference: Int(preference), exchange: exchange) }
            return nil
        }.map { $0.sorted { ($0.preference, $0.exchange) < ($1.preference, $1.exchange) } }
    }

    public func txt(_ name: String) async throws -> Answer<String> {
        try await query(name, .txt) { record in
            if case .txt(let text) = record.data { return text }
            return nil
        }
    }

    /// IPv4 then IPv6 addresses.
    public func addresses(_ host: String) async throws -> Answer<String> {
        let v4 = try await query(host, .a) { if case .address(let address) = $0.data { return address } else { return nil } }
        let v6 = try await query(host, .aaaa) { if case .address(let address) = $0.data { return address } else { return nil } }
        let all = v4.records + v6.records
        if !all.isEmpty { return .records(all) }
        return v4 == .nonexistentDomain ? .nonexistentDomain : .noRecords
    }

    func query<Record>(_ name: String, _ type: DNSRecordType, _ extract: (DNSResponse.Record) -> Record?) async throws -> Answer<Record> {
        guard let ascii = IDNA.asciiDomain(name.hasSuffix(".") ? String(name.dropLast()) : name) else { throw DNSError.invalidName(name) }
        let query = DNSQuery(id: UInt16.random(in: 0...UInt16.max), name: ascii, type: type)
        let packet = try query.encoded()
        var lastError = DNSError.timedOut
        for attempt in 0..<max(1, attempts) {
            let server = servers[attempt % servers.count]
            do {
                var response = try await exchangeUDP(packet, id: query.id, with: server)
                if response.isTruncated { response = try await exchangeTCP(packet, id: query.id, with: server) }
                switch DNSResponse.ResponseCode(rawValue: response.responseCode) {
                case .noError:
                    let records = response.answers.filter { $0.type == type.rawValue }.compactMap(extract)
                    return records.isEmpty ? .noRecords : .records(records)
                case .nameError:
                    return .nonexistentDomain
                default:
                    lastError = .serverFailure(code: response.responseCode)
                }
            } catch let error as DNSError {
                lastError = error
                if case .malformed = error { throw error }
            }
        }
        throw lastError
    }

    private func exchangeUDP(_ packet: [UInt8], id: UInt16, with server: Server) async throws -> DNSResponse {
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(server.host, port: server.port)
        } catch {
            throw DNSError.connectionFailed("\(error)")
        }
        let channel: NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
        do {
            channel = try await DatagramBootstrap(group: group)
                .bind(host: address.protocol == .inet6 ? "::" : "0.0.0.0", port: 0) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw DNSError.connectionFailed("\(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: packet)))
            return try await deadline(on: channel.channel) {
                for try await envelope in inbound where envelope.remoteAddress == address {
                    // Answers to other queries (or forged ones) are ignored, not trusted.
                    if let response = try? DNSResponse(Array(envelope.data.readableBytesView)), response.id == id { return response }
                }
                throw DNSError.timedOut
            }
        }
    }

    /// The same question over TCP, for answers too large for UDP (RFC 7766).
    private func exchangeTCP(_ packet: [UInt8], id: UInt16, with server: Server) async throws -> DNSResponse {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(MailChannel.timeAmount(timeout))
                .connect(host: server.host, port: server.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw DNSError.connectionFailed("\(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: UInt16(packet.count).bigEndianBytes + packet))
            return try await deadline(on: channel.channel) {
                for try await frame in inbound {
                    let response = try DNSResponse(Array(frame.readableBytesView))
                    if response.id == id { return response }
                }
                throw DNSError.connectionFailed("the server closed the connection")
            }
        }
    }

    private func deadline<Value>(on channel: any Channel, _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await MailChannel.withDeadline(timeout, on: channel, body)
        } catch MailChannel.Failure.timedOut {
            throw DNSError.timedOut
        }
    }
}

extension DNSResolver.Answer {
    func map(_ transform: ([Record]) -> [Record]) -> Self {
        if case .records(let records) = self { return .records(transform(records)) }
        return self
    }
}

/// DNS over TCP frames each message with its two-byte length.
struct LengthPrefixedFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self), buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: Int(length))!))
        return .continue
    }
}
