import Foundation
import ReachEngine
import ReachMail
import ReachTestSupport
import Testing

@testable import ReachCore
@testable import ReachEngine

/// The website reader against a real web server on loopback, names resolved by the test DNS
/// server (people.test and www.people.test are 127.0.0.1).
@Suite(.enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct HTTPWebsiteReaderTests {
    func reader(port: Int, allowPrivate: Bool) throws -> HTTPWebsiteReader {
        let resolver = DNSResolver(servers: TestMail.settings.dnsServers, timeout: .seconds(5), attempts: 4)
        return HTTPWebsiteReader(
            resolver: resolver, tls: try MailTLS(additionalRootsFile: try #require(TestMail.settings.caFile)).clientConfiguration,
            httpPort: port, httpsPort: 9, allowPrivateAddresses: allowPrivate)
    }

    @Test func refusesPrivateAddressesAndSaysWhyAPageCannotBeRead() async throws {
        let site: TestWebServer.Handler = { asked in
            switch asked.host {
            case "people.test": .redirect(to: "http://www.\(asked.authority)/")
            case "www.people.test": TestWebServer.Answer(headers: ["Content-Type": "application/pdf"], body: "%PDF")
            default: TestWebServer.Answer(status: 503, body: "down")
            }
        }
        try await TestWebServer.with(site) { server in
            // Loopback is refused before anything is sent to it, unless the operator allows it.
            let strict = try reader(port: server.port, allowPrivate: false)
            let guarded = await strict.homepage(of: "people.test")
            #expect(guarded == .unavailable("people.test resolves to the private address 127.0.0.1, which is not fetched"))
            // An address written in the URL is checked like a resolved one.
            #expect(await strict.visit("http://127.0.0.1:\(server.port)/") == .unavailable("127.0.0.1 resolves to the private address 127.0.0.1, which is not fetched"))
            #expect(await strict.visit("http://[::1]:\(server.port)/").isUnavailable)
            #expect(server.asked.isEmpty)

            let open = try reader(port: server.port, allowPrivate: true)
            guard case .unavailable(let notHTML) = await open.homepage(of: "people.test") else { Issue.record("a PDF was read as a page"); return }
            #expect(notHTML.contains("is not an HTML page (application/pdf)"), "\(notHTML)")
            #expect(server.asked.map(\.host) == ["people.test", "www.people.test"])
            guard case .unavailable(let error) = await open.homepage(of: "gsuite.test") else { Issue.record("a 503 was read as a page"); return }
            #expect(error.contains("answered HTTP 503"), "\(error)")
            #expect(await open.homepage(of: "nosuch.test") == .unavailable("nosuch.test does not exist"))
        }
    }

    @Test func readsAPageOverHTTPSWithTheCertificateVerified() async throws {
        let page = "<html><head><title>MX Test</title></head></html>"
        try await TestWebServer.with(https: true, { _ in TestWebServer.Answer(body: page) }) { server in
            let resolver = DNSResolver(servers: TestMail.settings.dnsServers, timeout: .seconds(5), attempts: 4)
            let trusted = HTTPWebsiteReader(
                resolver: resolver, tls: try MailTLS(additionalRootsFile: try #require(TestMail.settings.caFile)).clientConfiguration,
                httpPort: 9, httpsPort: server.port, allowPrivateAddresses: true)
            #expect(await trusted.homepage(of: "mx.example.test") == .page(html: page, url: "https://mx.example.test:\(server.port)/"))
            #expect(server.asked.first?.host == "mx.example.test")
            // Without the test CA the certificate is refused, and nothing is read over plain HTTP either.
            let untrusting = HTTPWebsiteReader(resolver: resolver, tls: MailTLS.system.clientConfiguration, httpPort: 9, httpsPort: server.port, allowPrivateAddresses: true)
            guard case .unavailable(let reason) = await untrusting.homepage(of: "mx.example.test") else { Issue.record("an untrusted certificate was accepted"); return }
            #expect(reason.contains("https://mx.example.test:\(server.port)/"), "\(reason)")
        }
    }

    @Test func knowsWhichAddressesArePrivate() {
        // Also as Reach's resolver writes IPv6 answers: in full, without "::".
        for address in [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.1.1", "100.64.0.1", "0.0.0.0", "198.18.0.1",
            "224.0.0.1", "255.255.255.255", "::1", "::", "fd00::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1", "0:0:0:0:0:0:0:1",
            "0:0:0:0:0:ffff:a9fe:a9fe", "64:ff9b:0:0:0:0:a00:1", "[::1]", "not an address",
        ] {
            #expect(HTTPWebsiteReader.isPrivate(address), "\(address)")
        }
        for address in ["93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::1", "::ffff:8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946"] {
            #expect(!HTTPWebsiteReader.isPrivate(address), "\(address)")
        }
    }
}

extension WebsiteVisit {
    var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }
}
