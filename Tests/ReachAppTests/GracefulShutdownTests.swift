import Foundation
import Glibc
import ReachTestSupport
import Testing

@Suite struct GracefulShutdownTests {
    /// SIGTERM arrives while a request is half sent: the server still answers it, then exits 0.
    @Test func aRequestInFlightFinishesAfterSIGTERM() async throws {
        let database = try await TestDatabase.makeConfiguration(for: .sqlite)
        let dataDirectory = TestScratch.path("reach-data")
        let server = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        let key = try #require(server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1)

        let body = #"{"firstName":"Ann","lastName":"Lee","email":"ann@client.io","companyName":"Acme","permission":"1"}"#
        let head = "POST /v1/clients HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: \(key)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        let socket = try TCPSocket(port: server.port)
        try socket.send(head + String(body.prefix(20)))
        try await Task.sleep(for: .milliseconds(200))

        kill(server.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        try socket.send(String(body.dropFirst(20)))
        let answer = try await onOwnThread { try socket.receiveAll() }
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")
        #expect(answer.contains(#""message":"Client created successfully""#))
        #expect(try await server.terminate() == 0)
    }
}

/// A blocking TCP client, enough to hold a request half sent.
final class TCPSocket: Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EPIPE) }
    }

    func receiveAll() throws -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            data += buffer[0..<count]
        }
        return String(decoding: data, as: UTF8.self)
    }
}
