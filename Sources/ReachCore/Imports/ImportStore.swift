import Foundation

/// Storage of import jobs and of the prospect writes they make.
public protocol ImportStore: Sendable {
    func createJob(_ job: NewImportJob, payload: [UInt8], in account: AccountID, at date: Date) async throws -> ImportJob
    func job(_ id: ImportJobID, in account: AccountID) async throws -> ImportJob?
    /// Takes the oldest job that no live worker holds (queued, or running under an expired lease)
    /// for `worker` until `leaseUntil`, counting the attempt. Nil when there is none.
    func claimJob(worker: String, leaseUntil: Date, now: Date) async throws -> (job: ImportJob, attempt: Int)?
    func payload(of job: ImportJobID) async throws -> [UInt8]?
    /// Ends the job and drops its rows; the report's issues stay.
    func finish(_ job: ImportJobID, status: ImportStatus, error: String?, at date: Date) async throws
    func issues(of job: ImportJobID) async throws -> [ImportIssue]
    /// Runs `body` in one transaction that no other import's writes to the account's prospects
    /// interleave with, so two imports at once still see each other's prospects.
    func withProspectWrites<Result: Sendable>(
        in account: AccountID, _ body: @escaping @Sendable (any ProspectWriteSession) async throws -> Result
    ) async throws -> Result
}

/// The operations of one import chunk, all inside one transaction.
public protocol ProspectWriteSession: Sendable {
    /// The account's prospects with these normalized emails, by normalized email.
    func existingProspects(emailKeys: [String]) async throws -> [String: Prospect]
    /// Whether the account has any Do Not Contact entry or blocked domain at all.
    func hasDoNotContactEntries() async throws -> Bool
    /// Why an address may not be contacted, for each candidate (a normalized email or a domain,
    /// see `DoNotContactEntry.candidates`) that a Do Not Contact list or the blocklist covers.
    func doNotContactReasons(for candidates: [String]) async throws -> [String: String]
    /// Creates or updates the prospects (keyed by normalized email) and, when asked, returns
    /// their ids (asking costs a result row per prospect).
    func write(_ writes: [ProspectWrite], at date: Date, returningIDs: Bool) async throws -> [String: ProspectID]
    func assign(_ tags: [TagID], to prospects: [ProspectID], at date: Date) async throws
    /// Queues the prospects for email verification (the import's `verifyProspects`).
    func requestVerification(of prospects: [ProspectID], at date: Date) async throws
    /// The step the import enrols at, if it still exists in the account.
    func stepLocation(_ step: StepID) async throws -> StepLocation?
    func enrol(_ prospects: [ProspectID], at step: StepLocation, at date: Date) async throws -> EnrolmentResult
    /// Records the chunk's issues and the job's progress, renewing the worker's lease. False when
    /// the lease was lost to another worker: the caller must then abandon the transaction.
    func recordProgress(
        of job: ImportJobID, issues: [ImportIssue], processedRows: Int, counts: ImportCounts, worker: String, leaseUntil: Date
    ) async throws -> Bool
}

/// Tells background workers there is new work, so they need not wait for their next poll.
public protocol WorkSignal: Sendable {
    func notify()
}
