import Foundation
import Logging

extension EmailAccountService {
    /// At most this many mailboxes per bulk connect.
    public static let maximumBulkConnect = 1000

    /// Queues a bulk connect and answers with the job; the mailboxes wait sealed, passwords
    /// included, until a worker checks and saves them one by one.
    public func connectInBackground(_ requests: [MailboxConnectionRequest], by user: UserID, in account: AccountID) async throws -> MailboxJob {
        guard !requests.isEmpty else { throw ReachError.invalidInput("Add at least one email account to connect", code: 1001) }
        guard requests.count <= Self.maximumBulkConnect else {
            throw ReachError(.payloadTooLarge, code: 40003, message: "You can connect up to \(Self.maximumBulkConnect) email accounts at a time")
        }
        let payload = String(decoding: try JSONEncoder().encode(requests), as: UTF8.self)
        let job = try await store.createJob(
            NewMailboxJob(userID: user, kind: .connect, payload: try secrets.seal(payload), totalItems: requests.count), in: account, at: clock.now)
        signal.notify()
        return job
    }

    /// Queues a check of existing mailboxes; all must exist or nothing is queued.
    public func reconnectInBackground(_ ids: [EmailAccountID], undecodable: Int, by user: UserID, in account: AccountID) async throws -> MailboxJob {
        guard !ids.isEmpty, undecodable == 0 else { throw Self.invalidEmailAccounts }
        let unique = Array(Set(ids)).sorted()
        guard try await store.emailAccounts(unique, in: account).count == unique.count else { throw Self.invalidEmailAccounts }
        let job = try await store.createJob(
            NewMailboxJob(userID: user, kind: .reconnect, payload: unique.map { String($0.rawValue) }.joined(separator: ","), totalItems: unique.count),
            in: account, at: clock.now)
        signal.notify()
        return job
    }

    public func job(_ id: MailboxJobID, in account: AccountID) async throws -> MailboxJob {
        guard let job = try await store.job(id, in: account) else {
            throw ReachError.invalidInput("Email Account connect request not found", field: "requestId", code: 40000)
        }
        return job
    }

    /// The job a signed report link names; the link's signature is the authority.
    public func job(ofSignedLinkTo id: MailboxJobID) async throws -> MailboxJob {
        guard let job = try await store.job(signedLinkTo: id) else {
            throw ReachError.invalidInput("Email Account connect request not found", field: "requestId", code: 40000)
        }
        return job
    }

    /// How long a worker may hold a job between two saved results before another takes it over.
    static let jobLease: TimeInterval = 120

    /// Runs the next queued job to its end, saving each mailbox's result as it goes, so a job
    /// taken over after a crash resumes after the last saved mailbox. False when none was queued.
    public func runNextJob(worker: String, logger: Logger) async throws -> Bool {
        guard let job = try await store.claimNextJob(worker: worker, now: clock.now, leaseUntil: clock.now.addingTimeInterval(Self.jobLease)) else {
            return false
        }
        var results = job.results
        let done = Set(results.map(\.row))
        switch job.kind {
        case .connect:
            let requests: [MailboxConnectionRequest]
            do {
                requests = try JSONDecoder().decode([MailboxConnectionRequest].self, from: Data(try secrets.open(job.payload).utf8))
            } catch {
                logger.error("bulk connect job \(job.id) cannot be read: \(error)")
                try await store.saveJobResults(job.id, results: results, completed: true, leaseUntil: clock.now, at: clock.now)
                return true
            }
            for (index, request) in requests.enumerated() where !done.contains(index + 1) {
                results.append(await connectResult(row: index + 1, request, by: job.userID, in: job.accountID))
                try await store.saveJobResults(job.id, results: results, completed: false, leaseUntil: clock.now.addingTimeInterval(Self.jobLease), at: clock.now)
            }
        case .reconnect:
            let ids = job.payload.split(separator: ",").compactMap { Int64($0) }.map(EmailAccountID.init)
            for (index, id) in ids.enumerated() where !done.contains(index + 1) {
                let result: MailboxJobResult
                do {
                    let mailbox = try await reconnect(id, in: job.accountID)
                    result = MailboxJobResult(
                        row: index + 1, email: mailbox.sender.email.address, outcome: mailbox.smtpError == nil && mailbox.imapError == nil ? "connected" : "not-connected",
                        smtpError: mailbox.smtpError, imapError: mailbox.imapError, error: nil)
                } catch let error as ReachError {
                    result = MailboxJobResult(row: index + 1, email: "", outcome: "failed", smtpError: nil, imapError: nil, error: error.message)
                }
                results.append(result)
                try await store.saveJobResults(job.id, results: results, completed: false, leaseUntil: clock.now.addingTimeInterval(Self.jobLease), at: clock.now)
            }
        }
        try await store.saveJobResults(job.id, results: results, completed: true, leaseUntil: clock.now, at: clock.now)
        logger.info("email account job \(job.id) (\(job.kind.rawValue)) finished: \(results.count) mailboxes")
        return true
    }

    private func connectResult(row: Int, _ request: MailboxConnectionRequest, by user: UserID, in account: AccountID) async -> MailboxJobResult {
        do {
            let mailbox = try await connect(request, by: user, in: account)
            let connected = mailbox.smtpError == nil && mailbox.imapError == nil
            return MailboxJobResult(
                row: row, email: mailbox.sender.email.address, outcome: connected ? "connected" : "saved-not-verified",
                smtpError: mailbox.smtpError, imapError: mailbox.imapError, error: nil)
        } catch let error as ReachError {
            return MailboxJobResult(row: row, email: request.smtp.emailAddress, outcome: "failed", smtpError: nil, imapError: nil, error: error.message)
        } catch {
            return MailboxJobResult(row: row, email: request.smtp.emailAddress, outcome: "failed", smtpError: nil, imapError: nil, error: "\(error)")
        }
    }
}
