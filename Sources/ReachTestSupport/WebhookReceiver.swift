import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A real HTTP server on loopback that webhook tests point Reach at: it records every POST and
/// answers by a script (then 200 once the script is used up).
public final class WebhookReceiver: Sendable {
    public struct Received: Sendable {
        /// Header names in lower case.
        public let headers: [String: String]
        public let body: [UInt8]

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public enum Answer: Sendable {
        case status(Int)
        /// Waits before answering, for a receiver slower than Reach's timeout.
        case slow(Duration, status: Int)
        /// 303 See Other to `location`.
        case redirect(to: String)
    }

    private let state = Mutex<(received: [Received], script: [Answer])>(([], []))
    public let port: Int

    init(port: Int, script: [Answer]) {
        self.port = port
        state.withLock { $0.script = script }
    }

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public var received: [Received] { state.withLock { $0.received } }

    /// Answers the next requests with `answers`, in order.
    public func script(_ answers: [Answer]) {
        state.withLock { $0.script = answers }
    }

    /// Runs a receiver on `port` (any free one when 0) for the length of `body`.
    public static func with<Result: Sendable>(
        port: Int = 0, answers: [Answer] = [], _ body: @escaping @Sendable (WebhookReceiver) async throws -> Result
    ) async throws -> Result {
        let holder = Mutex<WebhookReceiver?>(nil)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 10 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            guard let receiver = holder.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            let answer = receiver.record(Received(headers: headers, body: Array(bytes.readableBytesView)))
            switch answer {
            case .status(let code):
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "answer \(code)")))
            case .slow(let delay, let code):
                try await Task.sleep(for: delay)
                return Response(status: .init(code: code))
            case .redirect(let location):
                return Response(status: .seeOther, headers: [.location: location])
            }
        }
        return try await withLoopbackServer(router, port: port, label: "reach.tests.receiver") { bound in
            let receiver = WebhookReceiver(port: bound, script: answers)
            holder.withLock { $0 = receiver }
            return try await body(receiver)
        }
    }

    private func record(_ request: Received) -> Answer {
        state.withLock { state in
            state.received.append(request)
            return state.script.isEmpty ? .status(200) : state.script.removeFirst()
        }
    }

    /// Waits until at least `count` requests came in.
    public func waitFor(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let received = self.received
            if received.count >= count { return received }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestTimeout(what: "\(count) webhook deliveries")
    }
}
