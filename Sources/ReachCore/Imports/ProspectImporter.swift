import Foundation
import Logging

/// Asynchronous prospect imports of up to 100,000 rows: accepting them, and working through
/// them in chunks, each chunk one transaction that also records progress, so that an import
/// survives a restart and resumes where it stopped.
public struct ProspectImporter: Sendable {
    let imports: any ImportStore
    let fields: any FieldStore
    let prospects: any ProspectStore
    let clock: any WallClock
    let signal: any WorkSignal

    public static let maximumRows = 100_000
    /// Rows per transaction. Every commit writes out each index page the chunk touched, and
    /// rows with random emails and names touch most of them, so larger chunks write far less
    /// (5,000 rather than 2,500 took a 100,000-row import from 7.8 to 6.8 s); small enough that
    /// progress shows and other writers wait at most about half a second while an account holds
    /// 100,000 prospects (a second at 1,000,000, where each row costs more).
    static let chunkSize = 5_000
    /// How long a worker holds a job without showing progress before another may take it over.
    public static let lease: TimeInterval = 15
    /// Attempts after which a job that keeps failing is ended as failed.
    static let maximumAttempts = 3

    public init(imports: any ImportStore, fields: any FieldStore, prospects: any ProspectStore, clock: any WallClock, signal: any WorkSignal) {
        self.imports = imports
        self.fields = fields
        self.prospects = prospects
        self.clock = clock
        self.signal = signal
    }

    /// Accepts an import; a worker processes it. More than 100,000 rows is refused (413, 40003).
    public func start(
        in account: AccountID, by user: UserID, rows: [ImportRow], conflictAction: ConflictAction, verifyProspects: Bool,
        tagNames: [String], stepID: Int64? = nil
    ) async throws -> ImportJob {
        guard rows.count <= Self.maximumRows else {
            throw ReachError(
                .payloadTooLarge, code: 40003,
                message: "The maximum prospect limit has been exceeded. You can import up to \(Self.maximumRows) prospects at a time")
        }
        let job = NewImportJob(
            requestedBy: user, conflictAction: conflictAction, verifyProspects: verifyProspects,
            tagNames: ProspectService.cleanTagNames(tagNames), stepID: stepID, totalRows: rows.count)
        let created = try await imports.createJob(job, payload: ImportRowCodec.encode(rows), in: account, at: clock.now)
        signal.notify()
        return created
    }

    public func status(of id: ImportJobID, in account: AccountID) async throws -> ImportJob {
        guard let job = try await imports.job(id, in: account) else { throw Self.notFound }
        return job
    }

    /// The rows that were not imported, in row order.
    public func report(of id: ImportJobID, in account: AccountID) async throws -> (ImportJob, [ImportIssue]) {
        let job = try await status(of: id, in: account)
        return (job, try await imports.issues(of: id))
    }

    public static let notFound = ReachError.invalidInput("Prospect import request not found", field: "requestId", code: 40000)

    /// The report of a job reached through a signed link, which names the job and nothing else.
    public func report(ofSignedLinkTo id: ImportJobID) async throws -> [ImportIssue] {
        try await imports.issues(of: id)
    }

    /// Claims one job and works through it. Returns false when there was nothing to do.
    public func runNextJob(worker: String, logger: Logger) async throws -> Bool {
        guard let (job, attempt) = try await imports.claimJob(worker: worker, leaseUntil: clock.now.addingTimeInterval(Self.lease), now: clock.now) else {
            return false
        }
        var logger = logger
        logger[metadataKey: "import"] = "\(job.id)"
        do {
            try await process(job, worker: worker, logger: logger)
            try await imports.finish(job.id, status: .completed, error: nil, at: clock.now)
            logger.info("import completed")
        } catch is CancellationError {
            // Shutting down: the job keeps its progress and is resumed when its lease runs out.
            throw CancellationError()
        } catch is LeaseLost {
            logger.warning("import taken over by another worker")
        } catch let error as ImportPayloadError {
            logger.error("import rows unreadable: \(error)")
            try await imports.finish(job.id, status: .failed, error: "The import's rows could not be read back", at: clock.now)
        } catch {
            // Left running: its lease runs out and it is taken up again, until it has failed too often.
            logger.error("import attempt \(attempt) failed: \(error)")
            if attempt >= Self.maximumAttempts {
                try await imports.finish(job.id, status: .failed, error: "The import failed \(attempt) times; the last error was logged", at: clock.now)
            }
        }
        return true
    }

    func process(_ job: ImportJob, worker: String, logger: Logger) async throws {
        guard let payload = try await imports.payload(of: job.id) else { throw ImportPayloadError() }
        let rows = try ImportRowCodec.decode(payload)
        let catalog = FieldCatalog(try await fields.fields(in: job.accountID))
        let tags = try await prospects.ensureTags(named: job.tagNames, in: job.accountID, at: clock.now).map(\.id)
        var processed = job.processedRows
        var counts = job.counts
        if processed > 0 { logger.info("import resumed", metadata: ["row": "\(processed + 1)"]) }
        // Reading and checking the next chunk's cells is pure computation: it runs while the
        // database writes the current chunk, so the two cores share the work.
        var nextRead: Task<[ImportPlanner.ReadRow], Never>? = Self.readTask(rows, from: processed, catalog: catalog)
        while let reading = nextRead {
            try Task.checkCancellation()
            let read = await reading.value
            let chunkEnd = processed + read.count
            nextRead = Self.readTask(rows, from: chunkEnd, catalog: catalog)
            let emails = read.compactMap(\.email)
            let emailKeys = Array(Set(emails.map(\.normalized)))
            let now = clock.now
            let leaseUntil = now.addingTimeInterval(Self.lease)
            let totals = counts
            let chunkCounts = try await imports.withProspectWrites(in: job.accountID) { session in
                let existing = try await session.existingProspects(emailKeys: emailKeys)
                // Most accounts' imports meet no list at all; then there is nothing to look up.
                let doNotContact =
                    try await session.hasDoNotContactEntries()
                    ? try await session.doNotContactReasons(for: Array(Set(emails.flatMap(DoNotContactEntry.candidates)))) : [:]
                let plan = ImportPlanner.plan(
                    read, existing: existing, doNotContact: doNotContact, action: job.conflictAction, owner: job.requestedBy, catalog: catalog)
                let enrolling = job.stepID != nil
                let written = try await session.write(plan.writes, at: now, returningIDs: !tags.isEmpty || enrolling || job.verifyProspects)
                if !tags.isEmpty {
                    let kept = plan.keptEmailKeys.compactMap { written[$0] ?? existing[$0]?.id }
                    try await session.assign(tags, to: kept, at: now)
                }
                if job.verifyProspects {
                    // Addresses already judged keep their verdict; new and undecided ones are queued.
                    let undecided = plan.keptEmailKeys.filter { key in
                        existing[key].map { [.unverified, .unknown].contains($0.verificationStatus) } ?? true
                    }
                    try await session.requestVerification(of: undecided.compactMap { written[$0] ?? existing[$0]?.id }, at: now)
                }
                var issues = plan.issues
                if let stepID = job.stepID {
                    issues += try await Self.enrol(
                        plan.keptEmailKeys, read: read, written: written, existing: existing, at: StepID(stepID), session: session, now: now)
                }
                guard
                    try await session.recordProgress(
                        of: job.id, issues: issues, processedRows: chunkEnd, counts: totals + plan.counts, worker: worker,
                        leaseUntil: leaseUntil)
                else { throw LeaseLost() }
                return plan.counts
            }
            processed = chunkEnd
            counts = counts + chunkCounts
        }
    }

    /// Enrols a chunk's kept prospects at the import's step. The rows are imported either way;
    /// those that cannot be enrolled (unsubscribed, already at another step of the sequence, or
    /// the step deleted meanwhile) are listed in the report with the reason.
    static func enrol(
        _ keys: [String], read: [ImportPlanner.ReadRow], written: [String: ProspectID], existing: [String: Prospect], at step: StepID,
        session: any ProspectWriteSession, now: Date
    ) async throws -> [ImportIssue] {
        var rowNumbers: [String: Int] = [:]
        for row in read {
            if let key = row.email?.normalized, rowNumbers[key] == nil { rowNumbers[key] = row.number }
        }
        func issue(_ key: String, _ reason: String) -> ImportIssue {
            ImportIssue(rowNumber: rowNumbers[key] ?? 0, email: key, reason: reason)
        }
        guard let location = try await session.stepLocation(step) else {
            return keys.map { issue($0, "Not enrolled: the sequence step no longer exists") }
        }
        var issues: [ImportIssue] = []
        var keyByID: [ProspectID: String] = [:]
        for key in keys {
            guard let id = written[key] ?? existing[key]?.id else { continue }
            if existing[key]?.unsubscribedAt != nil {
                issues.append(issue(key, EnrolmentService.unsubscribedReason))
            } else {
                keyByID[id] = key
            }
        }
        let result = try await session.enrol(Array(keyByID.keys), at: location, at: now)
        issues += result.inAnotherStep.compactMap { keyByID[$0] }.map { issue($0, EnrolmentResult.inAnotherStepReason) }
        return issues.sorted { $0.rowNumber < $1.rowNumber }
    }

    /// Reads the chunk starting at `start`, in a task of its own; nil past the last row.
    static func readTask(_ rows: [ImportRow], from start: Int, catalog: FieldCatalog) -> Task<[ImportPlanner.ReadRow], Never>? {
        guard start < rows.count else { return nil }
        let chunk = rows[start..<min(start + chunkSize, rows.count)]
        return Task { ImportPlanner.read(chunk, catalog: catalog) }
    }
}

struct LeaseLost: Error {}
