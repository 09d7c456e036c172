import Foundation
import ReachCore
import SQLKit

/// Verification requests and verdicts, kept on the prospects (see migration 11).
public struct SQLVerificationStore: VerificationStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func requestVerification(ofSequence sequence: SequenceID, in account: AccountID, at date: Date) async throws -> Int {
        try await database.write { db in
            // A new request starts afresh: it is due now, with all its attempts ahead of it.
            try await db.raw(
                """
                UPDATE prospects SET verification_due_at = \(bind: date), verification_attempts = 0
                WHERE account_id = \(bind: account.rawValue)
                  AND verification_status IN ('\(unsafeRaw: VerificationStatus.unverified.rawValue)', '\(unsafeRaw: VerificationStatus.unknown.rawValue)')
                  AND id IN (SELECT prospect_id FROM sequence_prospects WHERE sequence_id = \(bind: sequence.rawValue))
                RETURNING id
                """
            ).all().count
        }
    }

    public func claimVerifications(limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [VerificationClaim] {
        try await database.write { db in
            // PostgreSQL: several workers may claim at once, each skips what another has locked.
            // SQLite: one writer, so the plain select is already exclusive.
            let skipLocked: SQLQueryString = db.isPostgreSQL ? "FOR UPDATE SKIP LOCKED" : ""
            let claims = try await db.raw(
                """
                SELECT id, email, verification_attempts FROM prospects
                WHERE verification_due_at IS NOT NULL AND verification_due_at <= \(bind: now)
                  AND (verification_lease_until IS NULL OR verification_lease_until < \(bind: now))
                ORDER BY verification_due_at LIMIT \(bind: limit) \(skipLocked)
                """
            ).all().map { row in
                VerificationClaim(
                    prospect: ProspectID(try row.decode(column: "id", as: Int64.self)),
                    email: EmailAddress(stored: try row.decode(column: "email", as: String.self)),
                    attempts: try row.decode(column: "verification_attempts", as: Int.self))
            }
            guard !claims.isEmpty else { return [] }
            try await db.raw(
                """
                UPDATE prospects SET verification_lease_until = \(bind: leaseUntil), verification_lease_owner = \(bind: worker)
                WHERE id IN (\(binds: claims.map(\.prospect.rawValue)))
                """
            ).run()
            return claims
        }
    }

    public func record(_ outcomes: [VerificationOutcome], by worker: String, at date: Date) async throws {
        try await database.write { db in
            for outcome in outcomes {
                // A retry counts the attempt and waits for its time; a final verdict ends the request.
                let next: SQLQueryString = outcome.retryAt.map { "verification_due_at = \(bind: $0), verification_attempts = verification_attempts + 1" }
                    ?? "verification_due_at = NULL, verification_attempts = 0"
                try await db.raw(
                    """
                    UPDATE prospects SET verification_status = \(bind: outcome.verdict.status.rawValue),
                      verification_reasons = \(bind: Self.stored(outcome.verdict.reasons)), verified_at = \(bind: date),
                      verification_lease_until = NULL, verification_lease_owner = NULL, \(next)
                    WHERE id = \(bind: outcome.claim.prospect.rawValue) AND verification_lease_owner = \(bind: worker)
                      AND email_key = \(bind: outcome.claim.email.normalized)
                    """
                ).run()
            }
        }
    }

    public func verifications(of emails: [EmailAddress], in account: AccountID) async throws -> [ProspectVerification] {
        let keys = Array(Set(emails.map(\.normalized)))
        return try await database.read { db in
            var found: [ProspectVerification] = []
            try await SQLBatch.inSlices(keys) { slice in
                found += try await db.raw(
                    """
                    SELECT id, email, verification_status, verification_reasons, verified_at, verification_due_at FROM prospects
                    WHERE account_id = \(bind: account.rawValue) AND email_key IN (\(binds: Array(slice)))
                    """
                ).all().map { row in
                    ProspectVerification(
                        prospect: ProspectID(try row.decode(column: "id", as: Int64.self)),
                        email: try row.decode(column: "email", as: String.self),
                        status: VerificationStatus(rawValue: try row.decode(column: "verification_status", as: String.self)) ?? .unverified,
                        reasons: Self.reasons(try row.decode(column: "verification_reasons", as: String?.self)),
                        verifiedAt: try row.decode(column: "verified_at", as: Date?.self),
                        pending: try row.decode(column: "verification_due_at", as: Date?.self) != nil)
                }
            }
            return found
        }
    }

    /// Reasons are one line each (a server's multi-line reply is joined), kept one per line.
    static func stored(_ reasons: [String]) -> String {
        reasons.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }.joined(separator: "\n")
    }

    static func reasons(_ stored: String?) -> [String] {
        stored.map { $0.split(separator: "\n").map(String.init) } ?? []
    }
}
