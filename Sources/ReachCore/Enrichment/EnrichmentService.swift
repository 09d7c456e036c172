import Foundation
import Logging
import ReachJSON

/// Enrichment as §15.6–15.11 describe it: a request becomes a job of records, answered at once
/// with its id; a worker asks the provider about each record, saving each outcome as it comes
/// (a restarted server goes on where it stopped), then posts the results to the request's
/// webhook, if it named one. Requests are limited per account by minute, hour and day.
public struct EnrichmentService: Sendable {
    let store: any EnrichmentStore
    let prospects: any ProspectStore
    let fields: any FieldStore
    let search: ProspectSearch
    let provider: any EnrichmentProvider
    let webhooks: any WebhookTransport
    let limits: EnrichmentRateLimits
    let codec: PublicIDCodec
    let signal: (any WorkSignal)?
    let clock: any WallClock

    public static let maximumRecords = 10_000
    static let lease: TimeInterval = 300
    /// Records asked about at once: the built-in provider waits mostly on DNS, websites and mail servers.
    static let concurrentRecords = 4
    /// Records worked before the job lets another take its turn.
    static let slice = 32
    public static let notFound = ReachError.notFound("Enrichment job not found", code: 40000)

    public init(
        store: any EnrichmentStore, prospects: any ProspectStore, fields: any FieldStore, provider: any EnrichmentProvider,
        webhooks: any WebhookTransport, limits: EnrichmentRateLimits, codec: PublicIDCodec, signal: (any WorkSignal)?, clock: any WallClock
    ) {
        self.store = store
        self.prospects = prospects
        self.fields = fields
        search = ProspectSearch(prospects: prospects, fields: fields)
        self.provider = provider
        self.webhooks = webhooks
        self.limits = limits
        self.codec = codec
        self.signal = signal
        self.clock = clock
    }

    public var providerName: String { provider.name }

    // MARK: Requests

    /// §15.6. `records` are the request's inputs in order, lead ids already matched to the account's prospects.
    public func enrichContacts(
        _ records: [(input: EnrichmentInput, prospectID: ProspectID?)], options: ContactOptions, emailTypeGiven: Bool, webhookURL: String?,
        by user: UserID, in account: AccountID
    ) async throws -> EnrichmentJob {
        if options.profileOnly && (emailTypeGiven || options.revealPhone) {
            throw ReachError.invalidInput("profile_only cannot be combined with email_type or reveal_phone", code: 1001)
        }
        for (index, record) in records.enumerated() where record.input.field == "full_name_with_company" {
            guard Self.personQuery(record.input.value, options: options) != nil else {
                throw ReachError.invalidInput(
                    "full_name_with_company[\(index)] needs a name (full_name, or first_name and last_name) and a company (company_name, company_domain or company_website)",
                    field: "full_name_with_company", code: 4000)
            }
        }
        // A LinkedIn profile the account already has a prospect for is enriched from that prospect.
        // The limit is looked at first, so a request it refuses costs no scan of the prospects.
        try await checkRateLimits(at: clock.now) { since in try await store.requests(in: account, since: since) }
        let linkedIn = records.compactMap { $0.input.field == "linkedin_url" ? $0.input.value.stringValue : nil }
        let known = try await search.prospects(withLinkedIn: linkedIn, in: account)
        let matched = records.map { record in
            record.input.field == "linkedin_url"
                ? (record.input, record.input.value.stringValue.flatMap { known[ProspectSearch.profileKey($0)] }) : record
        }
        return try await submit(.contact, matched, options: options, webhookURL: webhookURL, nothingMessage: "Failed to enrich leads: give lead_id, linkedin_url or full_name_with_company", by: user, in: account)
    }

    /// §15.7.
    public func enrichCompanies(_ inputs: [EnrichmentInput], webhookURL: String?, by user: UserID, in account: AccountID) async throws -> EnrichmentJob {
        try await submit(
            .company, inputs.map { ($0, nil) }, options: ContactOptions(), webhookURL: webhookURL,
            nothingMessage: "Failed to enrich companies: give company_domain, company_website, linkedin_url or company_id", by: user, in: account)
    }

    func submit(
        _ kind: EnrichmentKind, _ records: [(input: EnrichmentInput, prospectID: ProspectID?)], options: ContactOptions, webhookURL: String?,
        nothingMessage: String, by user: UserID, in account: AccountID
    ) async throws -> EnrichmentJob {
        guard !records.isEmpty else { throw ReachError.invalidInput(nothingMessage, code: 4000) }
        guard records.count <= Self.maximumRecords else {
            throw ReachError.invalidInput("At most \(Self.maximumRecords) records can be enriched in one request; this one has \(records.count)", code: 4000)
        }
        if let webhookURL {
            guard let url = URLComponents(string: webhookURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
                throw ReachError.invalidInput("webhook_url must be an http or https URL", field: "webhook_url", code: 4000)
            }
        }
        let now = clock.now
        let job = try await store.createJob(
            NewEnrichmentJob(kind: kind, options: options, requestedBy: user, records: records, webhookURL: webhookURL), in: account, at: now
        ) { requestsSince in
            try await self.checkRateLimits(at: now, requestsSince)
        }
        signal?.notify()
        return job
    }

    public func job(_ id: EnrichmentJobID, in account: AccountID) async throws -> EnrichmentJob {
        guard let job = try await store.job(id, in: account) else { throw Self.notFound }
        return job
    }

    /// §15.9: the job with every record (those not worked yet are "pending").
    public func result(of id: EnrichmentJobID, in account: AccountID) async throws -> JSONValue {
        let job = try await job(id, in: account)
        return document(job, records: try await store.records(of: id))
    }

    // MARK: Limits and credits

    /// §15.10: each window's limit, what is left of it and when the oldest request in it leaves it.
    public func rateLimits(in account: AccountID) async throws -> [(window: EnrichmentRateLimits.Window, limit: Int, remaining: Int, resetAt: Date)] {
        try await windows(at: clock.now) { since in try await store.requests(in: account, since: since) }
    }

    func windows(
        at now: Date, _ requestsSince: (Date) async throws -> (count: Int, oldest: Date?)
    ) async throws -> [(window: EnrichmentRateLimits.Window, limit: Int, remaining: Int, resetAt: Date)] {
        var windows: [(EnrichmentRateLimits.Window, Int, Int, Date)] = []
        for window in EnrichmentRateLimits.Window.allCases {
            let (count, oldest) = try await requestsSince(now.addingTimeInterval(-window.seconds))
            let limit = limits.limit(window)
            windows.append((window, limit, max(0, limit - count), (oldest ?? now).addingTimeInterval(window.seconds)))
        }
        return windows
    }

    /// Throws 429 (code 4029) when a window has no request left.
    func checkRateLimits(at now: Date, _ requestsSince: (Date) async throws -> (count: Int, oldest: Date?)) async throws {
        for (window, limit, remaining, resetAt) in try await windows(at: now, requestsSince) where remaining == 0 {
            let seconds = max(1, Int(resetAt.timeIntervalSince(now).rounded(.up)))
            throw ReachError(.rateLimited, code: 4029, message: "Enrichment rate limit reached: \(limit) requests per \(window.rawValue); try again in \(seconds) seconds")
        }
    }

    /// §15.11: what enrichment has cost the account. The built-in provider charges nothing; a
    /// data provider's charges are what it reported per record.
    public func credits(in account: AccountID) async throws -> JSONValue {
        let now = clock.now
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let dayStart = calendar.startOfDay(for: now)
        let monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? dayStart
        return .object([
            "provider": .string(provider.name),
            "isUnlimited": .bool(true),
            "remaining": .null,
            "used": .object([
                "today": .double(try await store.creditsCharged(in: account, since: dayStart)),
                "thisMonth": .double(try await store.creditsCharged(in: account, since: monthStart)),
                "total": .double(try await store.creditsCharged(in: account, since: .distantPast)),
            ]),
        ])
    }

    // MARK: The worker

    /// Works a slice of the next job (jobs take turns, so a big one does not hold up the others),
    /// and completes it when no record is left. Returns whether there was a job.
    public func runNextJob(worker: String, logger: Logger) async throws -> Bool {
        guard let job = try await store.claimNextJob(worker: worker, now: clock.now, leaseUntil: clock.now.addingTimeInterval(Self.lease)) else {
            return false
        }
        let catalog = FieldCatalog(try await fields.fields(in: job.accountID))
        let pending = try await store.pendingRecords(of: job.id, limit: Self.slice)
        if !pending.isEmpty {
            var kept = true
            await withTaskGroup(of: (Int, EnrichmentOutcome).self) { group in
                var queue = pending.makeIterator()
                for _ in 0..<Self.concurrentRecords {
                    guard let record = queue.next() else { break }
                    group.addTask { (record.position, await self.outcome(of: record, in: job, catalog: catalog)) }
                }
                for await (position, outcome) in group {
                    do {
                        kept = try await store.saveOutcome(
                            outcome, position: position, of: job.id, by: worker, leaseUntil: clock.now.addingTimeInterval(Self.lease)) && kept
                    } catch {
                        logger.error("enrichment job \(job.id) could not save record \(position): \(error)")
                        kept = false
                    }
                    if kept, let record = queue.next() {
                        group.addTask { (record.position, await self.outcome(of: record, in: job, catalog: catalog)) }
                    }
                }
            }
            guard kept else {
                logger.warning("enrichment job \(job.id) was taken over by another worker")
                return true
            }
            if try await !store.pendingRecords(of: job.id, limit: 1).isEmpty {
                try await store.release(job.id, by: worker)
                return true
            }
        }
        guard try await store.complete(job.id, by: worker, at: clock.now) else { return true }
        logger.info("enrichment job \(job.id) (\(job.kind.rawValue)) completed: \(job.totalRecords) records")
        if let url = job.webhookURL, let finished = try await store.job(job.id, in: job.accountID) {
            let body = Array(JSONWriter.string(document(finished, records: try await store.records(of: job.id))).utf8)
            let outcome = await postResults(body, to: url)
            try await store.saveWebhookOutcome(outcome, of: job.id)
        }
        return true
    }

    /// Three tries, a few seconds apart; the outcome is kept on the job for §15.8 to show.
    func postResults(_ body: [UInt8], to url: String) async -> String {
        var last = ""
        for attempt in 0..<3 {
            if attempt > 0 { try? await Task.sleep(for: .seconds(2 * attempt)) }
            let response = await webhooks.post(
                to: url, headers: [WebhookHeader(name: "Content-Type", value: "application/json")], body: body, timeout: .seconds(10))
            if let status = response.statusCode, (200..<300).contains(status) { return "HTTP \(status)" }
            last = response.statusCode.map { "HTTP \($0)" } ?? response.error ?? "no answer"
        }
        return "not delivered: \(last)"
    }

    func outcome(of record: EnrichmentRecord, in job: EnrichmentJob, catalog: FieldCatalog) async -> EnrichmentOutcome {
        switch (job.kind, record.input.field) {
        case (.contact, "lead_id"):
            guard let id = record.prospectID, let prospect = try? await prospects.prospect(id, in: job.accountID) else {
                return .notFound("No prospect with this id in the account")
            }
            return await provider.enrichContact(Self.query(for: prospect, catalog: catalog, options: job.options)).outcome
        case (.contact, "linkedin_url"):
            if let id = record.prospectID, let prospect = try? await prospects.prospect(id, in: job.accountID) {
                return await provider.enrichContact(Self.query(for: prospect, catalog: catalog, options: job.options)).outcome
            }
            return await provider.enrichContact(ContactQuery(linkedinUrl: record.input.value.stringValue, options: job.options)).outcome
        case (.contact, _):
            guard let query = Self.personQuery(record.input.value, options: job.options) else { return .notFound("Neither a name nor a company is given") }
            return await provider.enrichContact(query).outcome
        case (.company, "company_domain"):
            return await provider.enrichCompany(CompanyQuery(domain: record.input.value.stringValue)).outcome
        case (.company, "company_website"):
            return await provider.enrichCompany(CompanyQuery(website: record.input.value.stringValue)).outcome
        case (.company, "company_id"):
            return await provider.enrichCompany(CompanyQuery(companyID: record.input.value.integerValue)).outcome
        case (.company, _):
            return await provider.enrichCompany(CompanyQuery(linkedinUrl: record.input.value.stringValue)).outcome
        }
    }

    static func query(for prospect: Prospect, catalog: FieldCatalog, options: ContactOptions) -> ContactQuery {
        func value(_ field: SystemField) -> String? {
            catalog.field(field).flatMap { prospect.values[$0.id] }.flatMap { $0.trimmed.isEmpty ? nil : $0 }
        }
        return ContactQuery(
            email: prospect.email, firstName: value(.firstName), lastName: value(.lastName), companyName: value(.company),
            companyDomain: value(.companyDomain), companyWebsite: value(.companyWebsite) ?? value(.website), linkedinUrl: value(.linkedIn),
            country: value(.country), options: options)
    }

    /// A `full_name_with_company` object: a name and a company, in snake or camel case.
    static func personQuery(_ value: JSONValue, options: ContactOptions) -> ContactQuery? {
        func text(_ keys: String...) -> String? {
            keys.lazy.compactMap { value[$0]?.stringValue?.trimmed }.first { !$0.isEmpty }
        }
        let query = ContactQuery(
            email: nil, firstName: text("first_name", "firstName"), lastName: text("last_name", "lastName"),
            fullName: text("full_name", "fullName", "name"), companyName: text("company_name", "companyName", "company"),
            companyDomain: text("company_domain", "companyDomain", "domain"), companyWebsite: text("company_website", "companyWebsite", "website"),
            linkedinUrl: text("linkedin_url", "linkedinUrl"), country: text("country"), options: options)
        let named = query.nameParts != nil || query.fullName != nil
        let company = query.companyName != nil || query.companyDomain != nil || query.companyWebsite != nil
        return named && company ? query : nil
    }

    // MARK: The result document

    /// The job and its records as §15.9 answers and the webhook receives them.
    func document(_ job: EnrichmentJob, records: [EnrichmentRecord]) -> JSONValue {
        var payload = statusDocument(job)
        payload["type"] = .string(job.kind.rawValue)
        payload["results"] = .array(records.map(recordDocument))
        return .object(payload)
    }

    /// §15.8's payload.
    public func statusDocument(_ job: EnrichmentJob) -> [String: JSONValue] {
        var payload: [String: JSONValue] = [
            "requestId": .string(codec.encode(job.id)), "status": .string(job.status), "totalRecords": .integer(Int64(job.totalRecords)),
            "processed": .integer(Int64(job.processed)), "succeeded": .integer(Int64(job.succeeded)), "failed": .integer(Int64(job.failed)),
            "creditsCharged": .double(job.creditsCharged),
        ]
        if let webhook = job.webhookOutcome { payload["webhookDelivery"] = .string(webhook) }
        return payload
    }

    func recordDocument(_ record: EnrichmentRecord) -> JSONValue {
        var entry: [String: JSONValue] = ["input": .object([record.input.field: record.input.value])]
        if let prospect = record.prospectID { entry["prospectId"] = .string(codec.encode(prospect)) }
        switch record.outcome {
        case nil:
            entry["status"] = .string("pending")
        case .enriched(let findings, let notes, let credits)?:
            entry["status"] = .string("enriched")
            entry["data"] = .object(Dictionary(findings.map { ($0.field, JSONValue.string($0.value)) }, uniquingKeysWith: { first, _ in first }))
            entry["sources"] = .object(Dictionary(findings.map { ($0.field, JSONValue.string($0.source)) }, uniquingKeysWith: { first, _ in first }))
            entry["notes"] = .array(notes.map(JSONValue.string))
            entry["creditsCharged"] = .double(credits)
        case .notFound(let reason)?:
            entry["status"] = .string("not-found")
            entry["reason"] = .string(reason)
        case .failed(let reason)?:
            entry["status"] = .string("failed")
            entry["reason"] = .string(reason)
        }
        return .object(entry)
    }
}

/// Enrichment requests allowed per account in each window (Saleshandy's are 30, 1,000 and 10,000).
public struct EnrichmentRateLimits: Sendable, Equatable {
    public enum Window: String, Sendable, CaseIterable {
        case minute, hour, day

        var seconds: TimeInterval {
            switch self {
            case .minute: 60
            case .hour: 3600
            case .day: 86_400
            }
        }
    }

    public var perMinute: Int
    public var perHour: Int
    public var perDay: Int

    public init(perMinute: Int = 30, perHour: Int = 1000, perDay: Int = 10_000) {
        self.perMinute = perMinute
        self.perHour = perHour
        self.perDay = perDay
    }

    func limit(_ window: Window) -> Int {
        switch window {
        case .minute: perMinute
        case .hour: perHour
        case .day: perDay
        }
    }
}
