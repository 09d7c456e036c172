import Foundation
import ReachCore
import SQLKit

public struct SQLEmailAccountStore: EmailAccountStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    static let columns = """
        m.id, m.account_id, m.user_id, m.client_id, m.provider, m.from_email, m.from_name, m.first_name, m.last_name,
        m.smtp_host, m.smtp_port, m.smtp_encryption, m.smtp_user, m.smtp_password,
        m.imap_host, m.imap_port, m.imap_encryption, m.imap_user, m.imap_password,
        m.status, m.daily_quota, m.interval_min, m.interval_max, m.ramp_up_initial, m.ramp_up_percent, m.ramp_up_started_at,
        m.signature_html, m.bcc, m.health_score, m.smtp_error, m.imap_error, m.last_connected_at, m.created_at, m.updated_at
        """

    public func emailAccounts(in account: AccountID, matching query: EmailAccountListQuery) async throws -> EmailAccountPage {
        try await database.read { db in
            let filter = Self.filter(account: account, query)
            let total = try await db.raw("SELECT COUNT(*) AS n FROM email_accounts m WHERE \(filter)").first(decodingColumn: "n", as: Int.self) ?? 0
            let direction = SQLDirection(query.direction)
            // Ties sort by id so that paging is stable.
            let rows = try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM email_accounts m
                WHERE \(filter)
                ORDER BY \(unsafeRaw: query.sortField.orderExpression) \(direction), m.id \(direction)
                LIMIT \(bind: query.page.size) OFFSET \(bind: query.page.offset)
                """
            ).all()
            // The tabs above the list count the whole account, whatever the filter.
            let counts = try await db.raw(
                """
                SELECT COALESCE(SUM(CASE WHEN status = 0 THEN 0 ELSE 1 END), 0) AS connected,
                       COALESCE(SUM(CASE WHEN status = 0 THEN 1 ELSE 0 END), 0) AS disconnected
                FROM email_accounts WHERE account_id = \(bind: account.rawValue) AND deleted_at IS NULL
                """
            ).first()
            return EmailAccountPage(
                page: Page(items: try rows.map(Self.emailAccount), totalItems: total, request: query.page),
                connectedCount: try counts?.decode(column: "connected", as: Int.self) ?? 0,
                disconnectedCount: try counts?.decode(column: "disconnected", as: Int.self) ?? 0)
        }
    }

    static func filter(account: AccountID, _ query: EmailAccountListQuery) -> SQLQueryString {
        var filter: SQLQueryString = "m.account_id = \(bind: account.rawValue) AND m.deleted_at IS NULL"
        if let search = query.search {
            let pattern = SQLPattern.contains(search)
            filter = "\(filter) AND (LOWER(m.from_email) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(m.from_name) LIKE \(bind: pattern) ESCAPE '\\')"
        }
        if let sequences = query.sequenceIDs, !sequences.isEmpty {
            filter = """
                \(filter) AND m.id IN (SELECT email_account_id FROM sequence_email_accounts
                  WHERE sequence_id IN (\(binds: sequences.map(\.rawValue))))
                """
        }
        if let clients = query.clientIDs, !clients.isEmpty { filter = "\(filter) AND m.client_id IN (\(binds: clients.map(\.rawValue)))" }
        if let users = query.addedBy, !users.isEmpty { filter = "\(filter) AND m.user_id IN (\(binds: users.map(\.rawValue)))" }
        if let status = query.status { filter = "\(filter) AND m.status = \(bind: status.rawValue)" }
        if let providers = query.providers, !providers.isEmpty { filter = "\(filter) AND m.provider IN (\(binds: providers.map(\.rawValue)))" }
        return filter
    }

    public func emailAccount(_ id: EmailAccountID, in account: AccountID) async throws -> EmailAccount? {
        try await emailAccounts([id], in: account).first
    }

    public func emailAccounts(_ ids: [EmailAccountID], in account: AccountID) async throws -> [EmailAccount] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM email_accounts m
                WHERE m.account_id = \(bind: account.rawValue) AND m.deleted_at IS NULL AND m.id IN (\(binds: ids.map(\.rawValue)))
                """
            ).all().map(Self.emailAccount)
        }
    }

    public func emailAccount(sending from: EmailAddress, in account: AccountID) async throws -> EmailAccount? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.columns) FROM email_accounts m
                WHERE m.account_id = \(bind: account.rawValue) AND m.deleted_at IS NULL AND m.from_email_key = \(bind: from.normalized)
                """
            ).first().map(Self.emailAccount)
        }
    }

    public func createEmailAccount(_ new: NewEmailAccount, in account: AccountID, at date: Date) async throws -> EmailAccount {
        do {
            let id = try await database.write { db in
                try await db.insert(into: "email_accounts")
                    .columns(
                        "account_id", "user_id", "provider", "from_email", "from_email_key", "from_name", "first_name", "last_name",
                        "smtp_host", "smtp_port", "smtp_encryption", "smtp_user", "smtp_password",
                        "imap_host", "imap_port", "imap_encryption", "imap_user", "imap_password",
                        "status", "daily_quota", "interval_min", "interval_max", "signature_html", "bcc", "health_score",
                        "smtp_error", "imap_error", "last_connected_at", "created_at", "updated_at")
                    .values(
                        SQLBind(account.rawValue), SQLBind(new.userID.rawValue), SQLBind(new.provider.rawValue), SQLBind(new.sender.email.address),
                        SQLBind(new.sender.email.normalized), SQLBind(new.sender.fromName), SQLBind(new.sender.firstName), SQLBind(new.sender.lastName),
                        SQLBind(new.smtp.host), SQLBind(new.smtp.port), SQLBind(new.smtp.encryption.rawValue), SQLBind(new.smtp.userName),
                        SQLBind(new.sealedSMTPPassword),
                        SQLBind(new.imap.host), SQLBind(new.imap.port), SQLBind(new.imap.encryption.rawValue), SQLBind(new.imap.userName),
                        SQLBind(new.sealedIMAPPassword),
                        SQLBind(new.status.rawValue), SQLBind(new.limits.dailyQuota), SQLBind(new.limits.intervalMinimum),
                        SQLBind(new.limits.intervalMaximum), SQLBind(""), SQLBind("[]"), SQLBind(new.healthScore),
                        SQLBatch.optional(new.check.smtpError), SQLBatch.optional(new.check.imapError),
                        new.check.isConnected ? SQLBind(date) : SQLLiteral.null, SQLBind(date), SQLBind(date))
                    .returning("id").first(decodingColumn: "id", as: Int64.self)!
            }
            guard let created = try await emailAccount(EmailAccountID(id), in: account) else { throw ReachError.internalFailure }
            return created
        } catch where StorageErrors.isUniqueViolation(error) {
            throw ReachError(.conflict, code: 1001, message: "Email account already exists")
        }
    }

    public func updateEmailAccount(_ mailbox: EmailAccount) async throws {
        try await database.write { db in
            var update = db.update("email_accounts")
                .set("client_id", to: mailbox.clientID.map { SQLBind($0.rawValue) as any SQLExpression } ?? SQLLiteral.null)
                .set("from_name", to: SQLBind(mailbox.sender.fromName))
                .set("first_name", to: SQLBind(mailbox.sender.firstName))
                .set("last_name", to: SQLBind(mailbox.sender.lastName))
                .set("status", to: SQLBind(mailbox.status.rawValue))
                .set("daily_quota", to: SQLBind(mailbox.limits.dailyQuota))
                .set("interval_min", to: SQLBind(mailbox.limits.intervalMinimum))
                .set("interval_max", to: SQLBind(mailbox.limits.intervalMaximum))
                .set("ramp_up_initial", to: mailbox.limits.rampUp.map { SQLBind($0.initialDailyLimit) as any SQLExpression } ?? SQLLiteral.null)
                .set("ramp_up_percent", to: mailbox.limits.rampUp.map { SQLBind($0.percentPerDay) as any SQLExpression } ?? SQLLiteral.null)
                .set("ramp_up_started_at", to: mailbox.limits.rampUp.map { SQLBind($0.startedAt) as any SQLExpression } ?? SQLLiteral.null)
                .set("signature_html", to: SQLBind(mailbox.signatureHTML))
                .set("bcc", to: SQLBind(SQLBatch.jsonArray(mailbox.bcc)))
                .set("health_score", to: SQLBind(mailbox.healthScore))
                .set("smtp_error", to: SQLBatch.optional(mailbox.smtpError))
                .set("imap_error", to: SQLBatch.optional(mailbox.imapError))
                .set("last_connected_at", to: mailbox.lastConnectedAt.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("updated_at", to: SQLBind(mailbox.updatedAt))
                .where("id", .equal, mailbox.id.rawValue).where("account_id", .equal, mailbox.accountID.rawValue)
            // A mailbox that is not sending has no run of failures: resumed, it starts afresh.
            if mailbox.status != .active { update = update.set("send_failures", to: SQLBind(0)) }
            try await update.run()
        }
    }

    public func deleteEmailAccount(_ id: EmailAccountID, in account: AccountID, at date: Date) async throws -> Bool {
        try await database.write { db in
            let found = try await db.raw(
                "SELECT id FROM email_accounts WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue) AND deleted_at IS NULL"
            ).first() != nil
            guard found else { return false }
            // The row stays for the history of what it sent; its secrets and links go.
            try await db.raw(
                """
                UPDATE email_accounts SET deleted_at = \(bind: date), updated_at = \(bind: date), status = 0,
                  smtp_password = '', imap_password = '', client_id = NULL
                WHERE id = \(bind: id.rawValue)
                """
            ).run()
            try await db.raw("DELETE FROM sequence_email_accounts WHERE email_account_id = \(bind: id.rawValue)").run()
            return true
        }
    }

    public func sequences(using ids: [EmailAccountID]) async throws -> [EmailAccountID: [SequenceReference]] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT l.email_account_id, s.id, s.title FROM sequence_email_accounts l JOIN sequences s ON s.id = l.sequence_id
                WHERE l.email_account_id IN (\(binds: ids.map(\.rawValue))) ORDER BY s.id
                """
            ).all()
            var result: [EmailAccountID: [SequenceReference]] = [:]
            for row in rows {
                let mailbox = EmailAccountID(try row.decode(column: "email_account_id", as: Int64.self))
                result[mailbox, default: []].append(
                    SequenceReference(id: SequenceID(try row.decode(column: "id", as: Int64.self)), title: try row.decode(column: "title", as: String.self)))
            }
            return result
        }
    }

    public func links(of sequences: [SequenceID]) async throws -> [SequenceID: [SequenceMailboxLink]] {
        guard !sequences.isEmpty else { return [:] }
        return try await database.read { db in
            var links: [SequenceID: [SequenceMailboxLink]] = [:]
            try await SQLBatch.inSlices(sequences) { slice in
                for row in try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.columns), l.sequence_id, l.created_at AS attached_at
                    FROM sequence_email_accounts l JOIN email_accounts m ON m.id = l.email_account_id
                    WHERE l.sequence_id IN (\(binds: slice.map(\.rawValue))) AND m.deleted_at IS NULL
                    ORDER BY l.created_at, m.id
                    """
                ).all() {
                    links[SequenceID(try row.decode(column: "sequence_id", as: Int64.self)), default: []].append(
                        SequenceMailboxLink(emailAccount: try Self.emailAccount(row), attachedAt: try row.decode(column: "attached_at", as: Date.self)))
                }
            }
            return links
        }
    }

    public func attach(_ ids: [EmailAccountID], to sequence: SequenceID, at date: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { db in
            var insert = db.insert(into: "sequence_email_accounts").columns("sequence_id", "email_account_id", "created_at")
            for id in ids { insert = insert.values(SQLBind(sequence.rawValue), SQLBind(id.rawValue), SQLBind(date)) }
            try await insert.run()
        }
    }

    public func detach(_ ids: [EmailAccountID], from sequence: SequenceID) async throws {
        guard !ids.isEmpty else { return }
        try await database.write { db in
            try await db.raw(
                "DELETE FROM sequence_email_accounts WHERE sequence_id = \(bind: sequence.rawValue) AND email_account_id IN (\(binds: ids.map(\.rawValue)))"
            ).run()
        }
    }

    // MARK: Jobs

    static let jobColumns = "id, account_id, user_id, kind, payload, total_items, results, is_completed, created_at, completed_at"

    public func createJob(_ job: NewMailboxJob, in account: AccountID, at date: Date) async throws -> MailboxJob {
        let id = try await database.write { db in
            try await db.insert(into: "email_account_jobs")
                .columns("account_id", "user_id", "kind", "payload", "total_items", "results", "is_completed", "created_at")
                .values(
                    SQLBind(account.rawValue), SQLBind(job.userID.rawValue), SQLBind(job.kind.rawValue), SQLBind(job.payload),
                    SQLBind(job.totalItems), SQLBind("[]"), SQLBind(false), SQLBind(date))
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
        }
        guard let created = try await self.job(MailboxJobID(id), in: account) else { throw ReachError.internalFailure }
        return created
    }

    public func job(_ id: MailboxJobID, in account: AccountID) async throws -> MailboxJob? {
        try await database.read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: Self.jobColumns) FROM email_account_jobs WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue)"
            ).first().map(Self.job)
        }
    }

    public func job(signedLinkTo id: MailboxJobID) async throws -> MailboxJob? {
        try await database.read { db in
            try await db.raw("SELECT \(unsafeRaw: Self.jobColumns) FROM email_account_jobs WHERE id = \(bind: id.rawValue)").first().map(Self.job)
        }
    }

    public func claimNextJob(worker: String, now: Date, leaseUntil: Date) async throws -> MailboxJob? {
        try await database.write { db in
            // PostgreSQL: concurrent workers skip the rows another has locked. SQLite: one writer.
            let skipLocked: SQLQueryString = db.isPostgreSQL ? "FOR UPDATE SKIP LOCKED" : ""
            guard
                let id = try await db.raw(
                    """
                    SELECT id FROM email_account_jobs
                    WHERE NOT is_completed AND (lease_expires_at IS NULL OR lease_expires_at < \(bind: now))
                    ORDER BY id LIMIT 1 \(skipLocked)
                    """
                ).first(decodingColumn: "id", as: Int64.self)
            else { return nil }
            try await db.update("email_account_jobs")
                .set("lease_owner", to: SQLBind(worker)).set("lease_expires_at", to: SQLBind(leaseUntil))
                .where("id", .equal, id).run()
            return try await db.raw("SELECT \(unsafeRaw: Self.jobColumns) FROM email_account_jobs WHERE id = \(bind: id)").first().map(Self.job)
        }
    }

    public func saveJobResults(_ id: MailboxJobID, results: [MailboxJobResult], completed: Bool, leaseUntil: Date, at date: Date) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(results), as: UTF8.self)
        try await database.write { db in
            var update = db.update("email_account_jobs")
                .set("results", to: SQLBind(encoded)).set("is_completed", to: SQLBind(completed))
                .set("lease_expires_at", to: completed ? SQLLiteral.null : SQLBind(leaseUntil))
            if completed {
                // The sealed mailboxes are not needed once every one is saved or reported.
                update = update.set("completed_at", to: SQLBind(date)).set("payload", to: SQLBind("")).set("lease_owner", to: SQLLiteral.null)
            }
            try await update.where("id", .equal, id.rawValue).run()
        }
    }

    // MARK: Rows

    static func emailAccount(_ row: any SQLRow) throws -> EmailAccount {
        guard let provider = EmailServiceProvider(rawValue: try row.decode(column: "provider", as: String.self)),
              let status = EmailAccountStatus(rawValue: try row.decode(column: "status", as: Int.self)),
              let smtpEncryption = MailEncryption(rawValue: try row.decode(column: "smtp_encryption", as: String.self)),
              let imapEncryption = MailEncryption(rawValue: try row.decode(column: "imap_encryption", as: String.self))
        else { throw ReachError.internalFailure }
        var rampUp: SendingLimits.RampUp?
        if let initial = try row.decode(column: "ramp_up_initial", as: Int?.self), let percent = try row.decode(column: "ramp_up_percent", as: Int?.self),
           let started = try row.decode(column: "ramp_up_started_at", as: Date?.self) {
            rampUp = .init(initialDailyLimit: initial, percentPerDay: percent, startedAt: started)
        }
        return EmailAccount(
            id: EmailAccountID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            userID: UserID(try row.decode(column: "user_id", as: Int64.self)),
            clientID: try row.decode(column: "client_id", as: Int64?.self).map(ClientID.init),
            provider: provider,
            sender: SenderIdentity(
                email: EmailAddress(stored: try row.decode(column: "from_email", as: String.self)),
                fromName: try row.decode(column: "from_name", as: String.self),
                firstName: try row.decode(column: "first_name", as: String.self),
                lastName: try row.decode(column: "last_name", as: String.self)),
            smtp: MailServerAddress(
                host: try row.decode(column: "smtp_host", as: String.self), port: try row.decode(column: "smtp_port", as: Int.self),
                encryption: smtpEncryption, userName: try row.decode(column: "smtp_user", as: String.self)),
            imap: MailServerAddress(
                host: try row.decode(column: "imap_host", as: String.self), port: try row.decode(column: "imap_port", as: Int.self),
                encryption: imapEncryption, userName: try row.decode(column: "imap_user", as: String.self)),
            sealedSMTPPassword: try row.decode(column: "smtp_password", as: String.self),
            sealedIMAPPassword: try row.decode(column: "imap_password", as: String.self),
            status: status,
            limits: SendingLimits(
                dailyQuota: try row.decode(column: "daily_quota", as: Int.self), intervalMinimum: try row.decode(column: "interval_min", as: Int.self),
                intervalMaximum: try row.decode(column: "interval_max", as: Int.self), rampUp: rampUp),
            signatureHTML: try row.decode(column: "signature_html", as: String.self),
            bcc: SQLBatch.stringArray(fromJSON: try row.decode(column: "bcc", as: String.self)),
            healthScore: try row.decode(column: "health_score", as: Int.self),
            smtpError: try row.decode(column: "smtp_error", as: String?.self),
            imapError: try row.decode(column: "imap_error", as: String?.self),
            lastConnectedAt: try row.decode(column: "last_connected_at", as: Date?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func job(_ row: any SQLRow) throws -> MailboxJob {
        guard let kind = MailboxJob.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { throw ReachError.internalFailure }
        let results = try JSONDecoder().decode([MailboxJobResult].self, from: Data(try row.decode(column: "results", as: String.self).utf8))
        return MailboxJob(
            id: MailboxJobID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            userID: UserID(try row.decode(column: "user_id", as: Int64.self)),
            kind: kind, payload: try row.decode(column: "payload", as: String.self),
            totalItems: try row.decode(column: "total_items", as: Int.self), results: results,
            isCompleted: try row.decode(column: "is_completed", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            completedAt: try row.decode(column: "completed_at", as: Date?.self))
    }
}

extension EmailAccountSortField {
    /// What each sort orders by. The remaining quota is the daily quota until the sending engine
    /// records sends; the client's first name sorts mailboxes without a client first.
    var orderExpression: String {
        switch self {
        case .createdDate: "m.created_at"
        case .healthScore: "m.health_score"
        case .remainingQuota: "m.daily_quota"
        case .clientFirstName: "COALESCE((SELECT c.first_name FROM clients c WHERE c.id = m.client_id), '')"
        }
    }
}
