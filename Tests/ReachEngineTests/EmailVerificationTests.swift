import Foundation
import Logging
import ReachEngine
import ReachMail
import ReachTestSupport
import Testing

@testable import ReachCore

/// Verification against real servers on loopback (scripts/mail-peers.sh): the DNS server's zone
/// and a mail exchanger where strict.test has only real-*@ and sales@, grey.test greylists
/// everyone, policy.test blocks the probe and every other domain accepts any address; and an old
/// exchanger without TLS, PIPELINING or SMTPUTF8 for plain.test.
@Suite(.enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct EmailVerificationTests {
    func verifier(interval: Duration = .milliseconds(10), hostInterval: Duration = .milliseconds(10), batchSize: Int = 20) throws -> EmailVerifier {
        let settings = TestMail.settings
        let connections = MailConnections(
            tls: try MailTLS(additionalRootsFile: try #require(settings.caFile)), resolver: DNSResolver(servers: settings.dnsServers, timeout: .seconds(5), attempts: 4),
            dkimKeys: DKIMKeyDirectory(directory: FileManager.default.temporaryDirectory), clientName: "reach.test", logger: Logger(label: "test"))
        return EmailVerifier(
            lists: .shipped, exchangers: DNSMailExchangerLookup(resolver: connections.resolver),
            probe: SMTPRecipientProbe(connections: connections, port: try #require(TestMail.port("SMTP_MX"))),
            domainInterval: interval, hostInterval: hostInterval, batchSize: batchSize)
    }

    @Test func judgesEachKindOfAddressWithItsReason() async throws {
        let verifier = try verifier()
        let valid = await verifier.verify("real-ann@strict.test")
        #expect(valid.status == .valid)
        #expect(valid.reasons == ["mx.example.test accepts the mailbox and refuses made-up ones"])

        let missing = await verifier.verify("ghost@strict.test")
        #expect(missing.status == .invalid)
        #expect(missing.reasons.first?.contains("550 5.1.1") == true)

        let role = await verifier.verify("sales@strict.test")
        #expect(role.status == .risky)
        #expect(role.reasons.first?.contains("role address") == true)

        let catchAll = await verifier.verify("anyone@catchall.test")
        #expect(catchAll.status == .risky)
        #expect(catchAll.reasons.first?.contains("catch-all") == true)

        let greylisted = await verifier.verify("someone@grey.test")
        #expect(greylisted.status == .unknown)
        #expect(greylisted.retryable)
        #expect(greylisted.reasons.first?.contains("451 4.7.1") == true)

        // A blocklist refusal of the probe says nothing of the mailbox, and asking again soon will not help.
        let blocked = await verifier.verify("anyone@policy.test")
        #expect(blocked.status == .unknown)
        #expect(!blocked.retryable)
        #expect(blocked.reasons.first?.contains("554 5.7.1") == true)
        #expect(await verifier.domains.catchAll("policy.test", host: "mx.example.test") == nil)

        // A role address is risky even where the server will not say yet.
        let greyRole = await verifier.verify("info@grey.test")
        #expect(greyRole.status == .risky)
        #expect(greyRole.reasons.count == 2)

        #expect(await verifier.verify("x@nullmx.test") == .invalid("nullmx.test accepts no mail (it publishes a null MX record)"))
        #expect(await verifier.verify("x@absent.test") == .invalid("the domain absent.test does not exist"))
        #expect(await verifier.verify("x@txtonly.test") == .invalid("txtonly.test has no mail server (neither MX nor address records)"))
        #expect(await verifier.verify("someone@mailinator.com").status == .risky)
        #expect(await verifier.verify("not an address").status == .invalid)

        // No MX: the domain's own address (127.0.0.2) is the exchanger; nothing listens there.
        let unreachable = await verifier.verify("x@nomx.test")
        #expect(unreachable.status == .unknown)
        #expect(unreachable.retryable)
        #expect(unreachable.reasons.first?.hasPrefix("no mail server of nomx.test could be asked: nomx.test:") == true)
    }

    /// Seven addresses in batches of two: four connections to strict.test, each answer matched to its own address.
    @Test func remembersCatchAllDomainsAndAsksInBatches() async throws {
        let verifier = try verifier(batchSize: 2)
        let addresses = (1...5).map { EmailAddress("real-\($0)@strict.test")! } + [EmailAddress("nobody@strict.test")!, EmailAddress("a@catchall.test")!]
        let verdicts = await verifier.verify(addresses)
        #expect(verdicts.count == 7)
        #expect(addresses.prefix(5).allSatisfy { verdicts[$0]?.status == .valid })
        #expect(verdicts[EmailAddress("nobody@strict.test")!]?.status == .invalid)
        #expect(await verifier.domains.catchAll("strict.test", host: "mx.example.test") == false)
        #expect(await verifier.domains.catchAll("catchall.test", host: "mx.example.test") == true)
        // Known now: the next address at the domain is judged without another made-up one.
        #expect(await verifier.verify("b@catchall.test").status == .risky)
    }

    @Test func asksOldServersAndBackupExchangersAndLeavesOnlyWhatItCannotAskUnasked() async throws {
        let verifier = try verifier()
        // No STARTTLS and no PIPELINING: the same questions in the clear, one command at a time.
        #expect(await verifier.verify("real-ann@plain.test").status == .valid)
        #expect(await verifier.verify("ghost@plain.test").status == .invalid)
        // Without SMTPUTF8 a non-ASCII local part cannot be asked; the rest of its batch still is.
        let (unaskable, askable) = (EmailAddress("jörg@plain.test")!, EmailAddress("real-bo@plain.test")!)
        let verdicts = await verifier.verify([unaskable, askable])
        #expect(verdicts[askable]?.status == .valid)
        #expect(verdicts[unaskable]?.status == .unknown)
        #expect(verdicts[unaskable]?.reasons.first?.contains("SMTPUTF8") == true)
        // backup.test's first exchanger is down: the second answers, and what it says of made-up
        // addresses is remembered as its own, not the domain's.
        let backup = await verifier.verify("someone@backup.test")
        #expect(backup.status == .risky, "\(backup)")
        #expect(await verifier.domains.catchAll("backup.test", host: "mx.example.test") == true)
        #expect(await verifier.domains.catchAll("backup.test", host: "dead.example.test") == nil)
    }

    @Test func spacesConnectionsToOneDomain() async throws {
        let verifier = try verifier(interval: .milliseconds(400), batchSize: 1)
        let started = ContinuousClock.now
        let verdicts = await verifier.verify((1...3).map { EmailAddress("real-\($0)@strict.test")! })
        #expect(verdicts.values.allSatisfy { $0.status == .valid })
        // Three connections to strict.test: the second and third each wait their turn.
        #expect(ContinuousClock.now - started >= .milliseconds(800))
    }

    @Test func spacesConnectionsToOneExchangerAcrossDomains() async throws {
        let verifier = try verifier(interval: .milliseconds(10), hostInterval: .milliseconds(400))
        let started = ContinuousClock.now
        // Three domains, one exchanger (mx.example.test): one connection each, a turn apart.
        let verdicts = await verifier.verify(["real-a@strict.test", "ada.lovelace@people.test", "x@catchall.test"].map { EmailAddress($0)! })
        #expect(verdicts.count == 3)
        #expect(ContinuousClock.now - started >= .milliseconds(800))
    }

    /// Syntax and deliverability compared with the PyPI package email-validator (2.4.0). Where the
    /// two disagree, the reason is written here; any other disagreement fails the test.
    @Test func agreesWithEmailValidatorOrSaysWhyNot() async throws {
        let explainedSyntax: [String: String] = [
            " test@example.com": "Reach trims white space around an address, which spreadsheets leave behind",
            "user@example.com\n": "Reach trims white space around an address, which spreadsheets leave behind",
            "1234567890123456789012345678901234567890123456789012345678901234+x@example.com":
                "RFC 5321 §4.5.3.1.1 limits a local part to 64 octets; email-validator 2.4 does not check that length",
            "user@example.c0m": "no top-level domain has a digit outside its punycode form; Reach refuses one",
        ]
        let syntax = [
            "simple@example.com", "very.common@example.com", "x@example.com", "long.email-address-with-hyphens@and.subdomains.example.com",
            "user.name+tag+sorting@example.com", "name/surname@example.com", "admin@example", "example@s.example", "\" \"@example.org",
            "\"john..doe\"@example.org", "mailhost!username@example.org", "user%example.com@example.org", "user-@example.org",
            "postmaster@[123.123.123.123]", "jsmith@[IPv6:2001:db8::1]", "Abc.example.com", "A@b@c@example.com",
            "a\"b(c)d,e:f;g<h>i[j\\k]l@example.com", "just\"not\"right@example.com", "this is\"not\\allowed@example.com",
            "i.like.underscores@but_they_are_not_allowed_in_this_part", ".john@example.com", "john.@example.com", "john..doe@example.com",
            "john@-example.com", "john@example-.com", "john@example..com", "john@example.com.", "john@123.123.123.123", "user@localhost",
            "user@example.c", "用户@例子.广告", "josé@example.com", "δοκιμή@παράδειγμα.δοκιμή", "медведь@с-балалайкой.рф", "user@münchen.de",
            "user@xn--mnchen-3ya.de", "user@" + String(repeating: "a", count: 64) + ".com",
            "a@" + String(repeating: String(repeating: "b", count: 60) + ".", count: 4) + "com", "TEST@EXAMPLE.COM",
            "user@sub_domain.example.com", "user\u{200B}@example.com", "user\u{202E}@example.com", "user@exa mple.com", "user@@example.com",
            "@example.com", "user@", "user@xn--.com", "user@1example.com", "user@example.123", "ünïcödé@example.com", "üser@exämple.com",
        ] + explainedSyntax.keys.sorted()
        for entry in try await emailValidator(syntax, dnsPort: nil) {
            let address = try #require(entry["address"] as? String)
            let theirs = try #require(entry["syntax"] as? Bool)
            let ours = EmailAddress(address) != nil
            if let why = explainedSyntax[address] {
                #expect(ours != theirs, "\(address.debugDescription) was explained as a disagreement (\(why)) but both now say \(ours)")
            } else {
                #expect(ours == theirs, "\(address.debugDescription): Reach says \(ours), email-validator \(theirs) (\(entry["reason"] as? String ?? ""))")
            }
        }

        let dnsPort = try #require(TestMail.settings.dnsServers.first?.port)
        let lookup = DNSMailExchangerLookup(resolver: DNSResolver(servers: TestMail.settings.dnsServers, timeout: .seconds(5), attempts: 4))
        let explainedDeliverability = [
            "a@nomx.test": """
                no MX, and its address is on loopback: email-validator refuses a domain whose only address is not globally \
                routable; Reach asks that address (every test exchanger is on loopback) and says unknown when nothing answers
                """,
        ]
        let domains = ["a@example.test", "a@nullmx.test", "a@absent.test", "a@txtonly.test", "a@strict.test", "a@münchen.test"]
            + explainedDeliverability.keys.sorted()
        for entry in try await emailValidator(domains, dnsPort: dnsPort) {
            let address = try #require(entry["address"] as? String)
            let theirs = try #require(entry["deliverable"] as? Bool)
            let ours: Bool
            switch await lookup.exchangers(of: String(address.split(separator: "@")[1])) {
            case .hosts: ours = true
            case .nullMX, .noMailHost, .nonexistentDomain: ours = false
            case .lookupFailed(let reason): Issue.record("\(address): \(reason)"); continue
            }
            if let why = explainedDeliverability[address] {
                #expect(ours != theirs, "\(address) was explained as a disagreement (\(why)) but both now say \(ours)")
            } else {
                #expect(ours == theirs, "\(address): Reach says deliverable \(ours), email-validator \(theirs) (\(entry["reason"] as? String ?? ""))")
            }
        }
    }

    func emailValidator(_ addresses: [String], dnsPort: Int?) async throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(TestMail.python))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/email_validator_verdicts.py").standardized
        process.arguments = [script.path] + (dnsPort.map { ["--dns-port", "\($0)"] } ?? [])
        let data = try await process.outputAfterExit(input: JSONSerialization.data(withJSONObject: addresses))
        #expect(process.terminationStatus == 0)
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }
}
