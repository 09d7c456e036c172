import Foundation
import ReachCore
import SQLKit

public struct SQLEnrolmentStore: EnrolmentStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func stepLocation(_ step: StepID, in account: AccountID) async throws -> StepLocation? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT t.id, t.sequence_id FROM sequence_steps t JOIN sequences s ON s.id = t.sequence_id
                WHERE t.id = \(bind: step.rawValue) AND s.account_id = \(bind: account.rawValue)
                """
            ).first().map {
                StepLocation(
                    stepID: StepID(try $0.decode(column: "id", as: Int64.self)),
                    sequenceID: SequenceID(try $0.decode(column: "sequence_id", as: Int64.self)), accountID: account)
            }
        }
    }

    public func enrol(_ prospects: [ProspectID], at step: StepLocation, at date: Date) async throws -> EnrolmentResult {
        try await database.write { db in try await Self.enrol(prospects, at: step, at: date, db) }
    }

    /// Inserts the enrolments that do not exist yet, then sorts every prospect by where it now
    /// stands; run inside the caller's transaction (an import chunk's, or its own).
    static func enrol(_ prospects: [ProspectID], at step: StepLocation, at date: Date, _ db: any SQLDatabase) async throws -> EnrolmentResult {
        let unique = Array(Set(prospects.map(\.rawValue)))
        guard !unique.isEmpty else { return EnrolmentResult() }
        var existing: [Int64: Int64?] = [:]
        try await SQLBatch.inSlices(unique) { slice in
            let rows = try await db.raw(
                """
                SELECT prospect_id, step_id FROM sequence_prospects
                WHERE sequence_id = \(bind: step.sequenceID.rawValue) AND prospect_id IN (\(binds: Array(slice)))
                """
            ).all()
            for row in rows {
                existing[try row.decode(column: "prospect_id", as: Int64.self)] = try row.decode(column: "step_id", as: Int64?.self)
            }
        }
        let new = unique.filter { existing[$0] == nil }
        try await SQLBatch.inSlices(new) { slice in
            var insert = db.insert(into: "sequence_prospects")
                .columns("account_id", "sequence_id", "prospect_id", "step_id", "status", "next_due_at", "thread_message_ids", "enrolled_at", "updated_at")
            for prospect in slice {
                // The first step is due at once; the engine sends it inside the schedule's hours.
                insert = insert.values(
                    SQLBind(step.accountID.rawValue), SQLBind(step.sequenceID.rawValue), SQLBind(prospect), SQLBind(step.stepID.rawValue),
                    SQLBind(EnrolmentStatus.active.rawValue), SQLBind(date), SQLBind("[]"), SQLBind(date), SQLBind(date))
            }
            try await insert.run()
        }
        var result = EnrolmentResult(added: new.map(ProspectID.init))
        for (prospect, current) in existing {
            if current == step.stepID.rawValue {
                result.alreadyAtStep.append(ProspectID(prospect))
            } else {
                result.inAnotherStep.append(ProspectID(prospect))
            }
        }
        return result
    }

    public func memberships(of prospect: ProspectID) async throws -> [SequenceMembership] {
        try await database.read { db in
            // The step's number is its position in the sequence's sending order.
            let rows = try await db.raw(
                """
                SELECT e.sequence_id, e.prospect_id, e.step_id, e.status, e.paused_until, e.outcome, e.deal_value, e.enrolled_at, s.title,
                       (SELECT COUNT(*) FROM sequence_steps o WHERE o.sequence_id = e.sequence_id
                          AND (o.absolute_days < t.absolute_days OR (o.absolute_days = t.absolute_days AND o.id <= t.id))) AS step_number
                FROM sequence_prospects e
                JOIN sequences s ON s.id = e.sequence_id
                LEFT JOIN sequence_steps t ON t.id = e.step_id
                WHERE e.prospect_id = \(bind: prospect.rawValue)
                ORDER BY e.enrolled_at DESC, e.id DESC
                """
            ).all()
            return try rows.map { row in
                let stepID = try row.decode(column: "step_id", as: Int64?.self)
                return SequenceMembership(
                    enrolment: try Self.enrolment(row), title: try row.decode(column: "title", as: String.self),
                    stepNumber: stepID == nil ? nil : try row.decode(column: "step_number", as: Int.self))
            }
        }
    }

    public func setStatus(
        _ status: EnrolmentStatus, pausedUntil: Date?, of pairs: [(ProspectID, SequenceID)], in account: AccountID, at date: Date
    ) async throws -> Int {
        try await database.write { db in
            var changed = 0
            for (prospect, sequence) in pairs {
                changed += try await db.raw(
                    """
                    UPDATE sequence_prospects SET status = \(bind: status.rawValue), paused_until = \(bind: pausedUntil), updated_at = \(bind: date)
                    WHERE account_id = \(bind: account.rawValue) AND prospect_id = \(bind: prospect.rawValue)
                      AND sequence_id = \(bind: sequence.rawValue)
                    RETURNING id
                    """
                ).all().count
            }
            return changed
        }
    }

    public func setOutcome(
        _ outcome: String, dealValue: Double?, of prospects: [ProspectID], sequence: SequenceID?, in account: AccountID, at date: Date
    ) async throws -> Int {
        try await database.write { db in
            var changed = 0
            try await SQLBatch.inSlices(prospects.map(\.rawValue)) { slice in
                var filter: SQLQueryString = "account_id = \(bind: account.rawValue) AND prospect_id IN (\(binds: Array(slice)))"
                if let sequence { filter = "\(filter) AND sequence_id = \(bind: sequence.rawValue)" }
                changed += try await db.raw(
                    """
                    UPDATE sequence_prospects SET outcome = \(bind: outcome), deal_value = \(bind: dealValue), updated_at = \(bind: date)
                    WHERE \(filter) RETURNING id
                    """
                ).all().count
            }
            return changed
        }
    }

    static func enrolment(_ row: any SQLRow) throws -> Enrolment {
        guard let status = EnrolmentStatus(rawValue: try row.decode(column: "status", as: String.self)) else { throw ReachError.internalFailure }
        return Enrolment(
            sequenceID: SequenceID(try row.decode(column: "sequence_id", as: Int64.self)),
            prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self)),
            stepID: try row.decode(column: "step_id", as: Int64?.self).map(StepID.init),
            status: status,
            pausedUntil: try row.decode(column: "paused_until", as: Date?.self),
            outcome: try row.decode(column: "outcome", as: String?.self),
            dealValue: try row.decode(column: "deal_value", as: Double?.self),
            enrolledAt: try row.decode(column: "enrolled_at", as: Date.self))
    }
}
