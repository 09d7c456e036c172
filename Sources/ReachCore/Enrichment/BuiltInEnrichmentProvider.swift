import Foundation

/// Enrichment from public facts only, each value with the fact it came from:
/// - a company's domain from a work email (never from a free-mail or disposable address),
/// - its name, description, website and LinkedIn page from its own home page,
/// - its mail provider from its MX records,
/// - a person's work email, when their name and company domain are known, from the company's
///   mail server accepting one of the usual address patterns and refusing made-up ones (so
///   never at a catch-all domain),
/// - a time zone from the country, when the country has one.
/// What it cannot know (phones, personal addresses, LinkedIn profiles, Lead Finder ids) it
/// says so in the record's notes or as "not found", never with an invented value.
public struct BuiltInEnrichmentProvider: EnrichmentProvider {
    public let name = "built-in"
    let exchangers: any MailExchangerLookup
    let website: any WebsiteReader
    let verifier: EmailVerifier?
    let verificationLists: VerificationLists
    let freeMailDomains: Set<String>

    public init(
        exchangers: any MailExchangerLookup, website: any WebsiteReader, verifier: EmailVerifier?, verificationLists: VerificationLists,
        freeMailDomains: Set<String> = FreeMailDomains.shipped
    ) {
        self.exchangers = exchangers
        self.website = website
        self.verifier = verifier
        self.verificationLists = verificationLists
        self.freeMailDomains = freeMailDomains
    }

    /// The shipped free-mail list plus `free-mail-domains.txt` in `directory`, when present.
    public static func freeMailDomains(adding directory: URL?) throws -> Set<String> {
        guard let file = directory?.appendingPathComponent("free-mail-domains.txt"), FileManager.default.fileExists(atPath: file.path) else {
            return FreeMailDomains.shipped
        }
        return FreeMailDomains.shipped.union(try VerificationLists.operatorEntries(file))
    }

    public func enrichContact(_ query: ContactQuery) async -> ProviderAnswer {
        var findings: [EnrichmentFinding] = []
        var notes: [String] = []
        let email = query.email.flatMap(EmailAddress.init)
        var domain: String?
        if let email, isCompanyDomain(email.domain) {
            domain = email.domain
            findings.append(EnrichmentFinding(field: "companyDomain", value: email.domain, source: "the domain of the work email \(email.address)"))
        } else if let given = query.companyDomain.flatMap(Self.domain(from:)) {
            domain = given
        } else if let site = query.companyWebsite.flatMap(Self.domain(from:)) {
            domain = site
            findings.append(EnrichmentFinding(field: "companyDomain", value: site, source: "the host of the company website given"))
        }
        if let domain {
            let company = await companyFindings(at: domain, notes: &notes)
            // A domain that does not exist names no company: the email's domain is not reported as one.
            if !company.domainExists { findings.removeAll { $0.field == "companyDomain" } }
            findings += company.findings.map {
                EnrichmentFinding(field: Self.companyField($0.field), value: $0.value, source: $0.source)
            }
            if !query.options.profileOnly, query.options.emailType == .workEmail, email.map({ !isCompanyDomain($0.domain) }) ?? true {
                findings += await workEmail(of: query, at: domain, notes: &notes)
            }
        } else if email == nil, query.linkedinUrl != nil {
            return .notFound("The built-in provider does not look people up by LinkedIn profile; a configured data provider can")
        } else {
            notes.append("No company domain is known: the email is at a free-mail provider or missing, and no company domain or website was given")
        }
        if query.options.emailType == .personalEmail, !query.options.profileOnly {
            notes.append("Personal email addresses need a configured data provider; the built-in provider finds none")
        }
        if query.options.revealPhone {
            notes.append("Phone numbers need a configured data provider; the built-in provider finds none")
        }
        if let country = query.country?.trimmed, !country.isEmpty {
            if let zone = CountryTimeZone.zone(forCountry: country) {
                findings.append(EnrichmentFinding(field: "timeZone", value: zone, source: "the only time zone of \(country)"))
            } else {
                notes.append("No single time zone for the country \"\(country)\"")
            }
        }
        // The company domain restated from the input alone is not something found.
        guard findings.contains(where: { $0.field != "companyDomain" }) else {
            return .notFound(notes.isEmpty ? "Nothing could be derived from what is known" : notes.joined(separator: ". "))
        }
        return .found(findings, notes: notes, credits: 0)
    }

    public func enrichCompany(_ query: CompanyQuery) async -> ProviderAnswer {
        var findings: [EnrichmentFinding] = []
        let domain: String
        if let given = query.domain {
            guard let parsed = Self.domain(from: given) else { return .notFound("\"\(given)\" is not a domain name") }
            domain = parsed
            if parsed != given.lowercased() { findings.append(EnrichmentFinding(field: "companyDomain", value: parsed, source: "the domain given")) }
        } else if let site = query.website {
            guard let parsed = Self.domain(from: site) else { return .notFound("\"\(site)\" is not a website address") }
            domain = parsed
            findings.append(EnrichmentFinding(field: "companyDomain", value: parsed, source: "the host of the website given"))
        } else if query.companyID != nil {
            return .notFound("company_id names a company in Saleshandy's Lead Finder database, which a self-hosted server does not have; give company_domain or company_website")
        } else {
            return .notFound("The built-in provider does not read LinkedIn; give company_domain or company_website")
        }
        var notes: [String] = []
        let found = await companyFindings(at: domain, notes: &notes).findings
        // Only facts from outside the request count: the domain read from it is not one.
        guard !found.isEmpty else { return .notFound(notes.isEmpty ? "Nothing could be found about \(domain)" : notes.joined(separator: ". ")) }
        return .found(findings + found, notes: notes, credits: 0)
    }

    /// The mail provider from MX, and what the home page says; whether the domain exists.
    func companyFindings(at domain: String, notes: inout [String]) async -> (findings: [EnrichmentFinding], domainExists: Bool) {
        var findings: [EnrichmentFinding] = []
        switch await exchangers.exchangers(of: domain) {
        case .hosts(let hosts) where hosts == [domain]:
            // No MX record: mail goes to the domain's own address (the implicit MX of RFC 5321).
            findings.append(EnrichmentFinding(field: "mailExchanger", value: domain, source: "no MX record: the domain's own address takes its mail"))
        case .hosts(let hosts):
            if let service = MailProvider.service(of: hosts) {
                findings.append(EnrichmentFinding(field: "mailProvider", value: service, source: "the MX record \(hosts[0])"))
            } else {
                findings.append(EnrichmentFinding(field: "mailExchanger", value: hosts[0], source: "the MX record of \(domain)"))
            }
        case .nullMX: notes.append("\(domain) takes no mail (null MX)")
        case .noMailHost: notes.append("\(domain) has no mail server")
        case .nonexistentDomain:
            notes.append("The domain \(domain) does not exist")
            return ([], false)
        case .lookupFailed(let reason): notes.append("The DNS look-up of \(domain) failed: \(reason)")
        }
        switch await website.homepage(of: domain) {
        case .page(_, let url) where !Self.belongs(url, to: domain):
            // A parked or sold domain sends visitors elsewhere: that site says nothing of this company.
            notes.append("The website of \(domain) redirects to \(URLComponents(string: url)?.host ?? url), whose pages are not taken for \(domain)'s")
        case .page(let html, let url):
            let metadata = WebsiteMetadata(html: html)
            let origin = Self.origin(of: url) ?? url
            findings.append(EnrichmentFinding(field: "companyWebsite", value: origin, source: "the website answered at \(url)"))
            if let (name, source) = metadata.companyName(forDomain: domain) {
                findings.append(EnrichmentFinding(field: "companyName", value: name, source: source))
            }
            if let description = metadata.description {
                findings.append(EnrichmentFinding(field: "companyDescription", value: String(description.prefix(1000)), source: "the website's meta description"))
            }
            if let language = metadata.language {
                findings.append(EnrichmentFinding(field: "websiteLanguage", value: language, source: "the website's html lang"))
            }
            if let linkedin = metadata.linkedinURL {
                findings.append(EnrichmentFinding(field: "companyLinkedinUrl", value: linkedin, source: "a link on the website's home page"))
            }
        case .unavailable(let reason):
            notes.append("The website of \(domain) could not be read: \(reason)")
        }
        return (findings, true)
    }

    /// Whether a page's URL is on the domain or one of its subdomains.
    static func belongs(_ url: String, to domain: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return false }
        return host == domain || host.hasSuffix("." + domain)
    }

    /// The usual patterns for the name, asked of the domain's mail server at once; an address
    /// counts only when verification calls it valid (accepted, and made-up ones refused).
    func workEmail(of query: ContactQuery, at domain: String, notes: inout [String]) async -> [EnrichmentFinding] {
        guard let verifier else {
            notes.append("Finding work emails needs the verification probe, which is off")
            return []
        }
        guard let (first, last) = query.nameParts else {
            notes.append("A work email is looked for only when the person's first and last name are known")
            return []
        }
        let candidates = EmailPatterns.candidates(first: first, last: last, domain: domain)
        guard !candidates.isEmpty else {
            notes.append("No address can be formed from the name \(first) \(last)")
            return []
        }
        let verdicts = await verifier.verify(candidates)
        if let found = candidates.first(where: { verdicts[$0]?.status == .valid }) {
            return [
                EnrichmentFinding(field: "email", value: found.address, source: verdicts[found]?.reasons.first ?? "verified"),
                EnrichmentFinding(field: "emailStatus", value: "valid", source: "email verification"),
            ]
        }
        let reasons = Set(candidates.compactMap { verdicts[$0]?.reasons.first })
        if let catchAll = reasons.first(where: { $0.contains("catch-all") }) {
            notes.append("No work email can be confirmed: \(catchAll)")
        } else if candidates.allSatisfy({ verdicts[$0]?.status == .invalid }) {
            notes.append("The mail server of \(domain) refuses every usual address for \(first) \(last)")
        } else {
            notes.append("No work email could be confirmed at \(domain): \(reasons.sorted().first ?? "no answer")")
        }
        return []
    }

    func isCompanyDomain(_ domain: String) -> Bool {
        !freeMailDomains.contains(domain) && !verificationLists.isDisposable(domain: domain)
    }

    /// "companyName" stays; "mailProvider" becomes "companyMailProvider" in a person's record.
    static func companyField(_ field: String) -> String {
        field.hasPrefix("company") ? field : "company" + field.prefix(1).uppercased() + field.dropFirst()
    }

    /// A domain from a domain or a website address: scheme, port, path and a leading "www." dropped.
    public static func domain(from text: String) -> String? {
        var host = text.trimmed.lowercased()
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        host = String(host.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        if host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, host.count <= 253,
            labels.allSatisfy({ label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
            }),
            labels.last!.allSatisfy({ $0.isLetter || $0 == "-" || $0.isNumber }), !labels.last!.allSatisfy(\.isNumber)
        else { return nil }
        return host
    }

    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
