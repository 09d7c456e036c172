import Foundation
import ReachCore
import ReachJSON
import SQLKit

/// Enrichment jobs and their records (see migration 12).
public struct SQLEnrichmentStore: EnrichmentStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    static let jobColumns = """
        id, account_id, kind, options, total_records, processed, succeeded, failed, credits_charged, webhook_url, webhook_outcome, \
        created_at, completed_at
        """

    public func createJob(
        _ job: NewEnrichmentJob, in account: AccountID, at date: Date,
        admitting admit: @escaping @Sendable (_ requestsSince: @escaping @Sendable (Date) async throws -> (count: Int, oldest: Date?)) async throws -> Void
    ) async throws -> EnrichmentJob {
        let options = String(decoding: try JSONEncoder().encode(job.options), as: UTF8.self)
        let id = try await database.write { db in
            // PostgreSQL: the account's row lock makes its requests count one at a time. SQLite: one writer.
            if db.isPostgreSQL {
                try await db.raw("SELECT id FROM accounts WHERE id = \(bind: account.rawValue) FOR UPDATE").run()
            }
            try await admit { since in try await Self.requests(in: account, since: since, db) }
            let id = try await db.insert(into: "enrichment_jobs")
                .columns("account_id", "user_id", "kind", "options", "total_records", "webhook_url", "created_at")
                .values(
                    SQLBind(account.rawValue), SQLBind(job.requestedBy.rawValue), SQLBind(job.kind.rawValue), SQLBind(options),
                    SQLBind(job.records.count), SQLBatch.optional(job.webhookURL), SQLBind(date))
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await SQLBatch.inSlices(Array(job.records.enumerated())) { slice in
                var insert = db.insert(into: "enrichment_records").columns("job_id", "position", "input_field", "input_value", "prospect_id")
                for (position, record) in slice {
                    insert = insert.values(
                        SQLBind(id), SQLBind(position), SQLBind(record.input.field), SQLBind(JSONWriter.string(record.input.value)),
                        record.prospectID.map { SQLBind($0.rawValue) as any SQLExpression } ?? SQLLiteral.null)
                }
                try await insert.run()
            }
            return id
        }
        guard let created = try await self.job(EnrichmentJobID(id), in: account) else { throw ReachError.internalFailure }
        return created
    }

    public func job(_ id: EnrichmentJobID, in account: AccountID) async throws -> EnrichmentJob? {
        try await database.read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.jobColumns) FROM enrichment_jobs WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)"
            ).first().map(Self.job)
        }
    }

    public func records(of job: EnrichmentJobID) async throws -> [EnrichmentRecord] {
        try await database.read { db in
            try await db.raw(
                "SELECT position, input_field, input_value, prospect_id, status, outcome, credits FROM enrichment_records WHERE job_id = \(bind: job.rawValue) ORDER BY position"
            ).all().map(Self.record)
        }
    }

    public func claimNextJob(worker: String, now: Date, leaseUntil: Date) async throws -> EnrichmentJob? {
        try await database.write { db in
            // PostgreSQL: concurrent workers skip the rows another has locked. SQLite: one writer.
            let skipLocked: SQLQueryString = db.isPostgreSQL ? "FOR UPDATE SKIP LOCKED" : ""
            guard
                let id = try await db.raw(
                    """
                    SELECT id FROM enrichment_jobs
                    WHERE completed_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at < \(bind: now))
                    ORDER BY COALESCE(last_worked_at, created_at), id LIMIT 1 \(skipLocked)
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { return nil }
            try await db.update("enrichment_jobs")
                .set("lease_owner", to: SQLBind(worker)).set("lease_expires_at", to: SQLBind(leaseUntil)).set("last_worked_at", to: SQLBind(now))
                .where("id", .equal, id).run()
            return try await db.raw("SELECT \(unsafeRaw: Self.jobColumns) FROM enrichment_jobs WHERE id = \(bind: id)").first().map(Self.job)
        }
    }

    public func pendingRecords(of job: EnrichmentJobID, limit: Int) async throws -> [EnrichmentRecord] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT position, input_field, input_value, prospect_id, status, outcome, credits FROM enrichment_records
                WHERE job_id = \(bind: job.rawValue) AND status IS NULL ORDER BY position LIMIT \(bind: limit)
                """
            ).all().map(Self.record)
        }
    }

    public func saveOutcome(_ outcome: EnrichmentOutcome, position: Int, of job: EnrichmentJobID, by worker: String, leaseUntil: Date) async throws -> Bool {
        let (status, text) = Self.encode(outcome)
        return try await database.write { db in
            // The lease is checked and renewed in the transaction that saves the outcome, so a
            // worker that lost the job to another never writes over that one's work.
            let held = try await db.raw(
                """
                UPDATE enrichment_jobs SET lease_expires_at = \(bind: leaseUntil)
                WHERE id = \(bind: job.rawValue) AND lease_owner = \(bind: worker) AND completed_at IS NULL
                RETURNING id
                """
            ).all()
            guard !held.isEmpty else { return false }
            let saved = try await db.raw(
                """
                UPDATE enrichment_records SET status = \(bind: status), outcome = \(bind: text), credits = \(bind: outcome.credits)
                WHERE job_id = \(bind: job.rawValue) AND position = \(bind: position) AND status IS NULL
                RETURNING position
                """
            ).all()
            guard !saved.isEmpty else { return true }
            let succeeded = outcome.succeeded ? 1 : 0
            try await db.raw(
                """
                UPDATE enrichment_jobs SET processed = processed + 1, succeeded = succeeded + \(bind: succeeded),
                  failed = failed + \(bind: 1 - succeeded), credits_charged = credits_charged + \(bind: outcome.credits)
                WHERE id = \(bind: job.rawValue)
                """
            ).run()
            return true
        }
    }

    public func complete(_ job: EnrichmentJobID, by worker: String, at date: Date) async throws -> Bool {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE enrichment_jobs SET completed_at = \(bind: date), lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(bind: job.rawValue) AND lease_owner = \(bind: worker) AND completed_at IS NULL
                RETURNING id
                """
            ).all().count == 1
        }
    }

    public func release(_ job: EnrichmentJobID, by worker: String) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE enrichment_jobs SET lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(bind: job.rawValue) AND lease_owner = \(bind: worker)
                """
            ).run()
        }
    }

    public func saveWebhookOutcome(_ outcome: String, of job: EnrichmentJobID) async throws {
        try await database.write { db in
            try await db.update("enrichment_jobs").set("webhook_outcome", to: SQLBind(outcome)).where("id", .equal, job.rawValue).run()
        }
    }

    public func requests(in account: AccountID, since date: Date) async throws -> (count: Int, oldest: Date?) {
        try await database.read { db in try await Self.requests(in: account, since: date, db) }
    }

    static func requests(in account: AccountID, since date: Date, _ db: any SQLDatabase) async throws -> (count: Int, oldest: Date?) {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS requests, MIN(created_at) AS oldest FROM enrichment_jobs
            WHERE account_id = \(bind: account.rawValue) AND created_at > \(bind: date)
            """
        ).first()
        return (try row?.decode(column: "requests", as: Int.self) ?? 0, try row?.decode(column: "oldest", as: Date?.self))
    }

    public func creditsCharged(in account: AccountID, since date: Date) async throws -> Double {
        try await database.read { db in
            try await db.raw(
                """
                SELECT COALESCE(SUM(credits_charged), 0) AS credits FROM enrichment_jobs
                WHERE account_id = \(bind: account.rawValue) AND created_at >= \(bind: date)
                """
            ).first(decodingColumn: "credits", as: Double.self) ?? 0
        }
    }

    // MARK: Rows

    static func job(_ row: any SQLRow) throws -> EnrichmentJob {
        guard let kind = EnrichmentKind(rawValue: try row.decode(column: "kind", as: String.self)) else { throw ReachError.internalFailure }
        let options = try JSONDecoder().decode(ContactOptions.self, from: Data(try row.decode(column: "options", as: String.self).utf8))
        return EnrichmentJob(
            id: EnrichmentJobID(try row.decode(column: "id", as: Int64.self)), accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            kind: kind, options: options, totalRecords: try row.decode(column: "total_records", as: Int.self),
            processed: try row.decode(column: "processed", as: Int.self), succeeded: try row.decode(column: "succeeded", as: Int.self),
            failed: try row.decode(column: "failed", as: Int.self), creditsCharged: try row.decode(column: "credits_charged", as: Double.self),
            webhookURL: try row.decode(column: "webhook_url", as: String?.self), webhookOutcome: try row.decode(column: "webhook_outcome", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self), completedAt: try row.decode(column: "completed_at", as: Date?.self))
    }

    /// The stored form of an outcome: a status word, and its findings and notes or its reason as JSON.
    static func encode(_ outcome: EnrichmentOutcome) -> (status: String, text: String) {
        switch outcome {
        case .enriched(let findings, let notes, _):
            let document = JSONValue.object([
                "findings": .array(findings.map { .object(["field": .string($0.field), "value": .string($0.value), "source": .string($0.source)]) }),
                "notes": .array(notes.map(JSONValue.string)),
            ])
            return ("enriched", JSONWriter.string(document))
        case .notFound(let reason): return ("not-found", JSONWriter.string(.object(["reason": .string(reason)])))
        case .failed(let reason): return ("failed", JSONWriter.string(.object(["reason": .string(reason)])))
        }
    }

    static func record(_ row: any SQLRow) throws -> EnrichmentRecord {
        let input = EnrichmentInput(
            field: try row.decode(column: "input_field", as: String.self),
            value: (try? JSONParser.parse(try row.decode(column: "input_value", as: String.self))) ?? .null)
        var outcome: EnrichmentOutcome?
        if let status = try row.decode(column: "status", as: String?.self) {
            let document = (try? JSONParser.parse(try row.decode(column: "outcome", as: String?.self) ?? "{}")) ?? .object([:])
            let reason = document["reason"]?.stringValue ?? ""
            switch status {
            case "enriched":
                let findings = (document["findings"]?.arrayValue ?? []).compactMap { item -> EnrichmentFinding? in
                    guard let field = item["field"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
                    return EnrichmentFinding(field: field, value: value, source: item["source"]?.stringValue ?? "")
                }
                outcome = .enriched(
                    findings: findings, notes: (document["notes"]?.arrayValue ?? []).compactMap(\.stringValue),
                    credits: try row.decode(column: "credits", as: Double.self))
            case "not-found": outcome = .notFound(reason)
            default: outcome = .failed(reason)
            }
        }
        return EnrichmentRecord(
            position: try row.decode(column: "position", as: Int.self), input: input,
            prospectID: try row.decode(column: "prospect_id", as: Int64?.self).map(ProspectID.init), outcome: outcome)
    }
}
