import Foundation

/// Decides whether addresses can receive mail from what can be known without sending any: the
/// lists, the domain's mail exchangers, and what an exchanger answers to RCPT TO for the
/// address and for a random address at the same domain (a domain that accepts both accepts
/// anything: a catch-all, where acceptance proves nothing). Anything not proven is `unknown`
/// with the reason; nothing is guessed.
///
/// One connection per domain asks about up to `batchSize` addresses at once, and connections to
/// one domain start at least `domainInterval` apart, so a list of a thousand colleagues does not
/// look like an attack on their mail server.
public struct EmailVerifier: Sendable {
    let lists: VerificationLists
    let exchangers: any MailExchangerLookup
    let probe: any RecipientProbe
    let domains: DomainProbeState
    let batchSize: Int
    let concurrentDomains: Int

    public init(
        lists: VerificationLists, exchangers: any MailExchangerLookup, probe: any RecipientProbe,
        domainInterval: Duration = .seconds(1), batchSize: Int = 20, concurrentDomains: Int = 8
    ) {
        self.lists = lists
        self.exchangers = exchangers
        self.probe = probe
        self.domains = DomainProbeState(interval: domainInterval)
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
        let byDomain = Dictionary(grouping: Set(addresses), by: { $0.domain.lowercased() })
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
            let verdict = EmailVerdict.risky(["\(domain) gives out disposable mailboxes, which are soon abandoned"])
            return Dictionary(uniqueKeysWithValues: addresses.map { ($0, verdict) })
        }
        let hosts: [String]
        switch await domains.exchangers(of: domain, lookup: exchangers) {
        case .hosts(let found): hosts = found
        case .nullMX: return all(addresses, .invalid("\(domain) accepts no mail (it publishes a null MX record)"))
        case .noMailHost: return all(addresses, .invalid("\(domain) has no mail server (neither MX nor address records)"))
        case .nonexistentDomain: return all(addresses, .invalid("the domain \(domain) does not exist"))
        case .lookupFailed(let reason): return all(addresses, .unknown("the DNS look-up of \(domain) failed: \(reason)", retryable: true))
        }
        var verdicts: [EmailAddress: EmailVerdict] = [:]
        var start = 0
        while start < addresses.count {
            let batch = Array(addresses[start..<min(start + batchSize, addresses.count)])
            start += batchSize
            verdicts.merge(await probe(batch, at: domain, hosts: hosts)) { first, _ in first }
        }
        return verdicts
    }

    func probe(_ batch: [EmailAddress], at domain: String, hosts: [String]) async -> [EmailAddress: EmailVerdict] {
        let knownCatchAll = await domains.catchAll(domain)
        let decoy = "reach-verify-\(Self.randomToken())@\(domain)"
        let asked = batch.map(\.address) + (knownCatchAll == nil ? [decoy] : [])
        var failures: [String] = []
        // The two most preferred exchangers: a third rarely knows more, and each try costs a connection.
        for host in hosts.prefix(2) {
            await domains.waitTurn(domain)
            switch await probe.probe(host: host, addresses: asked) {
            case .failed(let reason):
                failures.append("\(host): \(reason)")
            case .answered(let answers):
                var catchAll = knownCatchAll
                if catchAll == nil, let decoyAnswer = answers.last {
                    switch decoyAnswer {
                    case .accepted: catchAll = true
                    case .rejected: catchAll = false
                    case .deferred: catchAll = nil
                    }
                    if let catchAll { await domains.remember(domain, catchAll: catchAll) }
                }
                return Dictionary(uniqueKeysWithValues: zip(batch, answers).map { address, answer in
                    (address, verdict(address, answer: answer, host: host, catchAll: catchAll))
                })
            }
        }
        return all(batch, .unknown("no mail server of \(domain) could be asked: \(failures.joined(separator: "; "))", retryable: true))
    }

    func verdict(_ address: EmailAddress, answer: RecipientAnswer, host: String, catchAll: Bool?) -> EmailVerdict {
        switch answer {
        case .rejected(let reply):
            return .invalid("\(host) refused the mailbox: \(reply)")
        case .deferred(let reply):
            return .unknown("\(host) deferred the question (greylisting or a busy server): \(reply)", retryable: true)
        case .accepted:
            switch catchAll {
            case true?:
                return .risky(["\(address.domain) accepts mail for any address (catch-all), so acceptance proves nothing"])
            case nil:
                return .unknown("\(host) accepts the mailbox but deferred the catch-all check", retryable: true)
            case false?:
                let localPart = String(address.address[..<address.address.lastIndex(of: "@")!])
                if lists.isRole(localPart: localPart) {
                    return .risky(["\(localPart)@ is a role address: it reaches a team or a system, not a person", "\(host) accepts the mailbox"])
                }
                return .valid("\(host) accepts the mailbox and refuses made-up ones")
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
/// they accept any address (a day), and when the next connection to each may start.
actor DomainProbeState {
    let interval: Duration
    let clock = ContinuousClock()
    var exchangers: [String: (MailExchangers, ContinuousClock.Instant)] = [:]
    var catchAlls: [String: (Bool, ContinuousClock.Instant)] = [:]
    var nextStart: [String: ContinuousClock.Instant] = [:]

    static let exchangerLifetime = Duration.seconds(3600)
    static let catchAllLifetime = Duration.seconds(86_400)

    init(interval: Duration) {
        self.interval = interval
    }

    func exchangers(of domain: String, lookup: any MailExchangerLookup) async -> MailExchangers {
        if let (known, until) = exchangers[domain], until > clock.now { return known }
        let found = await lookup.exchangers(of: domain)
        // A failed look-up is not remembered: the next prospect at the domain asks again.
        if case .lookupFailed = found { return found }
        exchangers[domain] = (found, clock.now.advanced(by: Self.exchangerLifetime))
        return found
    }

    func catchAll(_ domain: String) -> Bool? {
        guard let (known, until) = catchAlls[domain], until > clock.now else { return nil }
        return known
    }

    func remember(_ domain: String, catchAll: Bool) {
        catchAlls[domain] = (catchAll, clock.now.advanced(by: Self.catchAllLifetime))
    }

    /// Waits until a connection to the domain may start, and books the slot after it.
    func waitTurn(_ domain: String) async {
        let now = clock.now
        let slot = max(now, nextStart[domain] ?? now)
        nextStart[domain] = slot.advanced(by: interval)
        if slot > now { try? await Task.sleep(until: slot, clock: clock) }
    }
}
