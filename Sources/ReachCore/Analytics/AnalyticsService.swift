import Foundation

/// Saleshandy's reports (§11), counted from the event store.
public struct AnalyticsService: Sendable {
    let store: any AnalyticsStore
    let sequences: any SequenceStore
    let clients: any ClientStore
    let mailboxes: any EmailAccountStore
    let accounts: any AccountStore
    let prospects: any ProspectStore
    let fields: any FieldStore
    let codec: PublicIDCodec
    let clock: any WallClock

    /// The consolidated report's page sizes and date bounds, as Saleshandy documents them.
    public static let pageLimits = 10...500
    public static let exportLimit = 100_000

    public init(
        store: any AnalyticsStore, sequences: any SequenceStore, clients: any ClientStore, mailboxes: any EmailAccountStore, accounts: any AccountStore,
        prospects: any ProspectStore, fields: any FieldStore, codec: PublicIDCodec, clock: any WallClock
    ) {
        self.store = store
        self.sequences = sequences
        self.clients = clients
        self.mailboxes = mailboxes
        self.accounts = accounts
        self.prospects = prospects
        self.fields = fields
        self.codec = codec
        self.clock = clock
    }

    public func sequenceStats(_ id: SequenceID, in account: AccountID) async throws -> SequenceStats {
        guard let sequence = try await sequences.sequence(id, in: account) else {
            throw ReachError.invalidInput("Sequence not found", field: "sequenceId", code: 4000)
        }
        let counts = try await store.sequenceCounts(id)
        let steps = try await sequences.steps(of: id).filter { $0.channel == .email }
        var stepStats: [StepStats] = []
        var total = EmailCounts()
        for step in steps {
            let rows = counts.emails.filter { $0.stepID == step.id }
            let variants = step.variants.map { variant in
                VariantStats(
                    variantID: variant.id, letterIndex: variant.letterIndex,
                    emails: rows.filter { $0.variantID == variant.id }.map(\.emails).reduce(EmailCounts(), +))
            }
            // Emails of a variant since deleted still count for their step.
            let stepTotal = rows.map(\.emails).reduce(EmailCounts(), +)
            total = total + stepTotal
            stepStats.append(StepStats(stepID: step.id, stepNumber: step.number, emails: stepTotal, variants: variants))
        }
        // A step since deleted still counts for the sequence.
        total = total + counts.emails.filter { row in !steps.contains { $0.id == row.stepID } }.map(\.emails).reduce(EmailCounts(), +)
        total.scheduled = counts.scheduled
        let client = try await sequence.clientID.asyncMap { try await clients.client($0, in: account) } ?? nil
        return SequenceStats(sequence: sequence, client: client, prospects: counts.prospects.withCategoryKeys(), emails: total, steps: stepStats)
    }

    /// A page of sent emails with their engagement, for `sequences` between two days (inclusive).
    public func sentEmails(in account: AccountID, sequences ids: [SequenceID], undecodable: Int, startDate: String, endDate: String, page: Int, pageLimit: Int)
        async throws -> Page<SentEmailReport>
    {
        guard undecodable == 0 else { throw ReachError.invalidInput("sequenceIds: a sequence was not found", field: "sequenceIds", code: 1001) }
        guard Self.pageLimits.contains(pageLimit) else {
            throw ReachError.invalidInput("pageLimit must be between 10 and 500", field: "pageLimit", code: 1001)
        }
        let (from, to) = try period(startDate, endDate)
        let request = PageRequest(number: page, size: pageLimit, defaultSize: pageLimit, maximumSize: Self.pageLimits.upperBound)
        let report = try await store.sentEmails(in: account, sequences: ids, from: from, to: to, page: request)
        return Page(items: try await named(report.items, in: account), totalItems: report.totalItems, request: report.request)
    }

    /// Every sent email of the period as CSV (Saleshandy's export), up to `exportLimit` rows.
    public func sentEmailsExport(in account: AccountID, sequences ids: [SequenceID], undecodable: Int, startDate: String, endDate: String) async throws
        -> String
    {
        guard undecodable == 0 else { throw ReachError.invalidInput("sequenceIds: a sequence was not found", field: "sequenceIds", code: 1001) }
        let (from, to) = try period(startDate, endDate)
        let request = PageRequest(number: 1, size: Self.exportLimit, defaultSize: Self.exportLimit, maximumSize: Self.exportLimit)
        let rows = try await named(try await store.sentEmails(in: account, sequences: ids, from: from, to: to, page: request).items, in: account)
        return SentEmailReport.csv(rows, codec: codec)
    }

    public func mailboxStats(_ id: EmailAccountID, in account: AccountID) async throws -> MailboxStats {
        guard let mailbox = try await mailboxes.emailAccount(id, in: account) else {
            throw ReachError.invalidInput("Email account not found", field: "emailId", code: 4000)
        }
        let owner = try await accounts.users(in: account).first { $0.id == mailbox.userID }
        let client = try await mailbox.clientID.asyncMap { try await clients.client($0, in: account) } ?? nil
        var stats = MailboxStats(mailbox: mailbox, owner: owner.map { "\($0.firstName) \($0.lastName)".trimmingWhitespace() } ?? "", client: client)
        let counts = try await store.mailboxCounts(id)
        stats.sequenceCount = counts.sequences
        stats.prospects = counts.prospects.withCategoryKeys()
        stats.emails = counts.emails
        return stats
    }

    public enum TeamCount: String, Sendable { case relative, absolute }
    public enum TeamType: String, Sendable { case prospect, email }

    public func teamStats(
        in account: AccountID, users: [UserID], startDate: String, endDate: String, countBy: TeamCount, type: TeamType
    ) async throws -> [UserStats] {
        guard let from = Self.instant(startDate) else { throw ReachError.invalidInput("startDate must be an ISO 8601 date", field: "startDate", code: 1001) }
        // A bare day as the end includes that day, as in the per-email report.
        guard let to = Self.day(endDate)?.addingTimeInterval(86_400) ?? Self.instant(endDate) else {
            throw ReachError.invalidInput("endDate must be an ISO 8601 date", field: "endDate", code: 1001)
        }
        guard from <= to else { throw ReachError.invalidInput("endDate must not be before startDate", field: "endDate", code: 1001) }
        return try await store.userCounts(
            in: account, users: users, from: from, to: to, onlyProspectsAddedInPeriod: countBy == .relative, distinctProspects: type == .prospect
        ).map { user in
            var keyed = user
            keyed.outcomes = [:]
            for (outcome, number) in user.outcomes { keyed.outcomes[UniboxCategory.key(of: outcome), default: 0] += number }
            return keyed
        }
    }

    /// [start of startDate, end of endDate) in UTC, within Saleshandy's bounds: the start at most
    /// two years back, the end at most a year after the start.
    func period(_ startDate: String, _ endDate: String) throws -> (Date, Date) {
        guard let start = Self.day(startDate) else { throw ReachError.invalidInput("startDate must be a date (YYYY-MM-DD)", field: "startDate", code: 1001) }
        guard let end = Self.day(endDate) else { throw ReachError.invalidInput("endDate must be a date (YYYY-MM-DD)", field: "endDate", code: 1001) }
        guard end >= start else { throw ReachError.invalidInput("endDate must not be before startDate", field: "endDate", code: 1001) }
        guard start >= clock.now.addingTimeInterval(-2 * 366 * 86_400) else {
            throw ReachError.invalidInput("startDate must be within the last two years", field: "startDate", code: 1001)
        }
        guard end.timeIntervalSince(start) <= 366 * 86_400 else {
            throw ReachError.invalidInput("endDate must be at most one year after startDate", field: "endDate", code: 1001)
        }
        return (start, end.addingTimeInterval(86_400))
    }

    /// Prospects' names, read once for the page.
    func named(_ rows: [SentEmailReport], in account: AccountID) async throws -> [SentEmailReport] {
        guard !rows.isEmpty else { return rows }
        let catalog = FieldCatalog(try await fields.fields(in: account))
        let found = try await prospects.prospects(Array(Set(rows.map(\.prospectID))), in: account)
        var names: [ProspectID: String] = [:]
        for prospect in found {
            let first = catalog.field(.firstName).flatMap { prospect.values[$0.id] } ?? ""
            let last = catalog.field(.lastName).flatMap { prospect.values[$0.id] } ?? ""
            names[prospect.id] = "\(first) \(last)".trimmingWhitespace()
        }
        return rows.map { row in
            var named = row
            named.recipientName = names[row.prospectID] ?? ""
            return named
        }
    }

    static func day(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        // Refuses 2026-02-31 rather than rolling it into March.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == parts[0] && back.month == parts[1] && back.day == parts[2] ? date : nil
    }

    static func instant(_ text: String) -> Date? {
        if let date = day(text) { return date }
        return (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }
}
