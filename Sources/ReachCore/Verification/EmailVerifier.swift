import Foundation

/// Decides whether addresses can receive mail from what can be known without sending any: the
/// lists, the domain's mail exchangers, and what an exchanger answers to RCPT TO for the
/// address and for a random address at the same domain (a domain that accepts both accepts
/// anything: a catch-all, where acceptance proves nothing). Anything not proven is `unknown`
/// with the reason; nothing is guessed.
///
/// One connection asks about up to `batchSize` addresses at once (few enough that a server's
/// error limit is not reached by unknown recipients), and connections to
/// one domain start at least `domainInterval` apart, so a list of a thousand colleagues does not
/// look like an attack on their mail server; connections to one exchanger start at least
/// `hostInterval` apart whatever the domain, since one host (Google's, Microsoft's) serves
/// the mail of many of a list's domains.
public struct EmailVerifier: Sendable {
    let lists: VerificationLists
    let exchangers: any MailExchangerLookup
    let probe: any RecipientProbe
    let domains: DomainProbeState
    let batchSize: Int
    let concurrentDomains: Int

    public init(
        lists: VerificationLists, exchangers: any MailExchangerLookup, probe: any RecipientProbe,
        domainInterval: Duration = .seconds(1), hostInterval: Duration = .milliseconds(250), batchSize: Int = 10, concurrentDomains: Int = 8
    ) {
        self.lists = lists
        self.exchangers = exchangers
        self.probe = probe
        self.domains = DomainProbeState(interval: domainInterval, hostInterval: hostInterval)
        self.batchSize = batchSize
        self.concurrentDomains = concurrentDomains
    }

    /// One address as typed: its syntax is judged first.
    public func verify(_ text: String) async -> EmailVerdict {
        guard let address = EmailAddress(text) else { return .invalid("\(text) is not a valid email address") }
        return await verify([address])[address] ?? .unknown("not verified", retryable: true)
    }

    /// Many addresses, domain by domain, several domains at once.
    public func verify(_ addresses: [EmailAddress]) async -> [EmailAddress: EmailVerdict] {
        let byDomain = Dictionary(grouping: Set(addresses), by: \.domain)
        var verdicts: [EmailAddress: EmailVerdict] = [:]
        await withTaskGroup(of: [EmailAddress: EmailVerdict].self) { group in
            var pending = byDomain.makeIterator()
            var running = 0
            while running < concurrentDomains, let (domain, members) = pending.next() {
                group.addTask { await self.verify(members, at: domain) }
                running += 1
            }
            for await found in group {
                verdicts.merge(found) { first, _ in first }
                if let (domain, members) = pending.next() { group.addTask { await self.verify(members, at: domain) } }
            }
        }
        return verdicts
    }

    func verify(_ addresses: [EmailAddress], at domain: String) async -> [EmailAddress: EmailVerdict] {
        if lists.isDisposable(domain: domain) {
            return all(addresses, .risky(["\(domain) gives out disposable mailboxes, which are soon abandoned"]))
        }
        var verdicts: [EmailAddress: EmailVerdict] = [:]
        switch await domains.exchangers(of: domain, lookup: exchangers) {
        case .hosts(let hosts):
            var start = 0
            while start < addresses.count {
                let batch = Array(addresses[start..<min(start + batchSize, addresses.count)])
                start += batchSize
                verdicts.merge(await probe(batch, at: domain, hosts: hosts)) { first, _ in first }
            }
        case .nullMX: verdicts = all(addresses, .invalid("\(domain) accepts no mail (it publishes a null MX record)"))
        case .noMailHost: verdicts = all(addresses, .invalid("\(domain) has no mail server (neither MX nor address records)"))
        case .nonexistentDomain: verdicts = all(addresses, .invalid("the domain \(domain) does not exist"))
        case .lookupFailed(let reason): verdicts = all(addresses, .unknown("the DNS look-up of \(domain) failed: \(reason)", retryable: true))
        }
        for (address, verdict) in verdicts { verdicts[address] = roleChecked(address, verdict) }
        return verdicts
    }

    /// A role address is risky whatever the server said, unless the server said it does not exist.
    func roleChecked(_ address: EmailAddress, _ verdict: EmailVerdict) -> EmailVerdict {
        let localPart = String(address.address[..<address.address.lastIndex(of: "@")!])
        guard verdict.status != .invalid, lists.isRole(localPart: localPart) else { return verdict }
        return .risky(["\(localPart)@ is a role address: it reaches a team or a system, not a person"] + verdict.reasons)
    }

    func probe(_ batch: [EmailAddress], at domain: String, hosts: [String]) async -> [EmailAddress: EmailVerdict] {
        var failures: [String] = []
        var retryable = false
        // The two most preferred exchangers: a third rarely knows more, and each try costs a connection.
        for host in hosts.prefix(2) {
            // Whether made-up addresses are accepted is each host's own: a backup exchanger may
            // accept anything to forward it later.
            let knownCatchAll = await domains.catchAll(domain, host: host)
            // The made-up address goes first, so that its answer can never be taken for a real one's.
            let decoy = knownCatchAll == nil ? ["reach-verify-\(Self.randomToken())@\(domain)"] : []
            let asked = decoy + batch.map(\.address)
            await domains.waitTurn(domain)
            await domains.waitTurn(host: host)
            switch await probe.probe(host: host, addresses: asked) {
            case .failed(let reason, let canRetry):
                failures.append("\(host): \(reason)")
                retryable = retryable || canRetry
            case .answered(let answers) where answers.count != asked.count:
                failures.append("\(host) answered \(answers.count) of \(asked.count) recipients")
                retryable = true
            case .answered(let answers):
                var catchAll = knownCatchAll
                if !decoy.isEmpty {
                    switch answers[0] {
                    case .accepted: catchAll = true
                    case .noSuchMailbox: catchAll = false
                    case .refused, .deferred: catchAll = nil
                    }
                    if let catchAll { await domains.remember(domain, host: host, catchAll: catchAll) }
                }
                return Dictionary(uniqueKeysWithValues: zip(batch, answers.dropFirst(decoy.count)).map { address, answer in
                    (address, verdict(answer, host: host, domain: domain, catchAll: catchAll))
                })
            }
        }
        return all(batch, .unknown("no mail server of \(domain) could be asked: \(failures.joined(separator: "; "))", retryable: retryable))
    }

    func verdict(_ answer: RecipientAnswer, host: String, domain: String, catchAll: Bool?) -> EmailVerdict {
        switch answer {
        case .noSuchMailbox(let reply):
            return .invalid("\(host) says the mailbox does not exist: \(reply)")
        case .refused(let reply):
            // A block of the probe says nothing of the mailbox; asking again soon will not change it.
            return .unknown("\(host) would not say whether the mailbox exists: \(reply)", retryable: false)
        case .deferred(let reply):
            return .unknown("\(host) deferred the question (greylisting or a busy server): \(reply)", retryable: true)
        case .accepted:
            switch catchAll {
            case true?: return .risky(["\(domain) accepts mail for any address (catch-all), so acceptance proves nothing"])
            case nil: return .unknown("\(host) accepts the mailbox but would not answer the catch-all check", retryable: true)
            case false?: return .valid("\(host) accepts the mailbox and refuses made-up ones")
            }
        }
    }

    func all(_ addresses: [EmailAddress], _ verdict: EmailVerdict) -> [EmailAddress: EmailVerdict] {
        Dictionary(uniqueKeysWithValues: addresses.map { ($0, verdict) })
    }

    static func randomToken() -> String {
        String((0..<12).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
    }
}

/// What verification remembers about domains in this process: their exchangers (an hour), whether
/// each exchanger accepts any address for them (a day), and when the next connection may start.
actor DomainProbeState {
    let interval: Duration
    let hostInterval: Duration
    let clock = ContinuousClock()
    var exchangers: [String: (MailExchangers, ContinuousClock.Instant)] = [:]
    var catchAlls: [String: (Bool, ContinuousClock.Instant)] = [:]
    var nextStart: [String: ContinuousClock.Instant] = [:]

    static let exchangerLifetime = Duration.seconds(3600)
    static let catchAllLifetime = Duration.seconds(86_400)
    /// Expired entries are dropped when a table grows past this, so a long-running server's memory stays bounded by use.
    static let sizeBeforePruning = 10_000

    init(interval: Duration, hostInterval: Duration) {
        self.interval = interval
        self.hostInterval = hostInterval
    }

    func exchangers(of domain: String, lookup: any MailExchangerLookup) async -> MailExchangers {
        if let (known, until) = exchangers[domain], until > clock.now { return known }
        let found = await lookup.exchangers(of: domain)
        // A failed look-up is not remembered: the next prospect at the domain asks again.
        if case .lookupFailed = found { return found }
        if exchangers.count > Self.sizeBeforePruning { exchangers = exchangers.filter { $0.value.1 > clock.now } }
        exchangers[domain] = (found, clock.now.advanced(by: Self.exchangerLifetime))
        return found
    }

    func catchAll(_ domain: String, host: String) -> Bool? {
        guard let (known, until) = catchAlls["\(domain) \(host)"], until > clock.now else { return nil }
        return known
    }

    func remember(_ domain: String, host: String, catchAll: Bool) {
        if catchAlls.count > Self.sizeBeforePruning { catchAlls = catchAlls.filter { $0.value.1 > clock.now } }
        catchAlls["\(domain) \(host)"] = (catchAll, clock.now.advanced(by: Self.catchAllLifetime))
    }

    /// Waits until a connection to the domain may start, and books the slot after it.
    func waitTurn(_ domain: String) async {
        await waitTurn(key: domain, spacing: interval)
    }

    /// Waits until a connection to the exchanger may start, whichever domain it is asked about.
    func waitTurn(host: String) async {
        await waitTurn(key: "host " + host.lowercased(), spacing: hostInterval)
    }

    func waitTurn(key: String, spacing: Duration) async {
        let now = clock.now
        if nextStart.count > Self.sizeBeforePruning { nextStart = nextStart.filter { $0.value > now } }
        let slot = max(now, nextStart[key] ?? now)
        nextStart[key] = slot.advanced(by: spacing)
        if slot > now { try? await Task.sleep(until: slot, clock: clock) }
    }
}
