import Foundation

/// Storage of enrichment jobs and their records.
public protocol EnrichmentStore: Sendable {
    /// Creates the job if `admit`, given a count of the account's requests since a time inside the
    /// creating transaction (with other requests of the account waiting), does not throw: so
    /// requests made at once cannot all pass a rate limit that only one of them fits.
    func createJob(
        _ job: NewEnrichmentJob, in account: AccountID, at date: Date,
        admitting admit: @escaping @Sendable (_ requestsSince: @escaping @Sendable (Date) async throws -> (count: Int, oldest: Date?)) async throws -> Void
    ) async throws -> EnrichmentJob
    func job(_ id: EnrichmentJobID, in account: AccountID) async throws -> EnrichmentJob?
    /// Every record of a job, by position.
    func records(of job: EnrichmentJobID) async throws -> [EnrichmentRecord]
    /// Claims the unfinished job worked on least recently (new ones first), skipping those whose
    /// worker still holds the lease.
    func claimNextJob(worker: String, now: Date, leaseUntil: Date) async throws -> EnrichmentJob?
    /// The first records still without an outcome.
    func pendingRecords(of job: EnrichmentJobID, limit: Int) async throws -> [EnrichmentRecord]
    /// Saves a record's outcome, adds it to the job's counters and renews the lease, in one
    /// transaction; false (and nothing saved) when `worker` no longer holds the job.
    func saveOutcome(_ outcome: EnrichmentOutcome, position: Int, of job: EnrichmentJobID, by worker: String, leaseUntil: Date) async throws -> Bool
    /// Lets the job go without completing it, so that other jobs take their turn.
    func release(_ job: EnrichmentJobID, by worker: String) async throws
    /// Marks the job completed, if `worker` still holds it.
    func complete(_ job: EnrichmentJobID, by worker: String, at date: Date) async throws -> Bool
    func saveWebhookOutcome(_ outcome: String, of job: EnrichmentJobID) async throws
    /// How many enrichment requests the account made since `date`, and when the oldest of them was.
    func requests(in account: AccountID, since date: Date) async throws -> (count: Int, oldest: Date?)
    /// Credits the account's jobs were charged since `date`.
    func creditsCharged(in account: AccountID, since date: Date) async throws -> Double
}

public struct NewEnrichmentJob: Sendable, Equatable {
    public let kind: EnrichmentKind
    public let options: ContactOptions
    public let requestedBy: UserID
    /// In request order; a prospect id when the input names one of the account's prospects.
    public let records: [(input: EnrichmentInput, prospectID: ProspectID?)]
    public let webhookURL: String?

    public init(kind: EnrichmentKind, options: ContactOptions, requestedBy: UserID, records: [(input: EnrichmentInput, prospectID: ProspectID?)], webhookURL: String?) {
        self.kind = kind
        self.options = options
        self.requestedBy = requestedBy
        self.records = records
        self.webhookURL = webhookURL
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind && lhs.options == rhs.options && lhs.requestedBy == rhs.requestedBy && lhs.webhookURL == rhs.webhookURL
            && lhs.records.map(\.input) == rhs.records.map(\.input) && lhs.records.map(\.prospectID) == rhs.records.map(\.prospectID)
    }
}
