import Foundation

public enum DoNotContactListSort: Sendable {
    case total
    case updatedAt
}

public protocol DoNotContactStore: Sendable {
    func lists(in account: AccountID, search: String?, page: PageRequest, sort: DoNotContactListSort, direction: SortDirection) async throws
        -> Page<DoNotContactList>
    func list(_ id: DoNotContactListID, in account: AccountID) async throws -> DoNotContactList?
    /// Throws `.conflict` when the account has a list with that name.
    func createList(named name: String, clientID: ClientID?, by user: UserID, in account: AccountID, at date: Date) async throws -> DoNotContactList
    /// Throws `.conflict` when the account has another list with that name.
    func renameList(_ id: DoNotContactListID, to name: String, in account: AccountID, at date: Date) async throws -> DoNotContactList?
    func deleteList(_ id: DoNotContactListID, in account: AccountID) async throws -> Bool
    func items(of list: DoNotContactListID, search: String?, type: DoNotContactEntryType?, page: PageRequest) async throws -> Page<DoNotContactItem>
    /// Adds the entries a list lacks; returns how many were new.
    func addItems(_ entries: [DoNotContactEntry], to list: DoNotContactListID, by user: UserID, at date: Date) async throws -> Int
    /// Removes entries by value or by id; returns how many went.
    func removeItems(values: [String], ids: [DoNotContactItemID], from list: DoNotContactListID, at date: Date) async throws -> Int
    /// Lists holding items whose value contains `search`, each with those items.
    func searchItems(in account: AccountID, search: String?, type: DoNotContactEntryType?, page: PageRequest) async throws
        -> Page<(DoNotContactList, [DoNotContactItem])>
    func blockedDomains(in account: AccountID) async throws -> [BlockedDomain]
    func blockDomains(_ domains: [String], in account: AccountID, at date: Date) async throws
    func unblockDomain(_ domain: String, in account: AccountID) async throws -> Bool
    /// For each candidate (normalized email or domain) that a list or the blocklist covers, why.
    func reasons(for candidates: [String], in account: AccountID) async throws -> [String: String]
}
