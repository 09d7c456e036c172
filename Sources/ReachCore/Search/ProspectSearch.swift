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
            let emailDomain = EmailAddress(prospect.email).map(\.domain) ?? ""
            let domain = BuiltInEnrichmentProvider.domain(from: value(.companyDomain)) ?? ""
            companyDomain = !domain.isEmpty ? domain : (FreeMailDomains.contains(emailDomain) ? "" : emailDomain)
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
    public func people(
        in account: AccountID, text: [String: TextFilter], linkedInURLs: [String], limitPerCompany: Int?, page: Int
    ) async throws -> Page<Person> {
        let wanted = Set(linkedInURLs.map(Self.profileKey).filter { !$0.isEmpty })
        var perCompany: [String: Int] = [:]
        var matched: [Person] = []
        try await scan(account) { person in
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
        var found: [String: ProspectID] = [:]
        try await scan(account) { person in
            let key = Self.profileKey(person.linkedIn)
            if wanted.contains(key), found[key] == nil { found[key] = person.prospect.id }
        }
        return found
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
    /// no domain is known) that match every filter, largest first.
    public func companies(in account: AccountID, text: [String: TextFilter], page: Int) async throws -> Page<Company> {
        var groups: [String: [Person]] = [:]
        try await scan(account) { person in
            let key = person.companyDomain.isEmpty ? person.companyName.lowercased() : person.companyDomain
            guard !key.isEmpty else { return }
            groups[key, default: []].append(person)
        }
        let companies = groups.values.map { people -> Company in
            func common(_ value: (Person) -> String) -> String {
                let counts = Dictionary(grouping: people.map(value).filter { !$0.isEmpty }, by: { $0 }).mapValues(\.count)
                return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? ""
            }
            return Company(
                name: common(\.companyName), domain: common(\.companyDomain), website: common(\.companyWebsite),
                industry: common(\.companyIndustry), linkedIn: common(\.companyLinkedIn), prospectCount: people.count)
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

    func scan(_ account: AccountID, _ visit: (Person) -> Void) async throws {
        let catalog = FieldCatalog(try await fields.fields(in: account))
        var after: ProspectID?
        while true {
            let batch = try await prospects.prospects(in: account, after: after, limit: Self.scanBatch)
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
