import Foundation

public protocol ProspectStore: Sendable {
    func prospects(in account: AccountID, matching query: ProspectListQuery) async throws -> [Prospect]
    func prospect(_ id: ProspectID, in account: AccountID) async throws -> Prospect?
    func prospects(_ ids: [ProspectID], in account: AccountID) async throws -> [Prospect]
    /// The account's prospects meeting every condition, in the order they were added, a page
    /// from `offset`.
    func prospects(in account: AccountID, where conditions: [ProspectCondition], offset: Int, limit: Int) async throws -> [Prospect]
    /// The account's prospects meeting every condition by id, the first `limit` after `after`:
    /// a scan in pages that stays exact while prospects are added.
    func prospects(in account: AccountID, where conditions: [ProspectCondition], after: ProspectID?, limit: Int) async throws -> [Prospect]
    func countProspects(in account: AccountID, where conditions: [ProspectCondition]) async throws -> Int
    /// How many of the account's prospects give each combination of values of these texts.
    func combinations(of texts: [ProspectCondition.Text], in account: AccountID) async throws -> [(values: [String], count: Int)]
    /// A prospect of any account: only for links whose signature already proved who sent them.
    func prospectAnywhere(_ id: ProspectID) async throws -> Prospect?
    func prospects(emails: [EmailAddress], in account: AccountID) async throws -> [Prospect]
    /// Throws a `.conflict` ReachError when the email is taken in the account.
    func createProspect(_ write: ProspectWrite, in account: AccountID, at date: Date) async throws -> Prospect
    /// Writes the new state of an existing prospect. Throws `.conflict` when the new email is taken.
    func updateProspect(_ write: ProspectWrite, in account: AccountID, at date: Date) async throws -> Prospect
    func deleteProspects(_ ids: [ProspectID], in account: AccountID) async throws -> Int
    /// Marks prospects unsubscribed (an earlier date stays) and records `prospect-unsubscribed`
    /// for each one newly unsubscribed, in one transaction; `sequence` is the one whose email they
    /// left from, nil when the account unsubscribed them. Returns how many were newly unsubscribed.
    func markUnsubscribed(_ ids: [ProspectID], in account: AccountID, at date: Date, from sequence: SequenceID?) async throws -> Int

    /// Each prospect's tags, for the prospects given.
    func tags(of prospects: [ProspectID]) async throws -> [ProspectID: [Tag]]
    func tags(in account: AccountID, search: String?) async throws -> [TagSummary]
    /// The tags with these names, created when missing (names compare case-insensitively).
    func ensureTags(named names: [String], in account: AccountID, at date: Date) async throws -> [Tag]
    func tags(named names: [String], in account: AccountID) async throws -> [Tag]
    func assign(_ tags: [TagID], to prospects: [ProspectID], at date: Date) async throws
    func unassign(_ tags: [TagID], from prospects: [ProspectID]) async throws
    func deleteTag(_ id: TagID, in account: AccountID) async throws -> Bool
}
