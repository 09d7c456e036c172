import Foundation
import ReachCore
import SQLKit

public struct SQLImportStore: ImportStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    static let columns = """
        id, account_id, requested_by, conflict_action, verify_prospects, tag_names, step_id, status, total_rows, processed_rows,
        created_count, updated_count, unchanged_count, skipped_count, error, created_at, finished_at
        """

    public func createJob(_ job: NewImportJob, payload: [UInt8], in account: AccountID, at date: Date) async throws -> ImportJob {
        let id = try await database.write { db in
            let id = try await db.insert(into: "import_jobs")
                .columns(
                    "account_id", "requested_by", "conflict_action", "verify_prospects", "tag_names", "step_id", "status", "total_rows",
                    "processed_rows", "created_count", "updated_count", "unchanged_count", "skipped_count", "attempts", "created_at"
                )
                .values(
                    SQLBind(account.rawValue), SQLBind(job.requestedBy.rawValue), SQLBind(job.conflictAction.rawValue), SQLBind(job.verifyProspects),
                    SQLBind(SQLBatch.jsonArray(job.tagNames)), job.stepID.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null,
                    SQLBind(ImportStatus.queued.rawValue), SQLBind(job.totalRows), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0),
                    SQLBind(0), SQLBind(date)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await db.insert(into: "import_payloads").columns("job_id", "rows").values(SQLBind(id), SQLBind(Data(payload))).run()
            return id
        }
        return try await self.job(ImportJobID(id), in: account)!
    }

    public func job(_ id: ImportJobID, in account: AccountID) async throws -> ImportJob? {
        try await database.read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM import_jobs WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)"
            ).first().map(Self.job)
        }
    }

    public func claimJob(worker: String, leaseUntil: Date, now: Date) async throws -> (job: ImportJob, attempt: Int)? {
        try await database.write { db in
            // PostgreSQL: several workers may claim at once, each skips what another has locked.
            // SQLite: one writer, so the plain select is already exclusive.
            let skipLocked: SQLQueryString = db.isPostgreSQL ? "FOR UPDATE SKIP LOCKED" : ""
            guard
                let row = try await db.raw(
                    """
                    SELECT id, attempts FROM import_jobs
                    WHERE status IN ('queued', 'running') AND (lease_expires_at IS NULL OR lease_expires_at < \(bind: now))
                    ORDER BY id LIMIT 1 \(skipLocked)
                    """
                ).first()
            else { return nil }
            let id = try row.decode(column: "id", as: Int64.self)
            let attempt = try row.decode(column: "attempts", as: Int.self) + 1
            try await db.update("import_jobs")
                .set("status", to: SQLBind(ImportStatus.running.rawValue)).set("lease_owner", to: SQLBind(worker))
                .set("lease_expires_at", to: SQLBind(leaseUntil)).set("attempts", to: SQLBind(attempt))
                .where("id", .equal, id).run()
            let job = try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM import_jobs WHERE id = \(bind: id)").first().map(Self.job)!
            return (job, attempt)
        }
    }

    public func payload(of job: ImportJobID) async throws -> [UInt8]? {
        try await database.read { db in
            try await db.raw("SELECT rows FROM import_payloads WHERE job_id = \(bind: job.rawValue)").first(decodingColumn: "rows", as: Data.self)
                .map { [UInt8]($0) }
        }
    }

    public func finish(_ job: ImportJobID, status: ImportStatus, error: String?, at date: Date) async throws {
        try await database.write { db in
            try await db.update("import_jobs")
                .set("status", to: SQLBind(status.rawValue)).set("error", to: error.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("finished_at", to: SQLBind(date)).set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
                .where("id", .equal, job.rawValue).run()
            try await db.delete(from: "import_payloads").where("job_id", .equal, job.rawValue).run()
        }
    }

    public func issues(of job: ImportJobID) async throws -> [ImportIssue] {
        try await database.read { db in
            try await db.raw("SELECT row_number, email, reason FROM import_issues WHERE job_id = \(bind: job.rawValue) ORDER BY row_number").all()
                .map { row in
                    ImportIssue(
                        rowNumber: try row.decode(column: "row_number", as: Int.self), email: try row.decode(column: "email", as: String.self),
                        reason: try row.decode(column: "reason", as: String.self))
                }
        }
    }

    public func withProspectWrites<Result: Sendable>(
        in account: AccountID, _ body: @escaping @Sendable (any ProspectWriteSession) async throws -> Result
    ) async throws -> Result {
        try await database.write { db in
            try await ProspectRows.lockWrites(in: account, db)
            return try await body(SQLProspectWriteSession(db: db, account: account))
        }
    }

    static func job(_ row: any SQLRow) throws -> ImportJob {
        guard let action = ConflictAction(rawValue: try row.decode(column: "conflict_action", as: String.self)),
            let status = ImportStatus(rawValue: try row.decode(column: "status", as: String.self))
        else { throw ReachError.internalFailure }
        return ImportJob(
            id: ImportJobID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            requestedBy: UserID(try row.decode(column: "requested_by", as: Int64.self)),
            conflictAction: action,
            verifyProspects: try row.decode(column: "verify_prospects", as: Bool.self),
            tagNames: SQLBatch.stringArray(fromJSON: try row.decode(column: "tag_names", as: String.self)),
            stepID: try row.decode(column: "step_id", as: Int64?.self),
            status: status,
            totalRows: try row.decode(column: "total_rows", as: Int.self),
            processedRows: try row.decode(column: "processed_rows", as: Int.self),
            counts: ImportCounts(
                created: try row.decode(column: "created_count", as: Int.self), updated: try row.decode(column: "updated_count", as: Int.self),
                unchanged: try row.decode(column: "unchanged_count", as: Int.self), skipped: try row.decode(column: "skipped_count", as: Int.self)),
            error: try row.decode(column: "error", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            finishedAt: try row.decode(column: "finished_at", as: Date?.self))
    }
}

/// One import chunk's operations on the transaction's connection.
struct SQLProspectWriteSession: ProspectWriteSession {
    let db: any SQLDatabase
    let account: AccountID

    func existingProspects(emailKeys: [String]) async throws -> [String: Prospect] {
        let found = try await ProspectRows.byEmailKeys(emailKeys, in: account, db)
        return Dictionary(found.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    func hasDoNotContactEntries() async throws -> Bool {
        try await db.raw(
            """
            SELECT (EXISTS (SELECT 1 FROM dnc_items WHERE account_id = \(bind: account.rawValue))
                 OR EXISTS (SELECT 1 FROM blocked_domains WHERE account_id = \(bind: account.rawValue))) AS any_entry
            """
        ).first(decodingColumn: "any_entry", as: Bool.self) ?? false
    }

    func doNotContactReasons(for candidates: [String]) async throws -> [String: String] {
        try await ProspectRows.doNotContactReasons(for: candidates, in: account, db)
    }

    func write(_ writes: [ProspectWrite], at date: Date, returningIDs: Bool) async throws -> [String: ProspectID] {
        try await ProspectRows.upsert(writes, in: account, at: date, returningIDs: returningIDs, db)
    }

    func assign(_ tags: [TagID], to prospects: [ProspectID], at date: Date) async throws {
        try await ProspectRows.assign(tags, to: prospects, at: date, db)
    }

    func requestVerification(of prospects: [ProspectID], at date: Date) async throws {
        try await SQLBatch.inSlices(prospects.map(\.rawValue)) { slice in
            try await db.raw(
                "UPDATE prospects SET verification_due_at = \(bind: date), verification_attempts = 0 WHERE id IN (\(binds: Array(slice)))"
            ).run()
        }
    }

    func stepLocation(_ step: StepID) async throws -> StepLocation? {
        try await db.raw(
            """
            SELECT t.sequence_id FROM sequence_steps t JOIN sequences s ON s.id = t.sequence_id
            WHERE t.id = \(bind: step.rawValue) AND s.account_id = \(bind: account.rawValue)
            """
        ).first(decodingColumn: "sequence_id", as: Int64.self).map { StepLocation(stepID: step, sequenceID: SequenceID($0), accountID: account) }
    }

    func enrol(_ prospects: [ProspectID], at step: StepLocation, at date: Date) async throws -> EnrolmentResult {
        try await SQLEnrolmentStore.enrol(prospects, at: step, at: date, db)
    }

    func recordProgress(
        of job: ImportJobID, issues: [ImportIssue], processedRows: Int, counts: ImportCounts, worker: String, leaseUntil: Date
    ) async throws -> Bool {
        let renewed = try await db.update("import_jobs")
            .set("processed_rows", to: SQLBind(processedRows)).set("created_count", to: SQLBind(counts.created))
            .set("updated_count", to: SQLBind(counts.updated)).set("unchanged_count", to: SQLBind(counts.unchanged))
            .set("skipped_count", to: SQLBind(counts.skipped)).set("lease_expires_at", to: SQLBind(leaseUntil))
            .where("id", .equal, job.rawValue).where("lease_owner", .equal, worker)
            .returning("id").all()
        guard !renewed.isEmpty else { return false }
        try await SQLBatch.inSlices(issues) { slice in
            var insert = db.insert(into: "import_issues").columns("job_id", "row_number", "email", "reason")
            for issue in slice {
                insert = insert.values(SQLBind(job.rawValue), SQLBind(issue.rowNumber), SQLBind(issue.email), SQLBind(issue.reason))
            }
            try await insert.run()
        }
        return true
    }
}
