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

extension VerificationStatus {
    /// Whether a sequence may email a prospect with this status: never an invalid address, a
    /// risky one only when the sequence says so (setting 6), anything not known to be bad otherwise.
    public func allowsSending(toRisky: Bool) -> Bool {
        switch self {
        case .invalid: false
        case .risky: toRisky
        case .unverified, .valid, .unknown: true
        }
    }
}
