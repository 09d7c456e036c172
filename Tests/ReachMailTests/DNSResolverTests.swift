import Foundation
import Testing

@testable import ReachMail

/// The resolver against a real DNS server on loopback (dnslib, started by scripts/mail-peers.sh).
@Suite(.enabled(if: MailPeers.available || MailPeers.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct DNSResolverTests {
    let peers = MailPeers()

    @Test func findsMailExchangersByPreference() async throws {
        let answer = try await peers.resolver().mx("example.test")
        #expect(answer == .records([.init(preference: 10, exchange: "mx.example.test"), .init(preference: 20, exchange: "backup.example.test")]))
        #expect(try await peers.resolver().mx("nullmx.test") == .records([.init(preference: 0, exchange: "")]))
        #expect(try await peers.resolver().mx("nomx.test") == .noRecords)
        #expect(try await peers.resolver().mx("absent.test") == .nonexistentDomain)
        #expect(try await peers.resolver().addresses("nomx.test") == .records(["127.0.0.2"]))
    }

    @Test func readsTXTRecordsJoiningTheirStrings() async throws {
        let resolver = try peers.resolver()
        #expect(try await resolver.txt("example.test").records.sorted() == ["google-site-verification=abc", "v=spf1 ip4:127.0.0.1 -all"])
        #expect(try await resolver.txt("long.example.test").records
            == ["v=spf1 include:_spf.one.example include:_spf.two.example include:_spf.three.example ~all"])
        #expect(try await resolver.txt("_dmarc.example.test").records.first?.hasPrefix("v=DMARC1; p=reject") == true)
    }

    @Test func retriesOverTCPWhenTheUDPAnswerIsTruncated() async throws {
        #expect(try await peers.resolver().txt("big.test").records.count == 40)
    }

    @Test func asksForInternationalisedNamesInPunycode() async throws {
        #expect(IDNA.asciiDomain("München.test") == "xn--mnchen-3ya.test")
        #expect(IDNA.asciiDomain("bücher.example") == "xn--bcher-kva.example")
        #expect(IDNA.asciiDomain("例え.テスト") == "xn--r8jz45g.xn--zckzah")
        #expect(try await peers.resolver().mx("münchen.test").records.first?.exchange == "mx.example.test")
    }

    @Test func seesRecordsAddedWhileRunning() async throws {
        let name = "added-\(UUID().uuidString.prefix(8).lowercased()).test"
        try peers.addDNSRecords("\(name). IN TXT \"hello\"")
        #expect(try await peers.resolver().txt(name).records == ["hello"])
    }

    @Test func aSilentServerTimesOut() async throws {
        // A UDP port nobody answers on.
        let silent = DNSResolver(servers: [.init(host: "127.0.0.1", port: try peers.closedPort())], timeout: .milliseconds(300), attempts: 2)
        await #expect(throws: DNSError.self) { try await silent.mx("example.test") }
    }
}
