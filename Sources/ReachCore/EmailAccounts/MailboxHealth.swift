import Foundation

/// How likely a mailbox's mail is to be delivered, judged from its connection check and its
/// domain's DNS: the findings a user can fix, and a 0–100 score. The one place these rules live.
public struct MailboxHealth: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case pass, warning, fail
    }

    public struct Finding: Sendable, Equatable {
        /// smtp, imap, mx, spf, dkim or dmarc.
        public let check: String
        public let verdict: Verdict
        public let detail: String
        /// What this finding adds to the score, out of `weight`.
        public let points: Int
        public let weight: Int
    }

    public let domain: String
    public let findings: [Finding]

    public var score: Int { findings.reduce(0) { $0 + $1.points } }

    public init(domain: String, connection: MailboxCheck, records: DomainRecords?) {
        self.domain = domain
        var findings: [Finding] = [
            connection.smtpError.map { Finding(check: "smtp", verdict: .fail, detail: $0, points: 0, weight: 20) }
                ?? Finding(check: "smtp", verdict: .pass, detail: "The SMTP server accepted the credentials", points: 20, weight: 20),
            connection.imapError.map { Finding(check: "imap", verdict: .fail, detail: $0, points: 0, weight: 10) }
                ?? Finding(check: "imap", verdict: .pass, detail: "The IMAP server accepted the credentials: replies and bounces can be read", points: 10, weight: 10),
        ]
        guard let records else {
            self.findings = findings
            return
        }
        if let error = records.lookupError {
            findings.append(Finding(check: "dns", verdict: .warning, detail: "DNS look-ups failed (\(error)); the domain's records could not be judged", points: 0, weight: 0))
        }
        findings.append(Self.mx(records))
        findings.append(Self.spf(records))
        findings.append(Self.dkim(records, domain: domain))
        findings.append(Self.dmarc(records))
        self.findings = findings
    }

    static func mx(_ records: DomainRecords) -> Finding {
        let exchangers = records.mailExchangers.filter { !$0.isEmpty }
        if exchangers.isEmpty {
            return Finding(check: "mx", verdict: .fail, detail: "No MX record: replies to this domain cannot be delivered", points: 0, weight: 15)
        }
        return Finding(check: "mx", verdict: .pass, detail: "Mail for the domain goes to \(exchangers.joined(separator: ", "))", points: 15, weight: 15)
    }

    /// RFC 7208: exactly one record starting `v=spf1`; `+all` authorises the whole internet.
    static func spf(_ records: DomainRecords) -> Finding {
        let spf = records.txt.filter { $0.lowercased().hasPrefix("v=spf1") }
        switch spf.count {
        case 0:
            return Finding(check: "spf", verdict: .fail, detail: "No SPF record: publish a TXT record starting v=spf1 that names your mail servers", points: 0, weight: 20)
        case 1 where spf[0].lowercased().contains("+all"):
            return Finding(check: "spf", verdict: .warning, detail: "The SPF record ends in +all, which lets anyone send as this domain", points: 5, weight: 20)
        case 1 where !spf[0].lowercased().contains("all"):
            return Finding(check: "spf", verdict: .warning, detail: "The SPF record has no all mechanism; end it with ~all or -all", points: 15, weight: 20)
        case 1:
            return Finding(check: "spf", verdict: .pass, detail: spf[0], points: 20, weight: 20)
        default:
            return Finding(check: "spf", verdict: .fail, detail: "\(spf.count) SPF records: receivers treat more than one as an error; merge them", points: 0, weight: 20)
        }
    }

    static func dkim(_ records: DomainRecords, domain: String) -> Finding {
        // An empty p= tag is a revoked key (RFC 6376 §3.6.1).
        let valid = records.dkim.filter { Self.tag("p", in: $0.value)?.isEmpty == false }.keys.sorted()
        if valid.isEmpty {
            return Finding(
                check: "dkim", verdict: .fail,
                detail: "No DKIM key found at the usual selectors; create one with `reach dkim generate \(domain)` or your provider's settings",
                points: 0, weight: 20)
        }
        return Finding(check: "dkim", verdict: .pass, detail: "DKIM key published for selector \(valid.joined(separator: ", "))", points: 20, weight: 20)
    }

    /// The value of `name=` in a `tag=value; tag=value` record (DKIM and DMARC both use this form).
    static func tag(_ name: String, in record: String) -> String? {
        for part in record.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name { return pair[1] }
            if pair.count == 1, part.trimmingCharacters(in: .whitespaces).lowercased() == name + "=" { return "" }
        }
        return nil
    }

    /// RFC 7489: `v=DMARC1` with a policy; p=none monitors but protects nothing.
    static func dmarc(_ records: DomainRecords) -> Finding {
        guard let record = records.dmarc.first(where: { $0.uppercased().hasPrefix("V=DMARC1") }) else {
            return Finding(check: "dmarc", verdict: .fail, detail: "No DMARC record at _dmarc: publish at least v=DMARC1; p=none", points: 0, weight: 15)
        }
        if Self.tag("p", in: record)?.lowercased() == "none" {
            return Finding(check: "dmarc", verdict: .warning, detail: "DMARC policy is p=none: reports only, no protection", points: 10, weight: 15)
        }
        return Finding(check: "dmarc", verdict: .pass, detail: record, points: 15, weight: 15)
    }
}
