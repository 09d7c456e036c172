import Foundation
import ReachCore
import SQLKit

public struct SQLSendingStore: SendingStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func dueEnrolments(
        in sequence: SequenceID, now: Date, limit: Int, newProspects: Bool, excludingMailboxes: Set<EmailAccountID>
    ) async throws -> [DueEnrolment] {
        // A prospect with no Message-ID in their thread has had no email of the sequence yet. Each
        // kind is read through its own index (its condition written as the index's is), never
        // by scanning past the other.
        let kind: SQLQueryString = newProspects ? "sp.thread_message_ids = '[]'" : "sp.thread_message_ids <> '[]'"
        let exclusion: SQLQueryString =
            excludingMailboxes.isEmpty
            ? "" : "AND (sp.thread_mailbox_id IS NULL OR sp.thread_mailbox_id NOT IN (\(binds: excludingMailboxes.map(\.rawValue))))"
        // An enrolment with a message for its step already (sent, or being sent elsewhere) is not due.
        return try await database.read { db in
            try await db.raw(
                """
                SELECT \(Self.dueColumns)
                FROM sequence_prospects sp
                JOIN sequences s ON s.id = sp.sequence_id
                JOIN sequence_steps st ON st.id = sp.step_id
                JOIN prospects p ON p.id = sp.prospect_id
                WHERE sp.sequence_id = \(bind: sequence.rawValue) AND \(kind) AND s.is_active AND \(Self.isDue(now)) AND st.channel = 1 \(exclusion)
                  AND NOT EXISTS (
                    SELECT 1 FROM outbound_messages o
                    WHERE o.sequence_id = sp.sequence_id AND o.prospect_id = sp.prospect_id AND o.step_id = sp.step_id)
                ORDER BY sp.next_due_at, sp.id
                LIMIT \(bind: limit)
                """
            ).all().map(Self.dueEnrolment)
        }
    }

    public func dueTaskSteps(now: Date, limit: Int) async throws -> [DueEnrolment] {
        try await database.read { db in
            // The manual steps of running sequences first: few, and then the prospects at them are
            // read by step, never by scanning the prospects due for emails.
            let steps = try await db.raw(
                "SELECT st.id FROM sequence_steps st JOIN sequences s ON s.id = st.sequence_id WHERE st.channel <> 1 AND s.is_active"
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !steps.isEmpty else { return [] }
            return try await db.raw(
                """
                SELECT \(Self.dueColumns)
                FROM sequence_prospects sp JOIN prospects p ON p.id = sp.prospect_id
                WHERE sp.step_id IN (\(binds: steps)) AND \(Self.isDue(now))
                ORDER BY sp.next_due_at, sp.id
                LIMIT \(bind: limit)
                """
            ).all().map(Self.dueEnrolment)
        }
    }

    static let dueColumns: SQLQueryString = """
        sp.account_id, sp.sequence_id, sp.prospect_id, sp.step_id, sp.next_due_at, sp.thread_mailbox_id, sp.thread_subject, sp.thread_message_ids
        """

    /// An enrolment at its step's time (a pause with a return date counts from that date), of a
    /// prospect who has not unsubscribed.
    static func isDue(_ now: Date) -> SQLQueryString {
        """
        sp.status IN ('active', 'paused') AND sp.next_due_at <= \(bind: now)
          AND (sp.status = 'active' OR (sp.paused_until IS NOT NULL AND sp.paused_until <= \(bind: now)))
          AND p.unsubscribed_at IS NULL
        """
    }

    static func dueEnrolment(_ row: any SQLRow) throws -> DueEnrolment {
        DueEnrolment(
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            sequenceID: SequenceID(try row.decode(column: "sequence_id", as: Int64.self)),
            prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self)),
            stepID: StepID(try row.decode(column: "step_id", as: Int64.self)),
            dueAt: try row.decode(column: "next_due_at", as: Date.self),
            thread: ThreadState(
                mailbox: try row.decode(column: "thread_mailbox_id", as: Int64?.self).map(EmailAccountID.init),
                subject: try row.decode(column: "thread_subject", as: String?.self),
                messageIDs: SQLBatch.stringArray(fromJSON: try row.decode(column: "thread_message_ids", as: String.self))))
    }

    public func sendCounts(of mailboxes: [EmailAccountID], since start: Date) async throws -> [EmailAccountID: Int] {
        guard !mailboxes.isEmpty else { return [:] }
        return try await database.read { db in
            var counts: [EmailAccountID: Int] = [:]
            try await SQLBatch.inSlices(mailboxes) { slice in
                for row in try await db.raw(
                    """
                    SELECT email_account_id, COUNT(*) AS n FROM outbound_messages
                    WHERE email_account_id IN (\(binds: slice.map(\.rawValue))) AND created_at >= \(bind: start)
                    GROUP BY email_account_id
                    """
                ).all() {
                    counts[EmailAccountID(try row.decode(column: "email_account_id", as: Int64.self))] = try row.decode(column: "n", as: Int.self)
                }
            }
            return counts
        }
    }

    public func sendSlots(of sequences: [SequenceID]) async throws -> [SequenceID: [SendSlot]] {
        guard !sequences.isEmpty else { return [:] }
        return try await database.read { db in
            var slots: [SequenceID: [SendSlot]] = [:]
            try await SQLBatch.inSlices(sequences) { slice in
                for row in try await db.raw(
                    """
                    SELECT l.sequence_id, m.id, m.status, m.next_send_at
                    FROM sequence_email_accounts l JOIN email_accounts m ON m.id = l.email_account_id
                    WHERE l.sequence_id IN (\(binds: slice.map(\.rawValue))) AND m.deleted_at IS NULL
                    """
                ).all() {
                    guard let status = EmailAccountStatus(rawValue: try row.decode(column: "status", as: Int.self)) else { throw ReachError.internalFailure }
                    slots[SequenceID(try row.decode(column: "sequence_id", as: Int64.self)), default: []].append(
                        SendSlot(
                            mailbox: EmailAccountID(try row.decode(column: "id", as: Int64.self)), status: status,
                            nextSendAt: try row.decode(column: "next_send_at", as: Date?.self)))
                }
            }
            return slots
        }
    }

    public func claimSends(_ claims: [SendClaimRequest]) async -> SendClaims {
        guard !claims.isEmpty else { return SendClaims(answers: []) }
        switch database.kind {
        case .sqlite:
            // One transaction for them all: SQLite has one writer, and a transaction per claim
            // queued behind the deliveries' writes each time. A failure undoes the whole batch.
            do {
                return SendClaims(
                    answers: try await database.write { db in
                        var answers: [SendClaim] = []
                        for claim in claims { answers.append(try await Self.claim(claim, db)) }
                        return answers
                    })
            } catch {
                return SendClaims(answers: [], failure: error)
            }
        case .postgresql:
            // A transaction each: engines sharing the database then never wait for another's
            // batch, nor deadlock on mailboxes or steps taken in different orders. Those made
            // before a failure are committed, so they are answered, not lost with it.
            var answers: [SendClaim] = []
            for claim in claims {
                do {
                    answers.append(try await database.write { db in try await Self.claim(claim, db) })
                } catch {
                    return SendClaims(answers: answers, failure: error)
                }
            }
            return SendClaims(answers: answers)
        }
    }

    static func claim(_ claim: SendClaimRequest, _ db: any SQLDatabase) async throws -> SendClaim {
        let message = claim.message
        // The mailbox's row is held to the end of the transaction (SQLite's writer is alone
        // already), so the count below sees every message another engine recorded before.
        let lock: SQLQueryString = db.isPostgreSQL ? "FOR UPDATE" : ""
        guard
            try await db.raw(
                """
                SELECT id FROM email_accounts
                WHERE id = \(bind: message.emailAccountID.rawValue) AND status = \(bind: EmailAccountStatus.active.rawValue)
                  AND (next_send_at IS NULL OR next_send_at <= \(bind: claim.now))
                \(lock)
                """
            ).first() != nil
        else { return .mailboxBusy }
        let sent = try await db.raw(
            """
            SELECT COUNT(*) AS n FROM outbound_messages
            WHERE email_account_id = \(bind: message.emailAccountID.rawValue) AND created_at >= \(bind: claim.dayStart)
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
        guard sent < claim.dailyLimit else { return .limitReached }
        // The unique (sequence, prospect, step) makes a second claim of the same step a no-op.
        guard
            let id = try await db.raw(
                """
                INSERT INTO outbound_messages
                  (account_id, sequence_id, step_id, variant_id, prospect_id, email_account_id, message_id, recipient, subject, status,
                   is_follow_up, created_at)
                VALUES (\(bind: message.accountID.rawValue), \(bind: message.sequenceID.rawValue), \(bind: message.stepID.rawValue),
                  \(bind: message.variantID.rawValue), \(bind: message.prospectID.rawValue), \(bind: message.emailAccountID.rawValue),
                  \(bind: message.messageID), \(bind: message.recipient), \(bind: message.subject), 'sending', \(bind: message.isFollowUp),
                  \(bind: claim.now))
                ON CONFLICT DO NOTHING
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { return .alreadySent }
        try await db.raw("UPDATE email_accounts SET next_send_at = \(bind: claim.nextSendAt) WHERE id = \(bind: message.emailAccountID.rawValue)").run()
        return .claimed(OutboundMessageID(id))
    }

    public func deferSendSlot(of mailbox: EmailAccountID, until date: Date) async throws {
        try await database.write { db in
            try await db.raw("UPDATE email_accounts SET next_send_at = \(bind: date) WHERE id = \(bind: mailbox.rawValue)").run()
        }
    }

    public func recordSendFailure(of mailbox: EmailAccountID, restUntil date: Date) async throws -> Int {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE email_accounts SET next_send_at = \(bind: date), send_failures = send_failures + 1
                WHERE id = \(bind: mailbox.rawValue) RETURNING send_failures
                """
            ).first(decodingColumn: "send_failures", as: Int.self) ?? 0
        }
    }

    public func pauseMailbox(_ mailbox: EmailAccountID, reason: String, at date: Date, raising event: SendingEvent) async throws -> Bool {
        try await database.write { db in
            guard
                try await db.raw(
                    """
                    UPDATE email_accounts SET status = \(bind: EmailAccountStatus.paused.rawValue), smtp_error = \(bind: reason), send_failures = 0,
                        updated_at = \(bind: date)
                    WHERE id = \(bind: mailbox.rawValue) AND status = \(bind: EmailAccountStatus.active.rawValue)
                    RETURNING id
                    """
                ).first() != nil
            else { return false }
            try await Self.insert([event], db)
            return true
        }
    }

    public func recentSends(of sequences: [SequenceID], since date: Date) async throws -> [SequenceID: SendMix] {
        guard !sequences.isEmpty else { return [:] }
        return try await database.read { db in
            var mix: [SequenceID: SendMix] = [:]
            try await SQLBatch.inSlices(sequences.map(\.rawValue)) { slice in
                let rows = try await db.raw(
                    """
                    SELECT sequence_id, is_follow_up, COUNT(*) AS n FROM outbound_messages
                    WHERE sequence_id IN (\(binds: Array(slice))) AND created_at >= \(bind: date)
                    GROUP BY sequence_id, is_follow_up
                    """
                ).all()
                for row in rows {
                    let sequence = SequenceID(try row.decode(column: "sequence_id", as: Int64.self))
                    let count = try row.decode(column: "n", as: Int.self)
                    if try row.decode(column: "is_follow_up", as: Bool.self) {
                        mix[sequence, default: SendMix()].followUps += count
                    } else {
                        mix[sequence, default: SendMix()].newProspects += count
                    }
                }
            }
            return mix
        }
    }

    public func finishOutbounds(_ outcomes: [OutboundOutcome]) async throws {
        guard !outcomes.isEmpty else { return }
        try await database.write { db in
            for outcome in outcomes { try await Self.finish(outcome, db) }
        }
    }

    static func finish(_ outcome: OutboundOutcome, _ db: any SQLDatabase) async throws {
        let (id, status, date) = (outcome.id, outcome.status, outcome.date)
        try await db.raw(
            """
            UPDATE outbound_messages SET status = \(bind: status.rawValue), error = \(bind: outcome.error),
              sent_at = \(status == .sent ? SQLBind(date) as any SQLExpression : SQLLiteral.null)
            WHERE id = \(bind: id.rawValue)
            """
        ).run()
        // A message the server took ends its mailbox's run of failures.
        if status == .sent {
            try await db.raw(
                """
                UPDATE email_accounts SET send_failures = 0
                WHERE id = (SELECT email_account_id FROM outbound_messages WHERE id = \(bind: id.rawValue)) AND send_failures > 0
                """
            ).run()
        }
        try await insert(outcome.events, db)
        switch outcome.enrolment {
        case .advance(let due, let thread, let move):
            // Only from the step just sent: a concurrent change of the enrolment wins.
            try await db.raw(
                """
                UPDATE sequence_prospects SET
                  step_id = \(bind: move.nextStep?.rawValue ?? due.stepID.rawValue),
                  status = \(bind: move.nextStep == nil ? EnrolmentStatus.finished.rawValue : EnrolmentStatus.active.rawValue),
                  paused_until = NULL,
                  next_due_at = \(bind: move.dueAt ?? date),
                  thread_mailbox_id = \(bind: thread.mailbox?.rawValue),
                  thread_subject = \(bind: thread.subject),
                  thread_message_ids = \(bind: SQLBatch.jsonArray(thread.messageIDs)),
                  updated_at = \(bind: date)
                WHERE sequence_id = \(bind: due.sequenceID.rawValue) AND prospect_id = \(bind: due.prospectID.rawValue)
                  AND step_id = \(bind: due.stepID.rawValue)
                """
            ).run()
        case .hold(let due, let status):
            try await setStatus(of: due.sequenceID, prospect: due.prospectID, to: status, at: date, db)
        }
    }

    public func discardOutbound(_ id: OutboundMessageID) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM outbound_messages WHERE id = \(bind: id.rawValue) AND status = 'sending'").run()
        }
    }

    public func expireSending(before date: Date) async throws -> Int {
        try await database.write { db in
            let expired = try await db.raw(
                """
                UPDATE outbound_messages SET status = 'unknown', error = 'The process sending it stopped during the transaction'
                WHERE status = 'sending' AND created_at < \(bind: date)
                RETURNING sequence_id, prospect_id, step_id, created_at
                """
            ).all()
            // Each such prospect moves on to the step after, as after a send: the message may have arrived.
            for row in expired {
                let sequence = try row.decode(column: "sequence_id", as: Int64.self)
                let prospect = try row.decode(column: "prospect_id", as: Int64.self)
                let step = try row.decode(column: "step_id", as: Int64.self)
                let created = try row.decode(column: "created_at", as: Date.self)
                let next = try await db.raw(
                    """
                    SELECT n.id, n.absolute_days - c.absolute_days AS gap FROM sequence_steps c JOIN sequence_steps n ON n.sequence_id = c.sequence_id
                    WHERE c.id = \(bind: step) AND (n.absolute_days > c.absolute_days OR (n.absolute_days = c.absolute_days AND n.id > c.id))
                    ORDER BY n.absolute_days, n.id LIMIT 1
                    """
                ).first()
                let nextID = try next?.decode(column: "id", as: Int64.self)
                let gap = try next?.decode(column: "gap", as: Int.self) ?? 0
                try await db.raw(
                    """
                    UPDATE sequence_prospects SET step_id = COALESCE(\(bind: nextID), step_id),
                      status = \(bind: nextID == nil ? "finished" : "active"),
                      next_due_at = \(bind: created.addingTimeInterval(Double(gap) * 86_400)), updated_at = \(bind: created)
                    WHERE sequence_id = \(bind: sequence) AND prospect_id = \(bind: prospect) AND step_id = \(bind: step)
                    """
                ).run()
            }
            return expired.count
        }
    }

    public func enrolmentState(of prospect: ProspectID, in sequence: SequenceID) async throws -> EnrolmentState? {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT sp.status, sp.step_id, sp.next_due_at, sp.paused_until, sp.thread_mailbox_id,
                      (SELECT t.id FROM tasks t WHERE t.sequence_id = sp.sequence_id AND t.prospect_id = sp.prospect_id
                         AND t.step_id = sp.step_id AND t.status = 'pending') AS open_task
                    FROM sequence_prospects sp WHERE sp.sequence_id = \(bind: sequence.rawValue) AND sp.prospect_id = \(bind: prospect.rawValue)
                    """
                ).first(),
                let status = EnrolmentStatus(rawValue: try row.decode(column: "status", as: String.self))
            else { return nil }
            return EnrolmentState(
                status: status, stepID: try row.decode(column: "step_id", as: Int64?.self).map(StepID.init),
                dueAt: try row.decode(column: "next_due_at", as: Date?.self), pausedUntil: try row.decode(column: "paused_until", as: Date?.self),
                threadMailbox: try row.decode(column: "thread_mailbox_id", as: Int64?.self).map(EmailAccountID.init),
                openTask: try row.decode(column: "open_task", as: Int64?.self).map(TaskID.init))
        }
    }

    public func postpone(_ enrolment: DueEnrolment, until date: Date, at now: Date) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE sequence_prospects SET next_due_at = \(bind: date), updated_at = \(bind: now)
                WHERE sequence_id = \(bind: enrolment.sequenceID.rawValue) AND prospect_id = \(bind: enrolment.prospectID.rawValue)
                  AND step_id = \(bind: enrolment.stepID.rawValue)
                """
            ).run()
        }
    }

    public func setEnrolmentStatus(sequence: SequenceID, prospect: ProspectID, to status: EnrolmentStatus, at date: Date) async throws {
        try await database.write { db in try await Self.setStatus(of: sequence, prospect: prospect, to: status, at: date, db) }
    }

    static func setStatus(of sequence: SequenceID, prospect: ProspectID, to status: EnrolmentStatus, at date: Date, _ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE sequence_prospects SET status = \(bind: status.rawValue), paused_until = NULL, updated_at = \(bind: date)
            WHERE sequence_id = \(bind: sequence.rawValue) AND prospect_id = \(bind: prospect.rawValue)
            """
        ).run()
    }

    public func record(_ events: [SendingEvent]) async throws {
        guard !events.isEmpty else { return }
        try await database.write { db in try await Self.insert(events, db) }
    }

    /// Writes events inside the caller's transaction, so they commit with what they report.
    static func insert(_ events: [SendingEvent], _ db: any SQLDatabase) async throws {
        try await SQLBatch.inSlices(events) { slice in
            var insert = db.insert(into: "events").columns(
                "account_id", "kind", "sequence_id", "step_id", "prospect_id", "email_account_id", "outbound_id", "task_id", "inbox_message_id", "detail",
                "occurred_at")
            for event in slice {
                insert = insert.values(
                    SQLBind(event.accountID.rawValue), SQLBind(event.kind.rawValue), SQLBind(event.sequenceID?.rawValue),
                    SQLBind(event.stepID?.rawValue), SQLBind(event.prospectID?.rawValue), SQLBind(event.emailAccountID?.rawValue),
                    SQLBind(event.outboundID?.rawValue), SQLBind(event.taskID?.rawValue), SQLBind(event.inboxMessageID?.rawValue), SQLBind(event.detail),
                    SQLBind(event.occurredAt))
            }
            try await insert.run()
        }
    }

    public func outboundMessages(of sequence: SequenceID, prospect: ProspectID?) async throws -> [OutboundMessage] {
        try await database.read { db in
            var filter: SQLQueryString = "sequence_id = \(bind: sequence.rawValue)"
            if let prospect { filter = "\(filter) AND prospect_id = \(bind: prospect.rawValue)" }
            return try await db.raw(
                """
                SELECT id, sequence_id, step_id, prospect_id, email_account_id, message_id, status, error, created_at, sent_at
                FROM outbound_messages WHERE \(filter) ORDER BY id
                """
            ).all().map { row in
                guard let status = OutboundMessage.Status(rawValue: try row.decode(column: "status", as: String.self)) else { throw ReachError.internalFailure }
                return OutboundMessage(
                    id: OutboundMessageID(try row.decode(column: "id", as: Int64.self)),
                    sequenceID: SequenceID(try row.decode(column: "sequence_id", as: Int64.self)),
                    stepID: StepID(try row.decode(column: "step_id", as: Int64.self)),
                    prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self)),
                    emailAccountID: EmailAccountID(try row.decode(column: "email_account_id", as: Int64.self)),
                    messageID: try row.decode(column: "message_id", as: String.self), status: status,
                    error: try row.decode(column: "error", as: String?.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self), sentAt: try row.decode(column: "sent_at", as: Date?.self))
            }
        }
    }
}
