import Foundation

/// Storage of an account's clients and of what is assigned to them.
public protocol ClientStore: Sendable {
    func clients(in account: AccountID, matching query: ClientListQuery) async throws -> Page<ClientSummary>
    /// Throws a `.conflict` ReachError when the account already has a client with that email.
    func createClient(_ client: NewClient, in account: AccountID, at date: Date) async throws -> ClientSummary
    func client(_ id: ClientID, in account: AccountID) async throws -> Client?
    /// Points each resource at the client (or at none), all or nothing. Returns the ids that are
    /// not resources of this kind in this account; when there are any, nothing was changed.
    func assign(_ kind: ClientResourceKind, ids: [Int64], to client: ClientID?, in account: AccountID) async throws -> [Int64]
    /// The ids that are not resources of this kind in this account.
    func unknownResources(_ kind: ClientResourceKind, ids: [Int64], in account: AccountID) async throws -> [Int64]
}
