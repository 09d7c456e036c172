import Foundation
import ReachJSON
import ReachTestSupport
import Testing

/// People and company search (§15.2–15.4) over the account's own prospects.
struct SearchAPITests {
    static let people: [[String: JSONValue]] = [
        ["Email": "ann@acme.io", "First Name": "Ann", "Last Name": "Lee", "Job Title": "VP Sales", "Company": "Acme", "City": "Berlin", "Country": "Germany",
         "LinkedIn": "https://www.linkedin.com/in/annlee/", "Company Industry": "Software"],
        ["Email": "bo@acme.io", "First Name": "Bo", "Last Name": "Diaz", "Job Title": "Sales Engineer", "Company": "Acme", "Department": "Sales"],
        ["Email": "cy@acme.io", "First Name": "Cy", "Last Name": "Ng", "Job Title": "Engineer", "Company": "ACME Inc"],
        ["Email": "di@globex.example", "First Name": "Di", "Last Name": "Roe", "Job Title": "Head of Sales", "Company": "Globex", "Industry": "Energy"],
        ["Email": "ed.home@gmail.com", "First Name": "Ed", "Last Name": "Lee", "Job Title": "Founder", "Company": "Initech", "Company Domain": "https://initech.example/"],
    ]

    @Test(arguments: TestBackend.available)
    func findsTheAccountsPeopleAndCompaniesByTheirFields(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let key = try await api.createAccount().key
            var ids: [String: JSONValue] = [:]
            for person in Self.people {
                let created = try await api.send(.post, "/v1/prospects", key: key, ["attributes": .object(person)])
                try #require(created.status == 201, "\(created.text)")
                ids[person["Email"]!.stringValue!] = created.payload["id"]
            }
            // Another account's prospects are never found.
            let other = try await api.createAccount(name: "Other").key
            _ = try await api.send(.post, "/v1/prospects", key: other, ["attributes": ["Email": "zed@acme.io", "Job Title": "VP Sales"]])

            func emails(_ body: JSONValue) async throws -> [String] {
                let found = try await api.send(.post, "/v1/search/people", key: key, body)
                #expect(found.status == 200, "\(found.text)")
                return (found.payload["people"]?.arrayValue ?? []).compactMap { $0["email"]?.stringValue }
            }
            #expect(try await emails(["job_title": ["includes": ["sales"]]]) == ["ann@acme.io", "bo@acme.io", "di@globex.example"])
            #expect(try await emails(["job_title": ["includes": ["sales"], "excludes": ["engineer"]]]) == ["ann@acme.io", "di@globex.example"])
            #expect(try await emails(["job_title": ["includes": ["engineer"], "exactMatch": 1]]) == ["cy@acme.io"])
            // Filters combine: every one must match.
            #expect(try await emails(["job_title": ["includes": ["sales"]], "company_domain": ["includes": ["acme.io"]]]) == ["ann@acme.io", "bo@acme.io"])
            #expect(try await emails(["full_name": ["includes": ["lee"]]]) == ["ann@acme.io", "ed.home@gmail.com"])
            #expect(try await emails(["location": ["includes": ["germany"]]]) == ["ann@acme.io"])
            #expect(try await emails(["company_industry": ["includes": ["energy", "software"]]]) == ["ann@acme.io", "di@globex.example"])
            #expect(try await emails(["department": ["includes": ["sales"]]]) == ["bo@acme.io"])
            #expect(try await emails(["linkedin_url": ["http://linkedin.com/in/AnnLee"]]) == ["ann@acme.io"])
            // A free-mail address names no company; the company domain field does, from a URL too.
            #expect(try await emails(["company_domain": ["includes": ["initech.example"]]]) == ["ed.home@gmail.com"])
            #expect(try await emails(["company_domain": ["includes": ["gmail.com"]]]) == [])
            #expect(try await emails(["keywords": ["includes": ["globex"]]]) == ["di@globex.example"])
            #expect(try await emails(["limitPerCompany": 1, "job_title": ["includes": ["sales"]]]) == ["ann@acme.io", "di@globex.example"])
            #expect(try await emails([:]).count == 5)

            let page = try await api.send(.post, "/v1/search/people", key: key, ["page": 2]).payload
            #expect(page["total"] == 5)
            #expect(page["page"] == 2)
            #expect(page["pageSize"] == 25)
            #expect(page["people"]?.arrayValue?.isEmpty == true)
            let ann = try await api.send(.post, "/v1/search/people", key: key, ["full_name": ["includes": ["ann lee"]]]).payload["people"]?.arrayValue?.first
            #expect(ann?["prospectId"] == ids["ann@acme.io"])
            #expect(ann?["companyDomain"] == "acme.io")
            #expect(ann?["location"] == "Berlin, Germany")

            // Companies: one per domain, described by most of their prospects, largest first.
            let companies = try await api.send(.post, "/v1/search/companies", key: key, [:])
            #expect(companies.status == 200, "\(companies.text)")
            let list = companies.payload["companies"]?.arrayValue ?? []
            #expect(list.map { $0["companyDomain"] } == ["acme.io", "globex.example", "initech.example"])
            #expect(list.first?["companyName"] == "Acme")
            #expect(list.first?["prospectCount"] == 3)
            #expect(list.first?["industry"] == "Software")
            let energy = try await api.send(.post, "/v1/search/companies", key: key, ["company_industry": ["includes": ["energy"]]]).payload
            #expect(energy["companies"]?.arrayValue?.map { $0["companyName"] } == ["Globex"])
            #expect(energy["total"] == 1)

            let filters = try await api.request(.get, "/v1/search/filters", key: key).payload
            #expect(filters["people"]?.arrayValue?.contains { $0["name"] == "job_title" && $0["reads"] == "Job Title" } == true)
            #expect(filters["unsupported"]?["people"]?.arrayValue?.contains("company_size") == true)
        }
    }

    /// Filters the database answers alone (counted and paged in SQL) and those Swift finishes
    /// (company domains, excludes on keywords) must mean the same on both databases, with
    /// letters beyond ASCII in any case and LIKE's wildcards taken literally.
    @Test(arguments: TestBackend.available)
    func answersTheSameWhetherTheDatabaseOrSwiftDecides(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let key = try await api.createAccount().key
            let people: [[String: JSONValue]] = [
                ["Email": "elodie@klinik.example", "First Name": "Élodie", "Last Name": "Öztürk", "Job Title": "LEITENDE ÄRZTIN", "City": "Zürich",
                 "Country": "Switzerland", "Company": "Klinik 100% Gesund"],
                ["Email": "max@klinik.example", "First Name": "Max", "Last Name": "Muster", "Job Title": "Arzt", "City": "Bern", "Country": "Switzerland",
                 "Company": "Klinik Bern"],
                ["Email": "sam@gmail.com", "First Name": "Sam", "Last Name": "Ray", "Job Title": "Founder", "Company Domain": "WWW.Ray.example:443/about"],
            ]
            for person in people {
                let created = try await api.send(.post, "/v1/prospects", key: key, ["attributes": .object(person)])
                try #require(created.status == 201, "\(created.text)")
            }
            func emails(_ body: JSONValue) async throws -> [String] {
                let found = try await api.send(.post, "/v1/search/people", key: key, body)
                #expect(found.status == 200, "\(found.text)")
                let emails = (found.payload["people"]?.arrayValue ?? []).compactMap { $0["email"]?.stringValue }
                #expect(found.payload["total"] == .integer(Int64(emails.count)), "\(found.text)")
                return emails
            }
            #expect(try await emails(["job_title": ["includes": ["ärztin"]]]) == ["elodie@klinik.example"])
            #expect(try await emails(["job_title": ["includes": ["ARZT"]]]) == ["max@klinik.example"])
            #expect(try await emails(["job_title": ["includes": ["leitende ärztin"], "exactMatch": true]]) == ["elodie@klinik.example"])
            #expect(try await emails(["full_name": ["includes": ["ÉLODIE ÖZ"]]]) == ["elodie@klinik.example"])
            #expect(try await emails(["location": ["includes": ["zürich, switzerland"], "exactMatch": 1]]) == ["elodie@klinik.example"])
            #expect(try await emails(["location": ["includes": ["switzerland"], "excludes": ["ZÜRICH"]]]) == ["max@klinik.example"])
            #expect(try await emails(["company_name": ["includes": ["100%"]]]) == ["elodie@klinik.example"])
            #expect(try await emails(["company_name": ["includes": ["100_"]]]) == [])
            // Company domains are normalised in Swift: host only, without "www." or the port.
            #expect(try await emails(["company_domain": ["includes": ["ray.example"], "exactMatch": 1]]) == ["sam@gmail.com"])
            #expect(try await emails(["company_domain": ["includes": ["www"]]]) == [])
            #expect(try await emails(["company_domain": ["excludes": ["klinik.example"]]]) == ["sam@gmail.com"])
            #expect(try await emails(["keywords": ["includes": ["klinik"], "excludes": ["bern"]]]) == ["elodie@klinik.example"])
            #expect(try await emails(["keywords": ["excludes": ["gmail.com"]]]) == ["elodie@klinik.example", "max@klinik.example"])
            #expect(try await emails(["keywords": ["includes": ["switzerland"]], "limitPerCompany": 1]) == ["elodie@klinik.example"])
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesFiltersItCannotAnswerByName(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let key = try await api.createAccount().key
            let refused = try await api.send(
                .post, "/v1/search/people", key: key, ["job_title": ["includes": ["cto"]], "company_size": ["min": "51", "max": "200"], "skills": ["includes": ["go"]]])
            #expect(refused.status == 400)
            #expect(refused.json["code"] == 1001)
            #expect(refused.text.contains("no data for company_size, skills"), "\(refused.text)")
            let past = try await api.send(.post, "/v1/search/people", key: key, ["job_title": ["includes": ["cto"], "shouldSearchPast": 1]])
            #expect(past.status == 400)
            #expect(past.text.contains("no past jobs"), "\(past.text)")
            let funding = try await api.send(.post, "/v1/search/companies", key: key, ["company_funding_amount": ["min": "1"]])
            #expect(funding.status == 400)
            #expect(funding.json["code"] == 1001)
            // null counts as not given, as Saleshandy's own clients send absent filters.
            #expect(try await api.send(.post, "/v1/search/people", key: key, ["company_size": .null]).status == 200)
            let unknown = try await api.send(.post, "/v1/search/people", key: key, ["favourite_colour": ["includes": ["red"]]])
            #expect(unknown.status == 400)
            #expect(unknown.text.contains("favourite_colour"), "\(unknown.text)")
        }
    }
}
