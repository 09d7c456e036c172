import Foundation

/// What verification concluded about one address, and why: a verdict is never given without
/// its reasons, and `unknown` is the answer whenever the evidence is missing.
public struct EmailVerdict: Sendable, Equatable {
    public let status: VerificationStatus
    public let reasons: [String]
    /// Whether asking again later may settle it (greylisting, a timeout, a DNS failure).
    public let retryable: Bool

    public init(_ status: VerificationStatus, _ reasons: [String], retryable: Bool = false) {
        self.status = status
        self.reasons = reasons
        self.retryable = retryable
    }

    public static func valid(_ reason: String) -> EmailVerdict { EmailVerdict(.valid, [reason]) }
    public static func invalid(_ reason: String) -> EmailVerdict { EmailVerdict(.invalid, [reason]) }
    public static func risky(_ reasons: [String]) -> EmailVerdict { EmailVerdict(.risky, reasons) }
    public static func unknown(_ reason: String, retryable: Bool) -> EmailVerdict { EmailVerdict(.unknown, [reason], retryable: retryable) }
}

/// Why verification keeps a sequence from writing to a prospect now: the one rule the sending
/// engine follows and the next-step explanation reports.
public enum VerificationHold: Sendable, Equatable {
    /// A verdict is on its way: wait for it rather than write to an address that may turn out bad.
    case pending
    /// Never written to.
    case invalid
    /// Written to only when the sequence allows risky prospects (setting 6).
    case risky

    /// nil when verification does not stand in the way (unverified, valid, unknown, or risky with setting 6 on).
    public init?(_ prospect: Prospect, sequenceSendsToRisky: Bool) {
        if prospect.verificationPending {
            self = .pending
            return
        }
        switch prospect.verificationStatus {
        case .invalid: self = .invalid
        case .risky where !sequenceSendsToRisky: self = .risky
        case .risky, .unverified, .valid, .unknown: return nil
        }
    }

    public var code: String {
        switch self {
        case .pending: "verification-pending"
        case .invalid: "email-invalid"
        case .risky: "email-risky"
        }
    }

    public var message: String {
        switch self {
        case .pending: "The prospect's address is being verified: the step waits for the verdict"
        case .invalid: "Verification found the prospect's address invalid"
        case .risky: "Verification found the prospect's address risky, and the sequence does not send to risky prospects (setting 6)"
        }
    }
}
