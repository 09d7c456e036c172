import Foundation
import HTTPTypes
import Hummingbird
import NIOSSL
import NIOCore
import Synchronization

/// A real HTTP server on loopback whose answers a test writes: company websites for enrichment
/// (answered by the Host header, as one address serves many test domains) and third-party data
/// services. It records what it was asked.
public final class TestWebServer: Sendable {
    public struct Asked: Sendable {
        public let method: String
        /// The Host header without its port.
        public let host: String
        /// The Host header as sent: host and port.
        public let authority: String
        /// Header names in lower case.
        public let headers: [String: String]
        public let body: String
    }

    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String

        public init(status: Int = 200, headers: [String: String] = ["Content-Type": "text/html; charset=utf-8"], body: String = "") {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public static func json(_ text: String, status: Int = 200) -> Answer {
            Answer(status: status, headers: ["Content-Type": "application/json"], body: text)
        }

        public static func redirect(to location: String) -> Answer {
            Answer(status: 301, headers: ["Location": location], body: "")
        }
    }

    public typealias Handler = @Sendable (Asked) -> Answer

    private let log = Mutex<[Asked]>([])
    public let port: Int

    init(port: Int) {
        self.port = port
    }

    public var asked: [Asked] { log.withLock { $0 } }

    /// Runs a server on a free port for the length of `body`, answering every request at `/` with
    /// `handler`; with `https`, over TLS with the certificate of scripts/mail-peers.sh (for
    /// localhost, 127.0.0.1 and mx.example.test, signed by the CA the tests trust).
    public static func with<Result: Sendable>(
        https: Bool = false, _ handler: @escaping Handler, _ body: @escaping @Sendable (TestWebServer) async throws -> Result
    ) async throws -> Result {
        var tls: TLSConfiguration?
        if https {
            guard let directory = TestMail.directory else { throw TestFailure(description: "the mail test servers' certificate is missing") }
            tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile("\(directory)/server.pem").map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: "\(directory)/server.key", format: .pem)))
        }
        let holder = Mutex<TestWebServer?>(nil)
        let router = Router()
        let answer: @Sendable (Request) async throws -> Response = { request in
            let bytes = try await request.body.collect(upTo: 10 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let authority = (request.head.authority ?? headers["host"] ?? "").lowercased()
            let host = String(authority.split(separator: ":").first ?? "")
            let asked = Asked(method: request.method.rawValue, host: host, authority: authority, headers: headers, body: String(buffer: bytes))
            holder.withLock { $0 }?.log.withLock { $0.append(asked) }
            let reply = handler(asked)
            var fields = HTTPFields()
            for (name, value) in reply.headers { if let field = HTTPField.Name(name) { fields[field] = value } }
            return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        router.get("/") { request, _ in try await answer(request) }
        router.post("/") { request, _ in try await answer(request) }
        return try await withLoopbackServer(router, tls: tls, label: "reach.tests.web") { bound in
            let server = TestWebServer(port: bound)
            holder.withLock { $0 = server }
            return try await body(server)
        }
    }
}
