import Foundation
import Testing

@testable import ReachCore

@Suite struct EmailAccountRulesTests {
    @Test func sealedPasswordsOpenOnlyWithTheSameSecret() throws {
        let secrets = SecretBox(secret: Array(repeating: 7, count: 32))
        let sealed = try secrets.seal("pässword 1")
        #expect(sealed.hasPrefix("v1:"))
        #expect(!sealed.contains("pässword"))
        #expect(try secrets.seal("pässword 1") != sealed, "a fresh nonce every time")
        #expect(try secrets.open(sealed) == "pässword 1")
        #expect(throws: ReachError.self) { try SecretBox(secret: Array(repeating: 8, count: 32)).open(sealed) }
        var tampered = Array(sealed)
        tampered[10] = tampered[10] == "A" ? "B" : "A"
        #expect(throws: ReachError.self) { try secrets.open(String(tampered)) }
    }

    @Test func rampUpRaisesTheDailyLimitUntilTheQuota() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let limits = SendingLimits(dailyQuota: 40, intervalMinimum: 60, intervalMaximum: 190, rampUp: .init(initialDailyLimit: 10, percentPerDay: 50, startedAt: start))
        let days = (0..<6).map { limits.dailyLimit(on: start.addingTimeInterval(Double($0) * 86_400 + 3600)) }
        #expect(days == [10, 15, 22, 33, 40, 40])
        // A small percentage still adds at least one a day.
        let slow = SendingLimits(dailyQuota: 40, intervalMinimum: 60, intervalMaximum: 190, rampUp: .init(initialDailyLimit: 2, percentPerDay: 1, startedAt: start))
        #expect(slow.dailyLimit(on: start.addingTimeInterval(2 * 86_400)) == 4)
        #expect(SendingLimits.standard.dailyLimit(on: start) == 50)
    }

    @Test func healthScoresEachFinding() {
        let connected = MailboxCheck(smtpError: nil, imapError: nil)
        let perfect = DomainRecords(
            mailExchangers: ["mx.acme.io"], txt: ["v=spf1 include:_spf.google.com ~all"], dmarc: ["v=DMARC1; p=quarantine"],
            dkim: ["google": "v=DKIM1; k=rsa; p=MIIB"])
        #expect(MailboxHealth(domain: "acme.io", connection: connected, records: perfect).score == 100)

        var weak = perfect
        weak.txt = ["v=spf1 a -all", "v=spf1 mx -all"]
        weak.dmarc = ["v=DMARC1; p=none"]
        weak.dkim = ["google": "v=DKIM1; p="]
        let health = MailboxHealth(domain: "acme.io", connection: MailboxCheck(smtpError: "SMTP login failed", imapError: nil), records: weak)
        #expect(health.findings.map(\.verdict) == [.fail, .pass, .pass, .fail, .fail, .warning])
        #expect(health.score == 0 + 10 + 15 + 0 + 0 + 10)
        #expect(MailboxHealth(domain: "acme.io", connection: connected, records: nil).score == 30)
    }

    @Test func encryptionNamesAreReadLeniently() {
        #expect(MailEncryption(lenient: "SSL") == .ssl)
        #expect(MailEncryption(lenient: " starttls ") == .tls)
        #expect(MailEncryption(lenient: "TLS") == .tls)
        #expect(MailEncryption(lenient: "quantum") == nil)
    }
}
