import Foundation

/// Do Not Contact lists and the domain blocklist.
public struct DoNotContactService: Sendable {
    let store: any DoNotContactStore
    let clock: any WallClock

    public static let defaultPageSize = 25
    public static let maximumPageSize = 100
    public static let maximumBlockedDomainsPerCall = 50
    public static let maximumItemsPerCall = 10_000

    public init(store: any DoNotContactStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    static func page(_ number: Int?, _ size: Int?) -> PageRequest {
        PageRequest(number: number, size: size, defaultSize: defaultPageSize, maximumSize: maximumPageSize)
    }

    public func lists(in account: AccountID, search: String?, page: Int?, pageSize: Int?, sort: DoNotContactListSort?, direction: SortDirection?)
        async throws -> Page<DoNotContactList>
    {
        try await store.lists(
            in: account, search: Self.cleanSearch(search), page: Self.page(page, pageSize), sort: sort ?? .updatedAt,
            direction: direction ?? .descending)
    }

    public func createList(named name: String, clientID: ClientID?, by user: UserID, in account: AccountID) async throws -> DoNotContactList {
        try await store.createList(named: try Self.listName(name), clientID: clientID, by: user, in: account, at: clock.now)
    }

    public func renameList(_ id: DoNotContactListID, to name: String, in account: AccountID) async throws -> DoNotContactList {
        guard let list = try await store.renameList(id, to: try Self.listName(name), in: account, at: clock.now) else { throw Self.listNotFound }
        return list
    }

    public func deleteList(_ id: DoNotContactListID, in account: AccountID) async throws {
        guard try await store.deleteList(id, in: account) else { throw Self.listNotFound }
    }

    public func items(of id: DoNotContactListID, in account: AccountID, search: String?, type: DoNotContactEntryType?, page: Int?, pageSize: Int?)
        async throws -> (DoNotContactList, Page<DoNotContactItem>)
    {
        guard let list = try await store.list(id, in: account) else { throw Self.listNotFound }
        return (list, try await store.items(of: id, search: Self.cleanSearch(search), type: type, page: Self.page(page, pageSize)))
    }

    public struct AddResult: Sendable, Equatable {
        public let added: Int
        public let alreadyListed: Int
        public let invalid: [String]
    }

    /// Adds emails and domains to a list. Values that are neither are returned as invalid and
    /// nothing else is refused for them.
    public func addItems(_ values: [String], to id: DoNotContactListID, by user: UserID, in account: AccountID) async throws -> AddResult {
        guard try await store.list(id, in: account) != nil else { throw Self.listNotFound }
        guard values.count <= Self.maximumItemsPerCall else {
            throw ReachError.invalidInput("You can add up to \(Self.maximumItemsPerCall) items at a time", field: "items")
        }
        var entries: [DoNotContactEntry] = []
        var seen: Set<DoNotContactEntry> = []
        var invalid: [String] = []
        for value in values {
            guard let entry = DoNotContactEntry(value) else {
                invalid.append(value)
                continue
            }
            if seen.insert(entry).inserted { entries.append(entry) }
        }
        let added = entries.isEmpty ? 0 : try await store.addItems(entries, to: id, by: user, at: clock.now)
        return AddResult(added: added, alreadyListed: entries.count - added, invalid: invalid)
    }

    public func removeItems(_ values: [String], ids: [DoNotContactItemID], from id: DoNotContactListID, in account: AccountID) async throws -> Int {
        guard try await store.list(id, in: account) != nil else { throw Self.listNotFound }
        let normalized = values.map { DoNotContactEntry($0)?.value ?? $0.trimmingWhitespace().lowercased() }
        return try await store.removeItems(values: normalized, ids: ids, from: id, at: clock.now)
    }

    public func searchItems(in account: AccountID, search: String?, type: DoNotContactEntryType?, page: Int?, pageSize: Int?) async throws
        -> Page<(DoNotContactList, [DoNotContactItem])>
    {
        try await store.searchItems(in: account, search: Self.cleanSearch(search), type: type, page: Self.page(page, pageSize))
    }

    public func blockedDomains(in account: AccountID) async throws -> [BlockedDomain] {
        try await store.blockedDomains(in: account)
    }

    /// Blocks the comma-separated domains, all or none, with Saleshandy's codes: 40003 for more
    /// than 50, 40001 for a value that is not a domain, 40002 for one already blocked.
    public func blockDomains(_ text: String, in account: AccountID) async throws -> [String] {
        let parts = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !parts.isEmpty else {
            throw ReachError.invalidInput(
                "Enter the valid domain name in the format domain.com that does not already exist in the blacklist", field: "domains", code: 40001)
        }
        guard parts.count <= Self.maximumBlockedDomainsPerCall else {
            throw ReachError.invalidInput(
                "The maximum domain limit has been exceeded. You can blacklist up to \(Self.maximumBlockedDomainsPerCall) domains at a time",
                field: "domains", code: 40003)
        }
        var domains: [String] = []
        var invalid: [String] = []
        for part in parts {
            if let domain = DoNotContactEntry.domain(from: part) {
                if !domains.contains(domain) { domains.append(domain) }
            } else {
                invalid.append(part)
            }
        }
        guard invalid.isEmpty else {
            throw ReachError.invalidInput(
                "Enter the valid domain name in the format domain.com that does not already exist in the blacklist: \(invalid.joined(separator: ", "))",
                field: "domains", code: 40001)
        }
        let existing = Set(try await store.blockedDomains(in: account).map(\.domain))
        let duplicates = domains.filter(existing.contains)
        guard duplicates.isEmpty else {
            throw ReachError.invalidInput("Domain already exist: \(duplicates.joined(separator: ", "))", field: "domains", code: 40002)
        }
        try await store.blockDomains(domains, in: account, at: clock.now)
        return domains
    }

    public func unblockDomain(_ text: String, in account: AccountID) async throws {
        guard let domain = DoNotContactEntry.domain(from: text), try await store.unblockDomain(domain, in: account) else {
            throw ReachError.notFound("That domain is not on the blocklist")
        }
    }

    /// Why an address may not be contacted, or nil when nothing covers it.
    public func reason(against email: EmailAddress, in account: AccountID) async throws -> String? {
        let candidates = DoNotContactEntry.candidates(for: email)
        let reasons = try await store.reasons(for: candidates, in: account)
        return candidates.lazy.compactMap { reasons[$0] }.first
    }

    public static let listNotFound = ReachError.notFound("Do Not Contact list not found")

    static func listName(_ name: String) throws -> String {
        let name = name.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 200 else { throw ReachError.invalidInput("name must be 1 to 200 characters", field: "name") }
        return name
    }

    static func cleanSearch(_ search: String?) -> String? {
        let search = search?.trimmingWhitespace().lowercased()
        return search?.isEmpty == false ? search : nil
    }
}
