import Foundation
import ReachCore
import SQLKit

public struct SQLInboxStore: InboxStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func hasMessage(_ messageID: String, in mailbox: EmailAccountID) async throws -> Bool {
        try await database.read { db in
            try await db.raw(
                "SELECT 1 AS found FROM inbox_messages WHERE email_account_id = \(bind: mailbox.rawValue) AND message_id = \(bind: messageID)"
            ).first() != nil
        }
    }

    static let sentColumns: SQLQueryString =
        "id, account_id, sequence_id, step_id, prospect_id, email_account_id, message_id, recipient, subject"

    public func sentMessage(withAnyOf messageIDs: [String], in account: AccountID) async throws -> SentMessage? {
        guard !messageIDs.isEmpty else { return nil }
        return try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT \(Self.sentColumns) FROM outbound_messages
                WHERE message_id IN (\(binds: Array(messageIDs.prefix(100)))) AND account_id = \(bind: account.rawValue)
                """
            ).all().map(Self.sent)
            return messageIDs.lazy.compactMap { id in rows.first { $0.messageID == id } }.first
        }
    }

    public func sentMessage(_ id: OutboundMessageID) async throws -> SentMessage? {
        try await database.read { db in
            try await db.raw("SELECT \(Self.sentColumns) FROM outbound_messages WHERE id = \(bind: id.rawValue)").first().map(Self.sent)
        }
    }

    public func sentMessages(to recipient: EmailAddress, from mailbox: EmailAccountID, in account: AccountID, limit: Int) async throws -> [SentMessage] {
        try await database.read { db in
            // By the prospect the address belongs to (unique per account), then their emails by date.
            try await db.raw(
                """
                SELECT o.id, o.account_id, o.sequence_id, o.step_id, o.prospect_id, o.email_account_id, o.message_id, o.recipient, o.subject
                FROM prospects p JOIN outbound_messages o ON o.prospect_id = p.id
                WHERE p.account_id = \(bind: account.rawValue) AND p.email_key = \(bind: recipient.normalized)
                  AND o.email_account_id = \(bind: mailbox.rawValue) AND o.status IN ('sent', 'unknown')
                ORDER BY o.created_at DESC, o.id DESC LIMIT \(bind: limit)
                """
            ).all().map(Self.sent)
        }
    }

    static func sent(_ row: any SQLRow) throws -> SentMessage {
        SentMessage(
            id: OutboundMessageID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            sequenceID: SequenceID(try row.decode(column: "sequence_id", as: Int64.self)),
            stepID: StepID(try row.decode(column: "step_id", as: Int64.self)),
            prospectID: ProspectID(try row.decode(column: "prospect_id", as: Int64.self)),
            emailAccountID: EmailAccountID(try row.decode(column: "email_account_id", as: Int64.self)),
            messageID: try row.decode(column: "message_id", as: String.self),
            recipient: try row.decode(column: "recipient", as: String.self),
            subject: try row.decode(column: "subject", as: String.self))
    }

    public func thread(mailbox: EmailAccountID, prospect: ProspectID?, sequence: SequenceID?, account: AccountID, subject: String, at date: Date)
        async throws -> InboxThread
    {
        try await database.write { db in
            // The unique conversation index makes a concurrent second insert a no-op; then the
            // thread is read, whoever made it.
            try await db.raw(
                """
                INSERT INTO inbox_threads (account_id, email_account_id, prospect_id, sequence_id, subject, category, is_read, is_archived,
                                           last_message_at, created_at)
                VALUES (\(bind: account.rawValue), \(bind: mailbox.rawValue), \(bind: prospect?.rawValue), \(bind: sequence?.rawValue),
                        \(bind: subject), \(bind: UniboxCategory.uncategorized), \(bind: true), \(bind: false), \(bind: date), \(bind: date))
                ON CONFLICT DO NOTHING
                """
            ).run()
            let row = try await db.raw(
                """
                SELECT \(Self.threadColumns) FROM inbox_threads
                WHERE email_account_id = \(bind: mailbox.rawValue) AND COALESCE(prospect_id, 0) = \(bind: prospect?.rawValue ?? 0)
                  AND COALESCE(sequence_id, 0) = \(bind: sequence?.rawValue ?? 0)
                """
            ).first()
            guard let row else { throw ReachError.internalFailure }
            return try Self.thread(row)
        }
    }

    public func removeMessage(_ id: InboxMessageID) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM inbox_messages WHERE id = \(bind: id.rawValue)").run()
        }
    }

    public func add(_ message: NewInboxMessage, at date: Date) async throws -> InboxMessageID? {
        let mail = message.mail
        let classification = message.classification
        return try await database.write { db in
            guard
                let id = try await db.raw(
                    """
                    INSERT INTO inbox_messages (
                        account_id, thread_id, email_account_id, direction, message_id, in_reply_to, reference_ids, from_address, from_name,
                        to_addresses, cc_addresses, subject, text_body, html_body, new_text, kind, rule, classified_by, return_date,
                        bounce_severity, bounce_status, bounced_address, outbound_id, folder, uid, occurred_at, created_at)
                    VALUES (
                        \(bind: message.accountID.rawValue), \(bind: message.threadID.rawValue), \(bind: message.emailAccountID.rawValue),
                        \(bind: message.direction.rawValue), \(bind: message.messageID), \(bind: mail.inReplyTo.first),
                        \(bind: SQLBatch.jsonArray(mail.references)), \(bind: mail.from ?? ""), \(bind: mail.fromName),
                        \(bind: SQLBatch.jsonArray(mail.to)), \(bind: SQLBatch.jsonArray(mail.cc)), \(bind: mail.subject), \(bind: mail.text),
                        \(bind: mail.html), \(bind: mail.newText), \(bind: classification?.kind.rawValue), \(bind: classification?.rule),
                        \(bind: classification == nil ? nil : InboxMessage.Judge.rules.rawValue), \(bind: classification?.returnDate),
                        \(bind: classification?.bounceSeverity?.rawValue), \(bind: classification?.bounceStatus),
                        \(bind: classification?.bouncedAddress), \(bind: message.outboundID?.rawValue), \(bind: message.folder),
                        \(bind: message.uid), \(bind: mail.date ?? date), \(bind: date))
                    ON CONFLICT (email_account_id, message_id) DO NOTHING
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { return nil }
            // A received message makes the thread unread; one the user sent from the inbox does not.
            try await db.raw(
                """
                UPDATE inbox_threads
                SET last_message_at = CASE WHEN last_message_at < \(bind: mail.date ?? date) THEN \(bind: mail.date ?? date) ELSE last_message_at END,
                    is_read = \(bind: message.direction == .sent), is_archived = \(bind: false)
                WHERE id = \(bind: message.threadID.rawValue)
                """
            ).run()
            return InboxMessageID(id)
        }
    }

    public func flagForReview(_ thread: InboxThreadID, reason: String) async throws {
        try await database.write { db in
            try await db.raw("UPDATE inbox_threads SET review_reason = \(bind: reason) WHERE id = \(bind: thread.rawValue)").run()
        }
    }

    static let threadColumns: SQLQueryString = """
        id, account_id, email_account_id, prospect_id, sequence_id, subject, category, is_read, is_archived, review_reason, last_message_at, created_at
        """

    static func thread(_ row: any SQLRow) throws -> InboxThread {
        InboxThread(
            id: InboxThreadID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            emailAccountID: EmailAccountID(try row.decode(column: "email_account_id", as: Int64.self)),
            prospectID: try row.decode(column: "prospect_id", as: Int64?.self).map(ProspectID.init),
            sequenceID: try row.decode(column: "sequence_id", as: Int64?.self).map(SequenceID.init),
            subject: try row.decode(column: "subject", as: String.self),
            category: try row.decode(column: "category", as: String.self),
            isRead: try row.decode(column: "is_read", as: Bool.self),
            isArchived: try row.decode(column: "is_archived", as: Bool.self),
            reviewReason: try row.decode(column: "review_reason", as: String?.self),
            lastMessageAt: try row.decode(column: "last_message_at", as: Date.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    static let messageColumns: SQLQueryString = """
        id, thread_id, email_account_id, direction, message_id, in_reply_to, reference_ids, from_address, from_name, to_addresses, cc_addresses,
        subject, text_body, html_body, new_text, kind, rule, classified_by, return_date, bounce_severity, bounce_status, bounced_address,
        outbound_id, occurred_at
        """

    static func message(_ row: any SQLRow) throws -> InboxMessage {
        var classification: MailClassification?
        if let kind = try row.decode(column: "kind", as: String?.self).flatMap(MailClassification.Kind.init(rawValue:)) {
            classification = MailClassification(
                kind: kind, rule: try row.decode(column: "rule", as: String?.self) ?? "",
                returnDate: try row.decode(column: "return_date", as: Date?.self),
                bounceSeverity: try row.decode(column: "bounce_severity", as: String?.self).flatMap(MailClassification.BounceSeverity.init(rawValue:)),
                bouncedAddress: try row.decode(column: "bounced_address", as: String?.self),
                bounceStatus: try row.decode(column: "bounce_status", as: String?.self))
        }
        return InboxMessage(
            id: InboxMessageID(try row.decode(column: "id", as: Int64.self)),
            threadID: InboxThreadID(try row.decode(column: "thread_id", as: Int64.self)),
            emailAccountID: EmailAccountID(try row.decode(column: "email_account_id", as: Int64.self)),
            direction: InboxMessage.Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .received,
            messageID: try row.decode(column: "message_id", as: String.self),
            inReplyTo: try row.decode(column: "in_reply_to", as: String?.self),
            references: SQLBatch.stringArray(fromJSON: try row.decode(column: "reference_ids", as: String.self)),
            from: try row.decode(column: "from_address", as: String.self),
            fromName: try row.decode(column: "from_name", as: String?.self),
            to: SQLBatch.stringArray(fromJSON: try row.decode(column: "to_addresses", as: String.self)),
            cc: SQLBatch.stringArray(fromJSON: try row.decode(column: "cc_addresses", as: String.self)),
            subject: try row.decode(column: "subject", as: String.self),
            text: try row.decode(column: "text_body", as: String.self),
            html: try row.decode(column: "html_body", as: String?.self),
            newText: try row.decode(column: "new_text", as: String.self),
            classification: classification,
            classifiedBy: try row.decode(column: "classified_by", as: String?.self).flatMap(InboxMessage.Judge.init(rawValue:)),
            outboundID: try row.decode(column: "outbound_id", as: Int64?.self).map(OutboundMessageID.init),
            occurredAt: try row.decode(column: "occurred_at", as: Date.self))
    }

    public func thread(_ id: InboxThreadID, in account: AccountID) async throws -> InboxThread? {
        try await database.read { db in
            try await db.raw(
                "SELECT \(Self.threadColumns) FROM inbox_threads WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)"
            ).first().map(Self.thread)
        }
    }

    public func threads(in account: AccountID, matching query: InboxQuery) async throws -> Page<InboxThreadSummary> {
        try await database.read { db in
            // A thread whose first message could not be kept is not shown.
            var filter: SQLQueryString = "t.account_id = \(bind: account.rawValue) AND EXISTS (SELECT 1 FROM inbox_messages e WHERE e.thread_id = t.id)"
            if !query.includeArchived { filter = "\(filter) AND NOT t.is_archived" }
            if !query.owners.isEmpty { filter = "\(filter) AND m.user_id IN (\(binds: query.owners.map(\.rawValue)))" }
            if let categories = query.categories {
                // An empty list (a sentiment no chosen category has) matches nothing.
                filter = categories.isEmpty ? "\(filter) AND 1 = 0" : "\(filter) AND t.category IN (\(binds: categories))"
            }
            if !query.sequences.isEmpty { filter = "\(filter) AND t.sequence_id IN (\(binds: query.sequences.map(\.rawValue)))" }
            if !query.emailAccounts.isEmpty { filter = "\(filter) AND t.email_account_id IN (\(binds: query.emailAccounts.map(\.rawValue)))" }
            if !query.clients.isEmpty { filter = "\(filter) AND m.client_id IN (\(binds: query.clients.map(\.rawValue)))" }
            if let start = query.start { filter = "\(filter) AND t.last_message_at >= \(bind: start)" }
            if let end = query.end { filter = "\(filter) AND t.last_message_at <= \(bind: end)" }
            if let isRead = query.isRead { filter = "\(filter) AND t.is_read = \(bind: isRead)" }
            switch query.type {
            case .system: filter = "\(filter) AND t.sequence_id IS NOT NULL"
            case .external: filter = "\(filter) AND t.sequence_id IS NULL"
            case nil: break
            }
            if let search = query.search {
                let pattern = SQLPattern.contains(search)
                filter = """
                    \(filter) AND (LOWER(t.subject) LIKE \(bind: pattern) ESCAPE '\\' OR p.email_key LIKE \(bind: pattern) ESCAPE '\\'
                      OR EXISTS (SELECT 1 FROM inbox_messages x WHERE x.thread_id = t.id
                                 AND (LOWER(x.new_text) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(x.from_address) LIKE \(bind: pattern) ESCAPE '\\')))
                    """
            }
            let tables: SQLQueryString = """
                inbox_threads t JOIN email_accounts m ON m.id = t.email_account_id
                LEFT JOIN prospects p ON p.id = t.prospect_id
                LEFT JOIN sequences s ON s.id = t.sequence_id
                """
            let total = try await db.raw("SELECT COUNT(*) AS n FROM \(tables) WHERE \(filter)").first(decodingColumn: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                """
                SELECT t.id, t.account_id, t.email_account_id, t.prospect_id, t.sequence_id, t.subject, t.category, t.is_read, t.is_archived,
                       t.review_reason, t.last_message_at, t.created_at, p.email AS prospect_email, s.title AS sequence_title,
                       m.from_email AS mailbox_address, (SELECT COUNT(*) FROM inbox_messages c WHERE c.thread_id = t.id) AS message_count
                FROM \(tables) WHERE \(filter)
                ORDER BY t.last_message_at DESC, t.id DESC
                LIMIT \(bind: query.page.size) OFFSET \(bind: query.page.offset)
                """
            ).all()
            let threads = try rows.map(Self.thread)
            var latest: [InboxThreadID: InboxMessage] = [:]
            if !threads.isEmpty {
                // The newest message of each listed thread, in one query.
                let messages = try await db.raw(
                    """
                    SELECT \(Self.messageColumns) FROM inbox_messages x
                    WHERE x.thread_id IN (\(binds: threads.map(\.id.rawValue)))
                      AND x.id = (SELECT y.id FROM inbox_messages y WHERE y.thread_id = x.thread_id ORDER BY y.occurred_at DESC, y.id DESC LIMIT 1)
                    """
                ).all().map(Self.message)
                for message in messages { latest[message.threadID] = message }
            }
            var items: [InboxThreadSummary] = []
            for (row, thread) in zip(rows, threads) {
                guard let message = latest[thread.id] else { continue }
                items.append(
                    InboxThreadSummary(
                        thread: thread, latest: message, messageCount: try row.decode(column: "message_count", as: Int.self),
                        prospectEmail: try row.decode(column: "prospect_email", as: String?.self),
                        sequenceTitle: try row.decode(column: "sequence_title", as: String?.self),
                        mailboxAddress: try row.decode(column: "mailbox_address", as: String.self)))
            }
            return Page(items: items, totalItems: total, request: query.page)
        }
    }

    public func messages(of thread: InboxThreadID) async throws -> [InboxMessage] {
        try await database.read { db in
            try await db.raw(
                "SELECT \(Self.messageColumns) FROM inbox_messages WHERE thread_id = \(bind: thread.rawValue) ORDER BY occurred_at, id"
            ).all().map(Self.message)
        }
    }

    public func message(_ id: InboxMessageID, in account: AccountID) async throws -> InboxMessage? {
        try await database.read { db in
            try await db.raw(
                "SELECT \(Self.messageColumns) FROM inbox_messages WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)"
            ).first().map(Self.message)
        }
    }

    public func unreadThreadCount(in account: AccountID) async throws -> Int {
        try await database.read { db in
            try await db.raw(
                "SELECT COUNT(*) AS n FROM inbox_threads WHERE account_id = \(bind: account.rawValue) AND NOT is_read AND NOT is_archived"
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    public func updateThread(_ id: InboxThreadID, in account: AccountID, isRead: Bool?, isArchived: Bool?, category: String?) async throws -> Bool {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE inbox_threads
                SET is_read = COALESCE(\(bind: isRead), is_read), is_archived = COALESCE(\(bind: isArchived), is_archived),
                    category = COALESCE(\(bind: category), category)
                WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)
                RETURNING id
                """
            ).first() != nil
        }
    }

    public func reclassify(_ id: InboxMessageID, as classification: MailClassification) async throws {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE inbox_messages SET kind = \(bind: classification.kind.rawValue), rule = \(bind: classification.rule),
                       classified_by = \(bind: InboxMessage.Judge.user.rawValue)
                WHERE id = \(bind: id.rawValue)
                """
            ).run()
        }
    }

    public func colleagues(of prospect: ProspectID, at domain: String, in sequence: SequenceID) async throws -> [ProspectID] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT sp.prospect_id FROM sequence_prospects sp JOIN prospects p ON p.id = sp.prospect_id
                WHERE sp.sequence_id = \(bind: sequence.rawValue) AND sp.prospect_id <> \(bind: prospect.rawValue)
                  AND sp.status IN ('active', 'paused') AND p.email_domain = \(bind: domain.lowercased())
                """
            ).all(decodingColumn: "prospect_id", as: Int64.self).map(ProspectID.init)
        }
    }

    public func outcomeNames(in account: AccountID) async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT DISTINCT outcome FROM sequence_prospects
                WHERE account_id = \(bind: account.rawValue) AND outcome IS NOT NULL ORDER BY outcome
                """
            ).all(decodingColumn: "outcome", as: String.self)
        }
    }
}
