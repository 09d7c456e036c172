import ReachCore
import ReachMail

/// A domain's mail exchangers from DNS: MX records by preference, the null MX of RFC 7505, and
/// the implicit MX (the domain's own address records) when there is no MX at all.
public struct DNSMailExchangerLookup: MailExchangerLookup {
    let resolver: DNSResolver

    public init(resolver: DNSResolver) {
        self.resolver = resolver
    }

    public func exchangers(of domain: String) async -> MailExchangers {
        do {
            switch try await resolver.mx(domain) {
            case .records(let records):
                let hosts = records.map { $0.exchange.hasSuffix(".") ? String($0.exchange.dropLast()) : $0.exchange }
                if hosts.allSatisfy(\.isEmpty) { return .nullMX }
                return .hosts(hosts.filter { !$0.isEmpty })
            case .nonexistentDomain:
                return .nonexistentDomain
            case .noRecords:
                switch try await resolver.addresses(domain) {
                case .records: return .hosts([IDNA.asciiDomain(domain) ?? domain])
                case .noRecords: return .noMailHost
                case .nonexistentDomain: return .nonexistentDomain
                }
            }
        } catch {
            return .lookupFailed("\(error)")
        }
    }
}
