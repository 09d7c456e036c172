import Foundation
import ReachCore
import SQLKit

/// Reports from the counts kept on enrolments and sent messages (migration 10), and from the
/// events themselves where a report asks for times or a period.
public struct SQLAnalyticsStore: AnalyticsStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    /// The kept counts of the enrolments `scope` selects (aliased `sp`), named as
    /// `prospectCounts` reads them.
    static func enrolmentCounts(_ scope: SQLQueryString) -> SQLQueryString {
        """
        FROM (
          SELECT sent_count AS sent, opened_count AS opened, clicked_count AS clicked, replied_count AS replied,
                 unsubscribed_count AS unsubscribed, bounced_count AS bounced
          FROM sequence_prospects sp WHERE \(scope)
        ) f
        """
    }

    /// Email counts over `o` (outbound_messages) and its kept counts. A message the server
    /// refused for its recipient is a bounce, not also a failure.
    static let emailCountColumns: SQLQueryString = """
        COUNT(*) AS total,
        SUM(CASE WHEN o.status IN ('sent', 'unknown') THEN 1 ELSE 0 END) AS sent,
        SUM(CASE WHEN o.status IN ('sent', 'unknown') AND o.bounced_count = 0 THEN 1 ELSE 0 END) AS delivered,
        SUM(CASE WHEN o.opened_count > 0 THEN 1 ELSE 0 END) AS opened,
        SUM(CASE WHEN o.clicked_count > 0 THEN 1 ELSE 0 END) AS clicked,
        SUM(CASE WHEN o.replied_count > 0 THEN 1 ELSE 0 END) AS replied,
        SUM(CASE WHEN o.bounced_count > 0 THEN 1 ELSE 0 END) AS bounced,
        SUM(CASE WHEN o.status = 'failed' AND o.bounced_count = 0 THEN 1 ELSE 0 END) AS failed
        """

    static func emailCounts(_ row: any SQLRow) throws -> EmailCounts {
        var counts = EmailCounts()
        counts.total = try row.decode(column: "total", as: Int?.self) ?? 0
        counts.sent = try row.decode(column: "sent", as: Int?.self) ?? 0
        counts.delivered = try row.decode(column: "delivered", as: Int?.self) ?? 0
        counts.opened = try row.decode(column: "opened", as: Int?.self) ?? 0
        counts.clicked = try row.decode(column: "clicked", as: Int?.self) ?? 0
        counts.replied = try row.decode(column: "replied", as: Int?.self) ?? 0
        counts.bounced = try row.decode(column: "bounced", as: Int?.self) ?? 0
        counts.failed = try row.decode(column: "failed", as: Int?.self) ?? 0
        return counts
    }

    /// Prospect counts over `f`, one row per prospect with their counts of each kind, which `from` selects.
    static func prospectCounts(from: SQLQueryString, _ db: any SQLDatabase) async throws -> ProspectCounts {
        guard
            let row = try await db.raw(
                """
                SELECT COUNT(*) AS total,
                  SUM(CASE WHEN f.sent > 0 THEN 1 ELSE 0 END) AS contacted,
                  SUM(CASE WHEN f.opened > 0 THEN 1 ELSE 0 END) AS opened,
                  SUM(CASE WHEN f.clicked > 0 THEN 1 ELSE 0 END) AS clicked,
                  SUM(CASE WHEN f.replied > 0 THEN 1 ELSE 0 END) AS replied,
                  SUM(CASE WHEN f.unsubscribed > 0 THEN 1 ELSE 0 END) AS unsubscribed,
                  SUM(CASE WHEN f.bounced > 0 THEN 1 ELSE 0 END) AS bounced,
                  SUM(CASE WHEN f.sent > 0 AND f.opened = 0 THEN 1 ELSE 0 END) AS sent_no_open,
                  SUM(CASE WHEN f.opened > 0 AND f.replied = 0 THEN 1 ELSE 0 END) AS opened_no_reply,
                  SUM(CASE WHEN f.opened > 0 AND f.clicked = 0 THEN 1 ELSE 0 END) AS opened_no_click,
                  SUM(CASE WHEN f.clicked > 0 AND f.replied = 0 THEN 1 ELSE 0 END) AS clicked_no_reply
                \(from)
                """
            ).first()
        else { return ProspectCounts() }
        var counts = ProspectCounts()
        let int: (String) throws -> Int = { try row.decode(column: $0, as: Int?.self) ?? 0 }
        counts.total = try int("total")
        counts.contacted = try int("contacted")
        counts.opened = try int("opened")
        counts.clicked = try int("clicked")
        counts.replied = try int("replied")
        counts.unsubscribed = try int("unsubscribed")
        counts.bounced = try int("bounced")
        counts.sentNoOpen = try int("sent_no_open")
        counts.openedNoReply = try int("opened_no_reply")
        counts.openedNoClick = try int("opened_no_click")
        counts.clickedNoReply = try int("clicked_no_reply")
        return counts
    }

    /// Enrolments `from` selects (aliased `sp`) by outcome; a prospect who replied in that
    /// sequence without an outcome is uncategorized.
    static func outcomes(from: SQLQueryString, into counts: inout ProspectCounts, _ db: any SQLDatabase) async throws {
        let rows = try await db.raw(
            """
            SELECT COALESCE(sp.outcome, 'uncategorized') AS outcome, COUNT(*) AS n, SUM(COALESCE(sp.deal_value, 0)) AS deal
            \(from) AND (sp.outcome IS NOT NULL OR sp.replied_count > 0)
            GROUP BY COALESCE(sp.outcome, 'uncategorized')
            """
        ).all()
        for row in rows {
            let outcome = try row.decode(column: "outcome", as: String.self)
            counts.outcomes[outcome, default: 0] += try row.decode(column: "n", as: Int.self)
            counts.dealValues[outcome, default: 0] += try row.decode(column: "deal", as: Double?.self) ?? 0
        }
    }

    /// Four independent counts, each read on a connection of its own so that they run side by
    /// side (each scans one covering index of migration 10). They may see a few milliseconds'
    /// difference in what has been committed, which a report can bear.
    public func sequenceCounts(_ sequence: SequenceID) async throws -> (prospects: ProspectCounts, emails: [StepVariantCounts], scheduled: Int) {
        let id = sequence.rawValue
        async let counts = database.read { db in
            try await Self.prospectCounts(from: Self.enrolmentCounts("sp.sequence_id = \(bind: id)"), db)
        }
        async let outcomes = database.read { db in
            var outcomes = ProspectCounts()
            try await Self.outcomes(from: "FROM sequence_prospects sp WHERE sp.sequence_id = \(bind: id)", into: &outcomes, db)
            return outcomes
        }
        async let emails = database.read { db in
            try await db.raw(
                """
                SELECT o.step_id, o.variant_id, \(Self.emailCountColumns)
                FROM outbound_messages o
                WHERE o.sequence_id = \(bind: id) AND o.status <> 'sending'
                GROUP BY o.step_id, o.variant_id
                """
            ).all().map { row in
                StepVariantCounts(
                    stepID: StepID(try row.decode(column: "step_id", as: Int64.self)),
                    variantID: try row.decode(column: "variant_id", as: Int64?.self).map(VariantID.init), emails: try Self.emailCounts(row))
            }
        }
        // Active prospects, not unsubscribed, whose current step is an email not yet sent.
        async let scheduled = database.read { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM sequence_prospects sp JOIN sequence_steps st ON st.id = sp.step_id JOIN prospects p ON p.id = sp.prospect_id
                WHERE sp.sequence_id = \(bind: id) AND sp.status = 'active' AND st.channel = 1 AND p.unsubscribed_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM outbound_messages o WHERE o.sequence_id = sp.sequence_id AND o.prospect_id = sp.prospect_id AND o.step_id = sp.step_id)
                """
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        }
        var prospects = try await counts
        let byOutcome = try await outcomes
        prospects.outcomes = byOutcome.outcomes
        prospects.dealValues = byOutcome.dealValues
        return (prospects, try await emails, try await scheduled)
    }

    public func mailboxCounts(_ mailbox: EmailAccountID) async throws -> (sequences: Int, prospects: ProspectCounts, emails: EmailCounts) {
        try await database.read { db in
            let id = mailbox.rawValue
            let sequences = try await db.raw("SELECT COUNT(*) AS n FROM sequence_email_accounts WHERE email_account_id = \(bind: id)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            // The prospects this mailbox wrote to, with the counts of those emails; unsubscribing
            // belongs to no email, so it is the prospect's.
            let contacted: SQLQueryString = """
                FROM (
                  SELECT o.prospect_id,
                    SUM(CASE WHEN o.status IN ('sent', 'unknown') THEN 1 ELSE 0 END) AS sent,
                    SUM(o.opened_count) AS opened, SUM(o.clicked_count) AS clicked,
                    SUM(o.replied_count) AS replied, SUM(o.bounced_count) AS bounced,
                    MAX(CASE WHEN p.unsubscribed_at IS NOT NULL THEN 1 ELSE 0 END) AS unsubscribed
                  FROM outbound_messages o JOIN prospects p ON p.id = o.prospect_id
                  WHERE o.email_account_id = \(bind: id) AND o.status <> 'sending'
                  GROUP BY o.prospect_id
                ) f
                """
            var prospects = try await Self.prospectCounts(from: contacted, db)
            try await Self.outcomes(from: "FROM sequence_prospects sp WHERE sp.thread_mailbox_id = \(bind: id)", into: &prospects, db)
            let emails = try await db.raw(
                """
                SELECT \(Self.emailCountColumns)
                FROM outbound_messages o
                WHERE o.email_account_id = \(bind: id) AND o.status <> 'sending'
                """
            ).first().map(Self.emailCounts) ?? EmailCounts()
            return (sequences, prospects, emails)
        }
    }

    public func sentEmails(in account: AccountID, sequences: [SequenceID], from: Date, to: Date, page: PageRequest) async throws -> Page<SentEmailReport> {
        try await database.read { db in
            let chosen: SQLQueryString = sequences.isEmpty ? "" : "AND o.sequence_id IN (\(binds: sequences.map(\.rawValue)))"
            let scope: SQLQueryString = """
                o.account_id = \(bind: account.rawValue) \(chosen) AND o.status <> 'sending'
                AND o.created_at >= \(bind: from) AND o.created_at < \(bind: to)
                """
            let total = try await db.raw("SELECT COUNT(*) AS n FROM outbound_messages o WHERE \(scope)").first(decodingColumn: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                """
                SELECT o.id, o.sequence_id, o.prospect_id, o.recipient, o.created_at, o.sent_at, s.title, s.client_id,
                       u.first_name AS owner_first, u.last_name AS owner_last, u.email AS owner_email, sender.from_email AS sender_email,
                       (SELECT COUNT(*) FROM sequence_steps o2 JOIN sequence_steps st ON st.id = o.step_id WHERE o2.sequence_id = st.sequence_id
                          AND (o2.absolute_days < st.absolute_days OR (o2.absolute_days = st.absolute_days AND o2.id <= st.id))) AS step_number,
                       o.opened_count AS open_count,
                       (SELECT MAX(e.occurred_at) FROM events e WHERE e.outbound_id = o.id AND e.kind = 'email-opened') AS last_opened_at,
                       o.clicked_count AS click_count,
                       (SELECT MAX(e.occurred_at) FROM events e WHERE e.outbound_id = o.id AND e.kind = 'email-link-clicked') AS last_clicked_at,
                       (SELECT e.detail FROM events e WHERE e.outbound_id = o.id AND e.kind = 'email-link-clicked' ORDER BY e.id DESC LIMIT 1) AS last_link,
                       (SELECT MIN(e.occurred_at) FROM events e WHERE e.outbound_id = o.id AND e.kind = 'reply-received') AS replied_at,
                       (SELECT MIN(e.occurred_at) FROM events e WHERE e.outbound_id = o.id AND e.kind = 'email-bounced') AS bounced_at,
                       (SELECT MIN(e.occurred_at) FROM events e WHERE e.prospect_id = o.prospect_id AND e.sequence_id = o.sequence_id
                          AND e.kind = 'prospect-unsubscribed') AS unsubscribed_at,
                       (SELECT MIN(im.thread_id) FROM inbox_messages im WHERE im.outbound_id = o.id) AS thread_id,
                       COALESCE(
                         (SELECT sp.outcome FROM sequence_prospects sp WHERE sp.sequence_id = o.sequence_id AND sp.prospect_id = o.prospect_id),
                         (SELECT t.category FROM inbox_threads t WHERE t.id = (SELECT MIN(im.thread_id) FROM inbox_messages im WHERE im.outbound_id = o.id))
                       ) AS category
                FROM outbound_messages o
                JOIN sequences s ON s.id = o.sequence_id
                JOIN users u ON u.id = s.owner_id
                JOIN email_accounts sender ON sender.id = o.email_account_id
                WHERE \(scope)
                ORDER BY o.created_at, o.id
                LIMIT \(bind: page.size) OFFSET \(bind: (page.number - 1) * page.size)
                """
            ).all()
            var clients: [Int64: Client?] = [:]
            var reports: [SentEmailReport] = []
            for row in rows {
                var client: Client?
                if let clientID = try row.decode(column: "client_id", as: Int64?.self) {
                    if clients[clientID] == nil { clients[clientID] = try await SQLClientStore.client(ClientID(clientID), db) }
                    client = clients[clientID] ?? nil
                }
                let ownerName = "\(try row.decode(column: "owner_first", as: String.self)) \(try row.decode(column: "owner_last", as: String.self))"
                    .trimmingCharacters(in: .whitespaces)
                reports.append(
                    SentEmailReport(
                        outboundID: OutboundMessageID(try row.decode(column: "id", as: Int64.self)),
                        sequenceID: SequenceID(try row.decode(column: "sequence_id", as: Int64.self)), sequenceTitle: try row.decode(column: "title", as: String.self),
                        owner: ownerName.isEmpty ? try row.decode(column: "owner_email", as: String.self) : ownerName,
                        stepNumber: try row.decode(column: "step_number", as: Int?.self), senderEmail: try row.decode(column: "sender_email", as: String.self),
                        recipientEmail: try row.decode(column: "recipient", as: String.self),
                        prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self)),
                        sentAt: try row.decode(column: "sent_at", as: Date?.self) ?? row.decode(column: "created_at", as: Date.self),
                        openCount: try row.decode(column: "open_count", as: Int.self), lastOpenedAt: try row.decode(column: "last_opened_at", as: Date?.self),
                        clickCount: try row.decode(column: "click_count", as: Int.self), lastClickedAt: try row.decode(column: "last_clicked_at", as: Date?.self),
                        lastLinkClicked: try row.decode(column: "last_link", as: String?.self), repliedAt: try row.decode(column: "replied_at", as: Date?.self),
                        bouncedAt: try row.decode(column: "bounced_at", as: Date?.self),
                        unsubscribedAt: try row.decode(column: "unsubscribed_at", as: Date?.self),
                        conversationID: try row.decode(column: "thread_id", as: Int64?.self).map(InboxThreadID.init),
                        category: try row.decode(column: "category", as: String?.self), client: client))
            }
            return Page(items: reports, totalItems: total, request: page)
        }
    }

    public func userCounts(
        in account: AccountID, users: [UserID], from: Date, to: Date, onlyProspectsAddedInPeriod: Bool, distinctProspects: Bool
    ) async throws -> [UserStats] {
        try await database.read { db in
            var stats: [Int64: UserStats] = [:]
            let chosen: SQLQueryString = users.isEmpty ? "" : "AND id IN (\(binds: users.map(\.rawValue)))"
            for row in try await db.raw("SELECT id, first_name, last_name, email FROM users WHERE account_id = \(bind: account.rawValue) \(chosen) ORDER BY id").all() {
                let id = try row.decode(column: "id", as: Int64.self)
                let name = "\(try row.decode(column: "first_name", as: String.self)) \(try row.decode(column: "last_name", as: String.self))"
                stats[id] = UserStats(userID: UserID(id), name: name.trimmingCharacters(in: .whitespaces), email: try row.decode(column: "email", as: String.self))
            }
            guard !stats.isEmpty else { return [] }
            let owners: SQLQueryString = "s.owner_id IN (\(binds: Array(stats.keys)))"
            let added: SQLQueryString = "sp.enrolled_at >= \(bind: from) AND sp.enrolled_at < \(bind: to)"
            for row in try await db.raw(
                """
                SELECT s.owner_id, COUNT(*) AS added FROM sequence_prospects sp JOIN sequences s ON s.id = sp.sequence_id
                WHERE \(owners) AND \(added) GROUP BY s.owner_id
                """
            ).all() {
                stats[try row.decode(column: "owner_id", as: Int64.self)]?.prospectsAdded = try row.decode(column: "added", as: Int.self)
            }
            // Engagement counts distinct prospects, or distinct emails; unsubscribes belong to no email.
            let unit: SQLQueryString = distinctProspects ? "e.prospect_id" : "e.outbound_id"
            let relative: SQLQueryString = onlyProspectsAddedInPeriod
                ? "JOIN sequence_prospects sp ON sp.sequence_id = e.sequence_id AND sp.prospect_id = e.prospect_id AND \(added)" : ""
            for row in try await db.raw(
                """
                SELECT s.owner_id,
                  SUM(CASE WHEN e.kind = 'email-sent' THEN 1 ELSE 0 END) AS sent,
                  COUNT(DISTINCT CASE WHEN e.kind = 'email-sent' THEN e.prospect_id END) AS contacted,
                  COUNT(DISTINCT CASE WHEN e.kind = 'email-opened' THEN \(unit) END) AS opened,
                  COUNT(DISTINCT CASE WHEN e.kind = 'email-link-clicked' THEN \(unit) END) AS clicked,
                  COUNT(DISTINCT CASE WHEN e.kind = 'reply-received' THEN \(unit) END) AS replied,
                  COUNT(DISTINCT CASE WHEN e.kind = 'email-bounced' THEN \(unit) END) AS bounced,
                  COUNT(DISTINCT CASE WHEN e.kind = 'prospect-unsubscribed' THEN e.prospect_id END) AS unsubscribed
                FROM events e JOIN sequences s ON s.id = e.sequence_id \(relative)
                WHERE e.account_id = \(bind: account.rawValue) AND \(owners) AND e.occurred_at >= \(bind: from) AND e.occurred_at < \(bind: to)
                GROUP BY s.owner_id
                """
            ).all() {
                let owner = try row.decode(column: "owner_id", as: Int64.self)
                stats[owner]?.emailsSent = try row.decode(column: "sent", as: Int?.self) ?? 0
                stats[owner]?.prospectsContacted = try row.decode(column: "contacted", as: Int.self)
                stats[owner]?.opened = try row.decode(column: "opened", as: Int.self)
                stats[owner]?.clicked = try row.decode(column: "clicked", as: Int.self)
                stats[owner]?.replied = try row.decode(column: "replied", as: Int.self)
                stats[owner]?.bounced = try row.decode(column: "bounced", as: Int.self)
                stats[owner]?.unsubscribed = try row.decode(column: "unsubscribed", as: Int.self)
            }
            // Outcomes set on enrolments touched in the period (added in it, when relative).
            let touched: SQLQueryString = onlyProspectsAddedInPeriod ? added : "sp.updated_at >= \(bind: from) AND sp.updated_at < \(bind: to)"
            for row in try await db.raw(
                """
                SELECT s.owner_id, sp.outcome, COUNT(*) AS n FROM sequence_prospects sp JOIN sequences s ON s.id = sp.sequence_id
                WHERE \(owners) AND sp.outcome IS NOT NULL AND \(touched) GROUP BY s.owner_id, sp.outcome
                """
            ).all() {
                let owner = try row.decode(column: "owner_id", as: Int64.self)
                stats[owner]?.outcomes[try row.decode(column: "outcome", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return stats.keys.sorted().compactMap { stats[$0] }
        }
    }
}
