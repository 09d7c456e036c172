import Foundation
import ReachJSON

/// People and company search (§15.2–15.4) over what the account holds: its own prospects and
/// the companies they work at. Saleshandy's filters that need Lead Finder's data (funding,
/// head counts, skills, seniority...) are refused by name rather than ignored, since ignoring a
/// filter would return people it should have excluded.
public struct ProspectSearch: Sendable {
    let prospects: any ProspectStore
    let fields: any FieldStore

    public static let pageSize = 25
    /// Prospects read per query while scanning the account.
    static let scanBatch = 2000

    public init(prospects: any ProspectStore, fields: any FieldStore) {
        self.prospects = prospects
        self.fields = fields
    }

    /// A text filter: any of `includes` must match and none of `excludes`; each value is found
    /// anywhere in the field, case-insensitively, or must equal it with `exactMatch`.
    public struct TextFilter: Sendable, Equatable {
        public var includes: [String]
        public var excludes: [String]
        public var exactMatch: Bool

        public init(includes: [String] = [], excludes: [String] = [], exactMatch: Bool = false) {
            self.includes = includes.map { $0.trimmed.lowercased() }.filter { !$0.isEmpty }
            self.excludes = excludes.map { $0.trimmed.lowercased() }.filter { !$0.isEmpty }
            self.exactMatch = exactMatch
        }

        func matches(_ values: [String]) -> Bool {
            let lowered = values.map { $0.lowercased() }
            let hit = { (wanted: String) in lowered.contains { self.exactMatch ? $0 == wanted : $0.contains(wanted) } }
            return (includes.isEmpty || includes.contains(where: hit)) && !excludes.contains(where: hit)
        }
    }

    /// What a person's record offers each filter, by the filter's name.
    public static let peopleFilters: [(name: String, fields: String)] = [
        ("full_name", "First Name and Last Name"), ("job_title", "Job Title"), ("department", "Department"),
        ("company_name", "Company"), ("company_domain", "Company Domain, else the domain of a work email"),
        ("company_industry", "Company Industry, else Industry"), ("location", "City, State and Country"),
        ("linkedin_url", "LinkedIn (a list of profile URLs)"), ("keywords", "any of the above, and the email"),
    ]

    public static let companyFilters: [(name: String, fields: String)] = [
        ("company_name", "Company"), ("company_domain", "Company Domain, else the domain of a work email"),
        ("company_industry", "Company Industry, else Industry"), ("website", "Company Website"),
        ("linkedin_url", "Company LinkedIn"), ("keywords", "any of the above"),
    ]

    /// One prospect as search sees it.
    public struct Person: Sendable, Equatable {
        public let prospect: Prospect
        public let firstName: String
        public let lastName: String
        public let jobTitle: String
        public let department: String
        public let companyName: String
        public let companyDomain: String
        public let companyWebsite: String
        public let companyIndustry: String
        public let companyLinkedIn: String
        public let location: String
        public let linkedIn: String

        /// The Company Domain field's host, else the domain of a work email (never a free-mail one).
        static func companyDomain(field: String, emailDomain: String) -> String {
            if let domain = BuiltInEnrichmentProvider.domain(from: field) { return domain }
            return FreeMailDomains.contains(emailDomain) ? "" : emailDomain
        }

        public var fullName: String { [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ") }

        init(_ prospect: Prospect, catalog: FieldCatalog) {
            func value(_ field: SystemField) -> String {
                catalog.field(field).flatMap { prospect.values[$0.id] }?.trimmed ?? ""
            }
            self.prospect = prospect
            firstName = value(.firstName)
            lastName = value(.lastName)
            jobTitle = value(.jobTitle)
            department = value(.department)
            companyName = value(.company)
            companyDomain = Self.companyDomain(field: value(.companyDomain), emailDomain: EmailAddress(prospect.email).map(\.domain) ?? "")
            companyWebsite = value(.companyWebsite)
            let industry = value(.companyIndustry)
            companyIndustry = industry.isEmpty ? value(.industry) : industry
            companyLinkedIn = value(.companyLinkedIn)
            location = [value(.city), value(.state), value(.country)].filter { !$0.isEmpty }.joined(separator: ", ")
            linkedIn = value(.linkedIn)
        }

        func texts(for filter: String) -> [String] {
            switch filter {
            case "full_name": [fullName]
            case "job_title": [jobTitle]
            case "department": [department]
            case "company_name": [companyName]
            case "company_domain": [companyDomain]
            case "company_industry": [companyIndustry]
            case "location": [location]
            case "website": [companyWebsite]
            case "keywords": [fullName, jobTitle, department, companyName, companyDomain, companyIndustry, location, prospect.email]
            default: []
            }
        }
    }

    public struct Page<Item: Sendable>: Sendable {
        public let items: [Item]
        public let total: Int
        public let page: Int
    }

    /// People matching every filter, in the order they were added, a page of 25 at a time; at
    /// most `limitPerCompany` from one company domain when given.
    ///
    /// The database counts and pages the matches when every filter can be said in SQL. Company
    /// domains are normalised in Swift, and LinkedIn profiles and per-company limits are decided
    /// there too; then the conditions only narrow the rows that Swift reads and checks.
    public func people(
        in account: AccountID, text: [String: TextFilter], linkedInURLs: [String], limitPerCompany: Int?, page: Int
    ) async throws -> Page<Person> {
        let catalog = FieldCatalog(try await fields.fields(in: account))
        let page = max(page, 1)
        var conditions: [ProspectCondition] = []
        var exact = limitPerCompany == nil
        for (name, filter) in text.sorted(by: { $0.key < $1.key }) {
            let pushed = Self.conditions(name, filter, catalog)
            conditions += pushed.conditions
            exact = exact && pushed.exact
        }
        let wanted = Set(linkedInURLs.map(Self.profileKey).filter { !$0.isEmpty })
        if !wanted.isEmpty {
            conditions += Self.linkedInConditions(wanted, catalog)
            exact = false
        }
        if exact {
            let total = try await prospects.countProspects(in: account, where: conditions)
            let found = try await prospects.prospects(in: account, where: conditions, offset: (page - 1) * Self.pageSize, limit: Self.pageSize)
            return Page(items: found.map { Person($0, catalog: catalog) }, total: total, page: page)
        }
        var perCompany: [String: Int] = [:]
        var matched: [Person] = []
        try await scan(account, where: conditions, catalog: catalog) { person in
            guard text.allSatisfy({ $0.value.matches(person.texts(for: $0.key)) }) else { return }
            guard wanted.isEmpty || wanted.contains(Self.profileKey(person.linkedIn)) else { return }
            if let limitPerCompany, !person.companyDomain.isEmpty {
                perCompany[person.companyDomain, default: 0] += 1
                if perCompany[person.companyDomain]! > limitPerCompany { return }
            }
            matched.append(person)
        }
        return Self.page(matched, page)
    }

    /// The account's prospects whose LinkedIn field names one of `urls`, by `profileKey`.
    public func prospects(withLinkedIn urls: [String], in account: AccountID) async throws -> [String: ProspectID] {
        let wanted = Set(urls.map(Self.profileKey).filter { !$0.isEmpty })
        guard !wanted.isEmpty else { return [:] }
        let catalog = FieldCatalog(try await fields.fields(in: account))
        var found: [String: ProspectID] = [:]
        try await scan(account, where: Self.linkedInConditions(wanted, catalog), catalog: catalog) { person in
            let key = Self.profileKey(person.linkedIn)
            if wanted.contains(key), found[key] == nil { found[key] = person.prospect.id }
        }
        return found
    }

    /// What a filter reads, as conditions for storage; `exact` when they decide the filter
    /// alone. Company domains are normalised in Swift (scheme, "www.", path), so a condition on
    /// the raw Company Domain field or the email's domain only narrows: it holds whenever the
    /// filter's includes do, and excludes are left to Swift.
    static func conditions(_ name: String, _ filter: TextFilter, _ catalog: FieldCatalog) -> (conditions: [ProspectCondition], exact: Bool) {
        let field = catalog.searchText
        let industry = catalog.industryText
        let location = ProspectCondition.Text.joined([catalog.field(.city)?.id, catalog.field(.state)?.id, catalog.field(.country)?.id])
        let domain: [ProspectCondition.Text] = [field(.companyDomain), .emailDomain]
        let (texts, exact): ([ProspectCondition.Text], Bool) =
            switch name {
            case "full_name": ([.fullName], true)
            case "job_title": ([field(.jobTitle)], true)
            case "department": ([field(.department)], true)
            case "company_name": ([field(.company)], true)
            case "company_industry": ([industry], true)
            case "location": ([location], true)
            case "website": ([field(.companyWebsite)], true)
            case "company_domain": (domain, false)
            case "keywords": ([.fullName, field(.jobTitle), field(.department), field(.company), industry, location, .email] + domain, false)
            default: ([], false)
            }
        guard !texts.isEmpty else { return ([], false) }
        var conditions: [ProspectCondition] = []
        let comparison: ProspectCondition.Comparison = filter.exactMatch && exact ? .equals : .contains
        if !filter.includes.isEmpty {
            conditions.append(ProspectCondition(texts: texts, needles: filter.includes, comparison: comparison))
        }
        if exact, !filter.excludes.isEmpty {
            conditions.append(ProspectCondition(texts: texts, needles: filter.excludes, comparison: comparison, negated: true))
        }
        return (conditions, exact || (filter.includes.isEmpty && filter.excludes.isEmpty))
    }

    /// Narrows to prospects whose LinkedIn field holds one of the profiles (a profile key is
    /// part of the lower-cased URL); past a few hundred profiles the statement would grow too
    /// long, and Swift checks every prospect instead.
    static func linkedInConditions(_ keys: Set<String>, _ catalog: FieldCatalog) -> [ProspectCondition] {
        guard keys.count <= 500 else { return [] }
        return [ProspectCondition(texts: [.field(catalog.field(.linkedIn)?.id)], needles: keys.sorted(), comparison: .contains)]
    }

    /// A company as its prospects describe it: the values the most of them give.
    public struct Company: Sendable, Equatable {
        public let name: String
        public let domain: String
        public let website: String
        public let industry: String
        public let linkedIn: String
        public let prospectCount: Int
    }

    /// The companies the account's prospects work at (one per company domain, or per name when
    /// no domain is known) that match every filter, largest first. The database groups the
    /// prospects by what they say of their company; Swift normalises domains and merges.
    public func companies(in account: AccountID, text: [String: TextFilter], page: Int) async throws -> Page<Company> {
        let catalog = FieldCatalog(try await fields.fields(in: account))
        let field = catalog.searchText
        let texts: [ProspectCondition.Text] = [
            field(.company), field(.companyDomain), .emailDomain, field(.companyWebsite),
            catalog.industryText, field(.companyLinkedIn),
        ]
        var groups: [String: [(values: [String], count: Int)]] = [:]
        for combination in try await prospects.combinations(of: texts, in: account) {
            let values = combination.values
            let domain = Person.companyDomain(field: values[1], emailDomain: values[2])
            let key = domain.isEmpty ? values[0].lowercased() : domain
            guard !key.isEmpty else { continue }
            groups[key, default: []].append(([values[0], domain, values[3], values[4], values[5]], combination.count))
        }
        let companies = groups.values.map { rows -> Company in
            func common(_ index: Int) -> String {
                var counts: [String: Int] = [:]
                for row in rows where !row.values[index].isEmpty { counts[row.values[index], default: 0] += row.count }
                return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
            }
            return Company(
                name: common(0), domain: common(1), website: common(2), industry: common(3), linkedIn: common(4),
                prospectCount: rows.reduce(0) { $0 + $1.count })
        }
        let matched = companies.filter { company in
            text.allSatisfy { name, filter in
                let values: [String] =
                    switch name {
                    case "company_name": [company.name]
                    case "company_domain": [company.domain]
                    case "company_industry": [company.industry]
                    case "website": [company.website]
                    case "linkedin_url": [company.linkedIn]
                    default: [company.name, company.domain, company.industry, company.website]
                    }
                return filter.matches(values)
            }
        }.sorted { ($1.prospectCount, $0.name.lowercased(), $0.domain) < ($0.prospectCount, $1.name.lowercased(), $1.domain) }
        return Self.page(matched, page)
    }

    /// Refuses, by name, filters that search cannot answer from the account's data; also
    /// `shouldSearchPast`, since Reach keeps no past jobs.
    public static func checkFilters(_ names: [String], supported: [(name: String, fields: String)], pastAsked: Bool) throws {
        let known = Set(supported.map(\.name) + ["page", "limitPerCompany"])
        let refused = names.filter { !known.contains($0) }.sorted()
        if !refused.isEmpty {
            throw ReachError.invalidInput(
                "Reach searches the account's own prospects, which hold no data for \(refused.joined(separator: ", ")) (Lead Finder's); "
                    + "the filters it answers are \(supported.map(\.name).joined(separator: ", "))",
                field: refused[0], code: 1001)
        }
        if pastAsked {
            throw ReachError.invalidInput("shouldSearchPast: Reach keeps no past jobs or companies of a prospect", field: "shouldSearchPast", code: 1001)
        }
    }

    /// Every prospect meeting the conditions, in pages, as search sees it.
    func scan(_ account: AccountID, where conditions: [ProspectCondition], catalog: FieldCatalog, _ visit: (Person) -> Void) async throws {
        var after: ProspectID?
        while true {
            let batch = try await prospects.prospects(in: account, where: conditions, after: after, limit: Self.scanBatch)
            for prospect in batch { visit(Person(prospect, catalog: catalog)) }
            guard batch.count == Self.scanBatch, let last = batch.last else { return }
            after = last.id
        }
    }

    static func page<Item>(_ items: [Item], _ page: Int) -> Page<Item> {
        let start = min(items.count, (max(page, 1) - 1) * pageSize)
        return Page(items: Array(items[start..<min(items.count, start + pageSize)]), total: items.count, page: max(page, 1))
    }

    /// A LinkedIn profile URL reduced to what identifies it: host and path, lower-cased, no trailing slash.
    public static func profileKey(_ url: String) -> String {
        var text = url.trimmed.lowercased()
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        for prefix in ["www.", "m."] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        text = String(text.prefix { $0 != "?" && $0 != "#" })
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

extension FieldCatalog {
    /// A system field's value, as search reads it.
    func searchText(_ system: SystemField) -> ProspectCondition.Text { .field(field(system)?.id) }

    /// A company's industry: Company Industry, else Industry (as `Person.companyIndustry`).
    var industryText: ProspectCondition.Text { .firstOf([field(.companyIndustry)?.id, field(.industry)?.id]) }
}
