import ReachCore
import ReachMail

/// Reads a domain's MX, SPF, DMARC and DKIM records. DKIM is looked for at the selectors of
/// Reach's own keys for the domain and at the ones the big providers use.
public struct DNSDomainInspector: DomainInspector {
    let connections: MailConnections

    static let commonSelectors = ["google", "selector1", "selector2", "default", "dkim", "mail", "k1", "s1", "s2", "reach"]

    public init(connections: MailConnections) {
        self.connections = connections
    }

    public func inspect(domain: String) async -> DomainRecords {
        let resolver = connections.resolver
        var records = DomainRecords(mailExchangers: [], txt: [], dmarc: [], dkim: [:])
        var failures: [String] = []
        do {
            records.mailExchangers = try await resolver.mx(domain).records.map(\.exchange)
            records.txt = try await resolver.txt(domain).records
            records.dmarc = try await resolver.txt("_dmarc.\(domain)").records
        } catch {
            failures.append("\(error)")
        }
        var selectors = connections.dkimKeys.selectors(for: domain)
        selectors += Self.commonSelectors.filter { !selectors.contains($0) }
        for selector in selectors where failures.isEmpty {
            do {
                if let key = try await resolver.txt("\(selector)._domainkey.\(domain)").records.first(where: { $0.contains("p=") }) {
                    records.dkim[selector] = key
                }
            } catch {
                failures.append("\(error)")
            }
        }
        records.lookupError = failures.first
        return records
    }
}
