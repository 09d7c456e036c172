import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// The TCP and TLS plumbing SMTP and IMAP share: connecting (with TLS from the first byte when
/// asked), upgrading a plain connection after STARTTLS, and enforcing deadlines by closing the
/// connection, which ends whatever was waiting on it.
enum MailChannel {
    enum Failure: Error {
        case connect(String)
        case tls(String)
        case timedOut
    }

    /// Connects and frames what the server sends with `decoder`.
    /// `address`, when given, is where to connect (already resolved); `host` still names the
    /// server for TLS.
    static func connect<Decoder: ByteToMessageDecoder & Sendable>(
        host: String, address: String? = nil, port: Int, implicitTLS: Bool, context: NIOSSLContext, timeout: Duration, group: any EventLoopGroup,
        decoder: @escaping @Sendable () -> Decoder
    ) async throws -> NIOAsyncChannel<Decoder.InboundOut, ByteBuffer> where Decoder.InboundOut: Sendable {
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(timeAmount(timeout))
                .connect(host: address ?? host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: sniName(host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(decoder()))
                        return try NIOAsyncChannel<Decoder.InboundOut, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure.connect("\(error)")
        }
    }

    /// Puts TLS under the existing framing and waits for the handshake, so that its failure is
    /// reported as such rather than as the next write finding the connection closed.
    static func startTLS(on channel: any Channel, host: String, context: NIOSSLContext, timeout: Duration) async throws {
        do {
            let hostname = sniName(host)
            // The handlers are made on the channel's event loop: they may not cross threads.
            let handshake = try await channel.eventLoop.submit {
                let tlsHandler = try NIOSSLClientHandler(context: context, serverHostname: hostname)
                let waiter = TLSHandshakeWaiter(promise: channel.eventLoop.makePromise())
                try channel.pipeline.syncOperations.addHandler(tlsHandler, position: .first)
                try channel.pipeline.syncOperations.addHandler(waiter, position: .after(tlsHandler))
                return waiter.promise.futureResult
            }.get()
            try await withDeadline(timeout, on: channel) { try await handshake.get() }
        } catch Failure.timedOut {
            throw Failure.timedOut
        } catch {
            throw Failure.tls("\(error)")
        }
    }

    /// Runs `body`, closing the connection if it takes longer than `limit`. A body cut short that
    /// way throws `Failure.timedOut`, whether the closed connection made it fail or merely end
    /// (an inbound stream finishes without an error): the connection is gone either way.
    static func withDeadline<Result>(_ limit: Duration, on channel: any Channel, _ body: () async throws -> Result) async throws -> Result {
        let timedOut = NIOLockedValueBox(false)
        let timer = channel.eventLoop.scheduleTask(in: timeAmount(limit)) {
            timedOut.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        do {
            let result = try await body()
            if timedOut.withLockedValue({ $0 }) { throw Failure.timedOut }
            return result
        } catch {
            if timedOut.withLockedValue({ $0 }) { throw Failure.timedOut }
            throw error
        }
    }

    /// SNI takes host names, not addresses.
    static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// Completes its promise when the TLS handshake before it in the pipeline is done, or fails it
/// with the handshake's error or the connection's end.
final class TLSHandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { promise.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.fail(ChannelError.ioOnClosedChannel)
    }
}
