import Foundation

/// Aggregations over the event store, the sent messages and the enrolments.
public protocol AnalyticsStore: Sendable {
    /// Prospect and email counts of the sequence, and email counts by step and variant
    /// (`steps` holds every step of the sequence, with zeros where nothing was sent).
    func sequenceCounts(_ sequence: SequenceID) async throws -> (prospects: ProspectCounts, emails: [StepVariantCounts], scheduled: Int)
    /// Sent emails of `sequences` (all of the account's when empty) first handed over in
    /// [from, to), oldest first.
    func sentEmails(in account: AccountID, sequences: [SequenceID], from: Date, to: Date, page: PageRequest) async throws -> Page<SentEmailReport>
    /// The mailbox's prospect and email counts over every sequence it sent for.
    func mailboxCounts(_ mailbox: EmailAccountID) async throws -> (sequences: Int, prospects: ProspectCounts, emails: EmailCounts)
    /// Per user (all of the account's when `users` is empty): what happened in the sequences
    /// they own in [from, to). With `onlyProspectsAddedInPeriod`, engagement of prospects
    /// added before the period is left out.
    func userCounts(in account: AccountID, users: [UserID], from: Date, to: Date, onlyProspectsAddedInPeriod: Bool, distinctProspects: Bool) async throws
        -> [UserStats]
}

/// Email counts of one variant of one step.
public struct StepVariantCounts: Sendable, Equatable {
    public let stepID: StepID
    public let variantID: VariantID?
    public let emails: EmailCounts

    public init(stepID: StepID, variantID: VariantID?, emails: EmailCounts) {
        self.stepID = stepID
        self.variantID = variantID
        self.emails = emails
    }
}
