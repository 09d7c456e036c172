import Foundation
import ReachApp
import ReachCore
import ReachJSON
import ReachTestSupport
import Testing

/// Enrichment through the API (§15.6–15.11) with the built-in provider against real peers: the
/// loopback DNS server and mail exchanger of scripts/mail-peers.sh (people.test has only the
/// mailbox ada.lovelace@, catchall.test takes anything, gsuite.test's MX is Google's) and
/// company websites served on loopback; and with a data service over HTTP.
@Suite(.enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct EnrichmentAPITests {
    /// people.test redirects to www.people.test, whose head names the company; gsuite.test has only a title.
    static let website: TestWebServer.Handler = { asked in
            switch asked.host {
            case "people.test": return .redirect(to: "http://www.\(asked.authority)/")
            case "www.people.test":
                return TestWebServer.Answer(body: """
                    <!doctype html><html lang="en"><head><title>Home | People</title>
                    <meta name="description" content="People &amp; partners build analytical engines.">
                    <meta property="og:site_name" content="People Inc"></head>
                    <body><a href="https://www.linkedin.com/company/people-inc/">Follow us</a></body></html>
                    """)
            case "gsuite.test": return TestWebServer.Answer(body: "<html><head><title>Gsuite Test - Mail for all</title></head></html>")
            case "parked.test": return .redirect(to: "http://www.\(asked.authority.replacingOccurrences(of: "parked.test", with: "people.test"))/")
            default: return TestWebServer.Answer(status: 404, body: "no such site")
            }
    }

    /// A port nothing listens on: HTTPS is tried there first and refused, then HTTP is read.
    static let closedPort = 9

    static func settings(web: Int, limits: EnrichmentRateLimits = EnrichmentRateLimits()) -> EnrichmentSettings {
        EnrichmentSettings(limits: limits, fetchPrivateAddresses: true, httpPort: web, httpsPort: closedPort)
    }

    /// Polls the job until completed, then returns its results.
    func finished(_ api: TestAPI, key: String, _ requestID: String) async throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(180)
        var status = JSONValue.null
        while ContinuousClock.now < deadline {
            status = try await api.request(.get, "/v1/enrich/status/\(requestID)", key: key).payload
            if status["status"] == "completed" { return try await api.request(.get, "/v1/enrich/status/result/\(requestID)", key: key).payload }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestTimeout(what: "enrichment job \(requestID); last status \(JSONWriter.string(status))")
    }

    @Test(arguments: TestBackend.available)
    func enrichesPeopleFromPublicFactsAndSaysWhatItCannotFind(backend: TestBackend) async throws {
        try await TestWebServer.with(Self.website) { site in
            try await TestAPI.with(backend, enrichment: Self.settings(web: site.port)) { api in
                let key = try await api.createAccount().key
                let grace = try await api.send(
                    .post, "/v1/prospects", key: key,
                    ["attributes": ["Email": "grace@people.test", "First Name": "Grace", "Country": "Germany", "LinkedIn": "https://www.linkedin.com/in/grace-p/"]])
                let ada = try await api.send(
                    .post, "/v1/prospects", key: key,
                    ["attributes": ["Email": "ada.home@gmail.com", "First Name": "Ada", "Last Name": "Lovelace", "Company Domain": "people.test"]])
                let (graceID, adaID) = (try #require(grace.payload["id"]), try #require(ada.payload["id"]))

                let started = try await api.send(
                    .post, "/v1/enrich/contact", key: key,
                    [
                        "lead_id": [graceID, adaID, "nosuchprospect"],
                        "full_name_with_company": [["full_name": "Bob Nobody", "company_domain": "catchall.test"]],
                        "linkedin_url": ["https://www.linkedin.com/in/someone", "http://linkedin.com/in/Grace-P"], "reveal_phone": true,
                    ])
                #expect(started.status == 200, "\(started.text)")
                #expect(started.json["message"] == "Enrichment started")
                #expect(started.payload["totalRecords"] == 6)
                #expect(started.payload["status"] == "in-progress")
                let results = try await finished(api, key: key, try #require(started.payload["requestId"]?.stringValue))
                #expect(results["type"] == "contact")
                #expect(results["processed"] == 6)
                #expect(results["succeeded"] == 4, "\(JSONWriter.string(results))")
                #expect(results["failed"] == 2)
                #expect(results["creditsCharged"]?.numberValue == 0)
                let records = results["results"]?.arrayValue ?? []
                try #require(records.count == 6)

                // Order is the request's: lead ids, then LinkedIn profiles, then names.
                let fromWorkEmail = records[0]
                #expect(fromWorkEmail["input"] == ["lead_id": graceID])
                #expect(fromWorkEmail["prospectId"] == graceID)
                #expect(fromWorkEmail["status"] == "enriched")
                let data = fromWorkEmail["data"] ?? .null
                #expect(data["companyDomain"] == "people.test")
                #expect(fromWorkEmail["sources"]?["companyDomain"]?.stringValue?.contains("work email grace@people.test") == true)
                #expect(data["companyName"] == "People Inc")
                #expect(fromWorkEmail["sources"]?["companyName"] == "the website's og:site_name")
                #expect(data["companyDescription"] == "People & partners build analytical engines.")
                #expect(data["companyWebsite"] == .string("http://www.people.test:\(site.port)"))
                #expect(data["companyLinkedinUrl"] == "https://www.linkedin.com/company/people-inc/")
                #expect(data["companyMailExchanger"] == "mx.example.test")
                #expect(data["timeZone"] == "Europe/Berlin")
                #expect(data["email"] == nil, "the known address is not a finding")
                #expect(fromWorkEmail["notes"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("Phone numbers need") == true } == true)

                // A free-mail address names no company; the company domain given does, and the
                // company's mail server accepts one usual pattern while refusing made-up ones.
                let found = records[1]
                #expect(found["status"] == "enriched")
                #expect(found["data"]?["email"] == "ada.lovelace@people.test", "\(JSONWriter.string(found))")
                #expect(found["data"]?["emailStatus"] == "valid")
                #expect(found["sources"]?["email"]?.stringValue?.contains("refuses made-up ones") == true)
                #expect(found["data"]?["companyDomain"] == nil)

                #expect(records[2]["status"] == "not-found")
                #expect(records[2]["reason"] == "No prospect with this id in the account")
                #expect(records[3]["input"] == ["linkedin_url": "https://www.linkedin.com/in/someone"])
                #expect(records[3]["status"] == "not-found")
                #expect(records[3]["reason"]?.stringValue?.contains("LinkedIn") == true)

                // A LinkedIn profile the account has a prospect for is that prospect's enrichment.
                #expect(records[4]["prospectId"] == graceID)
                #expect(records[4]["data"]?["companyName"] == "People Inc")

                // At a catch-all domain no address can be confirmed, and none is offered.
                let catchAll = records[5]
                #expect(catchAll["status"] == "enriched")
                #expect(catchAll["data"]?["email"] == nil)
                #expect(catchAll["data"]?["companyMailExchanger"] == "mx.example.test")
                let notes = catchAll["notes"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(notes.contains { $0.contains("catch-all") }, "\(notes)")
                #expect(notes.contains { $0.hasPrefix("The website of catchall.test could not be read") }, "\(notes)")

                let credits = try await api.request(.get, "/v1/credits", key: key).payload
                #expect(credits["provider"] == "built-in")
                #expect(credits["isUnlimited"] == true)
                #expect(credits["remaining"] == .null)
                #expect(["today", "thisMonth", "total"].map { credits["used"]?[$0]?.numberValue } == [0, 0, 0])
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func enrichesCompaniesAndPostsTheResultsToTheWebhook(backend: TestBackend) async throws {
        try await TestWebServer.with(Self.website) { site in
            try await WebhookReceiver.with { receiver in
                // A parked domain: no MX record, and its site sends visitors to another company's.
                try TestMail.addDNSRecords("parked.test. IN A 127.0.0.1")
                try await TestAPI.with(backend, enrichment: Self.settings(web: site.port)) { api in
                    let key = try await api.createAccount().key
                    let started = try await api.send(
                        .post, "/v1/enrich/company", key: key,
                        [
                            "company_domain": ["gsuite.test", "nosuch.test", "parked.test"], "company_website": ["https://www.people.test/about"],
                            "company_id": [12345], "webhook_url": .string(receiver.url),
                        ])
                    #expect(started.status == 200, "\(started.text)")
                    let requestID = try #require(started.payload["requestId"]?.stringValue)
                    let results = try await finished(api, key: key, requestID)
                    let records = results["results"]?.arrayValue ?? []
                    try #require(records.count == 5)
                    #expect(records[0]["data"]?["mailProvider"] == "Google Workspace", "\(JSONWriter.string(records[0]))")
                    #expect(records[0]["sources"]?["mailProvider"] == "the MX record aspmx.l.google.com")
                    #expect(records[0]["data"]?["companyName"] == "Gsuite Test")
                    #expect(records[0]["sources"]?["companyName"] == "the website's title")
                    #expect(records[1]["status"] == "not-found")
                    #expect(records[1]["reason"] == "The domain nosuch.test does not exist")
                    let parked = records[2]
                    #expect(parked["data"] == ["mailExchanger": "parked.test"], "\(JSONWriter.string(parked))")
                    #expect(parked["sources"]?["mailExchanger"] == "no MX record: the domain's own address takes its mail")
                    #expect(parked["notes"]?.arrayValue?.first?.stringValue?.hasPrefix("The website of parked.test redirects to www.people.test") == true)
                    #expect(records[3]["data"]?["companyDomain"] == "people.test")
                    #expect(records[3]["data"]?["companyName"] == "People Inc")
                    #expect(records[4]["status"] == "not-found")
                    #expect(records[4]["reason"]?.stringValue?.contains("Lead Finder") == true)

                    let posted = try await receiver.waitFor(1, timeout: .seconds(60))
                    let body = try JSONParser.parse(posted[0].body)
                    #expect(body["requestId"] == .string(requestID))
                    #expect(body["status"] == "completed")
                    #expect(body["results"]?.arrayValue?.count == 5)
                    #expect(posted[0].headers["content-type"] == "application/json")
                    let deadline = ContinuousClock.now + .seconds(30)
                    var delivery = JSONValue.null
                    while delivery == .null, ContinuousClock.now < deadline {
                        delivery = try await api.request(.get, "/v1/enrich/status/\(requestID)", key: key).payload["webhookDelivery"] ?? .null
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    #expect(delivery == "HTTP 200")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesBadRequestsInTheEnvelopeAndLimitsRequestsPerWindow(backend: TestBackend) async throws {
        try await TestAPI.with(backend, enrichment: EnrichmentSettings(limits: EnrichmentRateLimits(perMinute: 2, perHour: 3, perDay: 10))) { api in
            let key = try await api.createAccount().key
            let refusals: [(JSONValue, Int, String)] = [
                ([:], 4000, "give lead_id, linkedin_url or full_name_with_company"),
                (["lead_id": ["x"], "profile_only": true, "reveal_phone": true], 1001, "profile_only cannot be combined"),
                (["lead_id": ["x"], "profile_only": true, "email_type": "work_email"], 1001, "profile_only cannot be combined"),
                (["full_name_with_company": [["full_name": "Only A Name"]]], 4000, "full_name_with_company[0] needs"),
                (["lead_id": ["x"], "webhook_url": "ftp://files.example"], 4000, "webhook_url must be an http or https URL"),
                (["lead_id": "x"], 4000, "lead_id"),
                (["lead_id": ["x"], "email_type": "home"], 4000, "email_type"),
            ]
            for (body, code, words) in refusals {
                let refused = try await api.send(.post, "/v1/enrich/contact", key: key, body)
                #expect(refused.status == 400, "\(JSONWriter.string(body)): \(refused.text)")
                #expect(refused.json["code"] == .integer(Int64(code)), "\(refused.text)")
                #expect(refused.json["error"] == true)
                #expect(refused.text.contains(words), "\(refused.text)")
            }
            let noCompany = try await api.send(.post, "/v1/enrich/company", key: key, ["webhook_url": "https://hooks.example/x"])
            #expect(noCompany.status == 400)
            #expect(noCompany.text.contains("Failed to enrich companies"), "\(noCompany.text)")
            for path in ["/v1/enrich/status/nosuchjob", "/v1/enrich/status/result/nosuchjob"] {
                let missing = try await api.request(.get, path, key: key)
                #expect(missing.status == 404)
                #expect(missing.json["code"] == 40000)
            }

            // Refused requests cost nothing; two are allowed in a minute, the third waits.
            let fresh = try await api.request(.get, "/v1/enrich/rate-limits", key: key)
            #expect(fresh.json["message"] == "Enrichment rate limit status fetched successfully")
            #expect(fresh.payload["perMinute"]?["limit"] == 2)
            #expect(fresh.payload["perMinute"]?["remaining"] == 2)
            #expect(fresh.payload["perDay"]?["remaining"] == 10)
            let first = try await api.send(.post, "/v1/enrich/company", key: key, ["company_id": [1]])
            #expect(first.status == 200, "\(first.text)")
            api.clock.advance(by: 10)
            #expect(try await api.send(.post, "/v1/enrich/company", key: key, ["company_id": [2]]).status == 200)
            let limits = try await api.request(.get, "/v1/enrich/rate-limits", key: key).payload
            #expect(limits["perMinute"]?["remaining"] == 0)
            #expect(limits["perHour"]?["remaining"] == 1)
            // The minute's window frees up when its oldest request leaves it.
            let firstAt = Int64(api.clock.now.timeIntervalSince1970) - 10
            #expect(limits["perMinute"]?["resetAt"]?.integerValue.map { abs($0 - (firstAt + 60)) <= 1 } == true, "\(JSONWriter.string(limits))")
            let third = try await api.send(.post, "/v1/enrich/company", key: key, ["company_id": [3]])
            #expect(third.status == 429, "\(third.text)")
            #expect(third.json["code"] == 4029)
            #expect(third.text.contains("2 requests per minute"), "\(third.text)")
            api.clock.advance(by: 55)
            #expect(try await api.send(.post, "/v1/enrich/company", key: key, ["company_id": [4]]).status == 200)
            api.clock.advance(by: 60)
            let hourly = try await api.send(.post, "/v1/enrich/company", key: key, ["company_id": [5]])
            #expect(hourly.status == 429)
            #expect(hourly.text.contains("3 requests per hour"), "\(hourly.text)")
            // Another account has its own allowance.
            let other = try await api.createAccount(name: "Other").key
            #expect(try await api.send(.post, "/v1/enrich/company", key: other, ["company_id": [6]]).status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func aDataProviderOverHTTPAnswersWithItsOwnSourcesAndCharges(backend: TestBackend) async throws {
        let provider: TestWebServer.Handler = { asked in
            guard asked.headers["authorization"] == "Bearer provider-key" else { return .json(#"{"error":"unauthorized"}"#, status: 401) }
            guard let request = try? JSONParser.parse(asked.body) else { return .json("{}", status: 400) }
            switch (request["kind"]?.stringValue, request["query"]?["fullName"]?.stringValue) {
            case ("contact", "Grace Hopper"?):
                return .json(#"{"found": true, "data": {"email": "grace@navy.example", "phone": "+1 555 0100", "seniority": null}, "sources": {"phone": "registry"}, "notes": ["mobile unknown"], "credits": 1.5}"#)
            case ("contact", _): return .json(#"{"found": false, "reason": "no such person"}"#)
            default: return .json(#"{"message": "down"}"#, status: 502)
            }
        }
        try await TestWebServer.with(provider) { service in
            let settings = EnrichmentSettings(providerURL: "http://127.0.0.1:\(service.port)/", providerKey: "provider-key")
            try await TestAPI.with(backend, enrichment: settings) { api in
                let key = try await api.createAccount().key
                let people = try await api.send(
                    .post, "/v1/enrich/contact", key: key,
                    ["full_name_with_company": [["full_name": "Grace Hopper", "company_name": "Navy"], ["fullName": "Nobody Known", "companyName": "Nowhere"]]])
                #expect(people.status == 200, "\(people.text)")
                let results = try await finished(api, key: key, try #require(people.payload["requestId"]?.stringValue))
                let records = results["results"]?.arrayValue ?? []
                try #require(records.count == 2)
                #expect(records[0]["data"] == ["email": "grace@navy.example", "phone": "+1 555 0100"], "\(JSONWriter.string(records[0]))")
                #expect(records[0]["sources"] == ["email": "the data provider at 127.0.0.1", "phone": "registry"])
                #expect(records[0]["notes"] == ["mobile unknown"])
                #expect(records[0]["creditsCharged"]?.numberValue == 1.5)
                #expect(records[1]["status"] == "not-found")
                #expect(records[1]["reason"] == "no such person")
                #expect(results["creditsCharged"]?.numberValue == 1.5)
                // What was sent: what is known, and the options.
                let sent = try JSONParser.parse(try #require(service.asked.first { $0.body.contains("Grace Hopper") }).body)
                #expect(sent["query"]?["companyName"] == "Navy")
                #expect(sent["query"]?["options"]?["emailType"] == "work_email")

                let companies = try await api.send(.post, "/v1/enrich/company", key: key, ["company_domain": ["acme.example"]])
                let failed = try await finished(api, key: key, try #require(companies.payload["requestId"]?.stringValue))
                #expect(failed["results"]?.arrayValue?.first?["status"] == "failed")
                #expect(failed["results"]?.arrayValue?.first?["reason"] == "the data provider at 127.0.0.1 answered HTTP 502")

                let credits = try await api.request(.get, "/v1/credits", key: key).payload
                #expect(credits["provider"] == "127.0.0.1")
                #expect(credits["used"]?["total"]?.numberValue == 1.5)
            }
        }
    }
}
