import ReachAPI
import ReachCore
import ReachJSON

/// §15.2–15.4: people and company search over the account's own prospects.
struct SearchRoutes {
    let search: ProspectSearch

    func register(on router: inout APIRouter) {
        router.add(SearchAPI.people) { request in
            let body = request.body?.objectValue ?? [:]
            let (filters, page) = try Self.filters(body, supported: ProspectSearch.peopleFilters)
            let urls = (body["linkedin_url"]?.arrayValue ?? []).compactMap(\.stringValue)
            let found = try await search.people(
                in: request.account, text: filters, linkedInURLs: urls, limitPerCompany: body["limitPerCompany"]?.integerValue.map(Int.init), page: page)
            let people = found.items.map { person -> JSONValue in
                .object([
                    "prospectId": .string(request.encode(person.prospect.id)), "email": .string(person.prospect.email),
                    "fullName": .string(person.fullName), "firstName": .string(person.firstName), "lastName": .string(person.lastName),
                    "jobTitle": .string(person.jobTitle), "department": .string(person.department), "companyName": .string(person.companyName),
                    "companyDomain": .string(person.companyDomain), "companyIndustry": .string(person.companyIndustry),
                    "location": .string(person.location), "linkedinUrl": .string(person.linkedIn),
                ])
            }
            return try request.respond(with: Self.page("people", people, found.page, found.total))
        }
        router.add(SearchAPI.companies) { request in
            let (filters, page) = try Self.filters(request.body?.objectValue ?? [:], supported: ProspectSearch.companyFilters)
            let found = try await search.companies(in: request.account, text: filters, page: page)
            let companies = found.items.map { company -> JSONValue in
                .object([
                    "companyName": .string(company.name), "companyDomain": .string(company.domain), "website": .string(company.website),
                    "industry": .string(company.industry), "linkedinUrl": .string(company.linkedIn),
                    "prospectCount": .integer(Int64(company.prospectCount)),
                ])
            }
            return try request.respond(with: Self.page("companies", companies, found.page, found.total))
        }
        router.add(SearchAPI.filters) { request in
            let list = { (filters: [(name: String, fields: String)]) in
                JSONValue.array(filters.map { .object(["name": .string($0.name), "reads": .string($0.fields)]) })
            }
            return try request.respond(with: JSONValue.object([
                "people": list(ProspectSearch.peopleFilters), "companies": list(ProspectSearch.companyFilters),
                "unsupported": .object([
                    "people": .array(SearchAPI.unsupportedPeopleFilters.map(JSONValue.string)),
                    "companies": .array(SearchAPI.unsupportedCompanyFilters.map(JSONValue.string)),
                ]),
            ]))
        }
    }

    /// The text filters of a body (null members count as absent), checked against what search answers.
    static func filters(_ body: [String: JSONValue], supported: [(name: String, fields: String)]) throws -> ([String: ProspectSearch.TextFilter], Int) {
        let given = body.filter { $0.value != .null }
        let textNames = Set(supported.map(\.name))
        var pastAsked = false
        var filters: [String: ProspectSearch.TextFilter] = [:]
        for (name, value) in given where textNames.contains(name) {
            guard case .object = value else { continue }
            if let past = value["shouldSearchPast"], past == .integer(1) || past == .bool(true) { pastAsked = true }
            let exact = value["exactMatch"] == .integer(1) || value["exactMatch"] == .bool(true)
            filters[name] = ProspectSearch.TextFilter(
                includes: (value["includes"]?.arrayValue ?? []).compactMap(\.stringValue),
                excludes: (value["excludes"]?.arrayValue ?? []).compactMap(\.stringValue), exactMatch: exact)
        }
        try ProspectSearch.checkFilters(Array(given.keys), supported: supported, pastAsked: pastAsked)
        return (filters, Int(given["page"]?.integerValue ?? 1))
    }

    static func page(_ key: String, _ items: [JSONValue], _ page: Int, _ total: Int) -> JSONValue {
        .object([key: .array(items), "page": .integer(Int64(page)), "pageSize": .integer(Int64(ProspectSearch.pageSize)), "total": .integer(Int64(total))])
    }
}
