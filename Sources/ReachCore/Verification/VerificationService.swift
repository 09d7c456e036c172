import Foundation
import Logging

/// Email verification as the API and the import ask for it: requests are queued on the
/// prospects, and a worker verifies them in batches (`runPass`), writing each verdict with its
/// reasons. An `unknown` that time may settle (greylisting, a timeout) is asked again
/// `retryDelay` later, then after twice that, up to `maximumAttempts`, and then left unknown.
public struct VerificationService: Sendable {
    let store: any VerificationStore
    let sequences: any SequenceStore
    let verifier: EmailVerifier
    let signal: (any WorkSignal)?
    let clock: any WallClock
    let retryDelay: TimeInterval

    static let batchSize = 100
    /// Long enough for a pass of 100 addresses at one slow domain (ten connections a second apart,
    /// each reply allowed 30 s); an expired lease lets another worker take the requests over.
    static let lease: TimeInterval = 1800
    public static let maximumAttempts = 3

    public init(
        store: any VerificationStore, sequences: any SequenceStore, verifier: EmailVerifier, signal: (any WorkSignal)?, clock: any WallClock,
        retryDelay: TimeInterval = 900
    ) {
        self.store = store
        self.sequences = sequences
        self.verifier = verifier
        self.signal = signal
        self.clock = clock
        self.retryDelay = retryDelay
    }

    /// §5.11: verifies the sequence's prospects that are not verified yet (or whose last answer
    /// was unknown). Returns how many were queued.
    public func verifyProspects(ofSequence sequence: SequenceID, in account: AccountID) async throws -> Int {
        guard try await sequences.sequence(sequence, in: account) != nil else { throw SequenceService.notFound }
        let queued = try await store.requestVerification(ofSequence: sequence, in: account, at: clock.now)
        guard queued > 0 else { throw ReachError.invalidInput("No email addresses that can be verified", code: 1001) }
        signal?.notify()
        return queued
    }

    /// §2.11: each email asked, with the verdict of the account's prospect at that address (nil without one).
    public func statuses(of emails: [String], in account: AccountID) async throws -> [(String, ProspectVerification?)] {
        let found = try await store.verifications(of: emails.compactMap(EmailAddress.init), in: account)
        let byKey = Dictionary(found.map { ($0.email.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        return emails.map { ($0, EmailAddress($0).flatMap { byKey[$0.normalized] }) }
    }

    /// Verifies one batch of due requests. Returns whether there was any.
    public func runPass(worker: String, logger: Logger) async throws -> Bool {
        let now = clock.now
        let claims = try await store.claimVerifications(
            limit: Self.batchSize, worker: worker, now: now, leaseUntil: now.addingTimeInterval(Self.lease))
        guard !claims.isEmpty else { return false }
        let verdicts = await verifier.verify(claims.map(\.email))
        let finished = clock.now
        let outcomes = claims.map { claim in
            let verdict = verdicts[claim.email] ?? .unknown("not verified", retryable: true)
            let attempt = claim.attempts + 1
            let retryAt = verdict.retryable && attempt < Self.maximumAttempts
                ? finished.addingTimeInterval(retryDelay * Double(1 << (attempt - 1))) : nil
            return VerificationOutcome(claim: claim, verdict: verdict, retryAt: retryAt)
        }
        try await store.record(outcomes, by: worker, at: finished)
        logger.info("verified \(claims.count) addresses", metadata: [
            "valid": "\(outcomes.filter { $0.verdict.status == .valid }.count)",
            "invalid": "\(outcomes.filter { $0.verdict.status == .invalid }.count)",
        ])
        return true
    }
}
