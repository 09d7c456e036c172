import Foundation

/// Where verification requests wait and verdicts are kept (columns of the prospects).
public protocol VerificationStore: Sendable {
    /// Queues the sequence's prospects whose address is unverified or unknown; returns how many.
    func requestVerification(ofSequence sequence: SequenceID, in account: AccountID, at date: Date) async throws -> Int
    /// Takes up to `limit` due requests for this worker until `leaseUntil`; others' leases are respected.
    func claimVerifications(limit: Int, worker: String, now: Date, leaseUntil: Date) async throws -> [VerificationClaim]
    /// Stores each verdict and either ends the request or queues it again at `retryAt`; an outcome
    /// is dropped when the worker lost its lease or the prospect's address changed meanwhile.
    func record(_ outcomes: [VerificationOutcome], by worker: String, at date: Date) async throws
    /// The verdicts of the account's prospects with these addresses.
    func verifications(of emails: [EmailAddress], in account: AccountID) async throws -> [ProspectVerification]
}

/// One prospect taken for verification.
public struct VerificationClaim: Sendable, Equatable {
    public let prospect: ProspectID
    public let email: EmailAddress
    /// Attempts made before this one.
    public let attempts: Int

    public init(prospect: ProspectID, email: EmailAddress, attempts: Int) {
        self.prospect = prospect
        self.email = email
        self.attempts = attempts
    }
}

public struct VerificationOutcome: Sendable, Equatable {
    public let claim: VerificationClaim
    public let verdict: EmailVerdict
    /// When to ask again; nil ends the request.
    public let retryAt: Date?

    public init(claim: VerificationClaim, verdict: EmailVerdict, retryAt: Date?) {
        self.claim = claim
        self.verdict = verdict
        self.retryAt = retryAt
    }
}

/// A prospect's verification as the API shows it.
public struct ProspectVerification: Sendable, Equatable {
    public let prospect: ProspectID
    public let email: String
    public let status: VerificationStatus
    public let reasons: [String]
    public let verifiedAt: Date?
    /// Whether a verification is queued or running.
    public let pending: Bool

    public init(prospect: ProspectID, email: String, status: VerificationStatus, reasons: [String], verifiedAt: Date?, pending: Bool) {
        self.prospect = prospect
        self.email = email
        self.status = status
        self.reasons = reasons
        self.verifiedAt = verifiedAt
        self.pending = pending
    }
}
