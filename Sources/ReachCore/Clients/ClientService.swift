import Foundation

/// Agency clients: listing, creating, and assigning sequences and mailboxes to them.
public struct ClientService: Sendable {
    let clients: any ClientStore
    let clock: any WallClock

    public static let defaultPageSize = 25
    public static let maximumPageSize = 100

    public init(clients: any ClientStore, clock: any WallClock) {
        self.clients = clients
        self.clock = clock
    }

    public func list(
        in account: AccountID, search: String?, page: Int?, pageSize: Int?, sortField: ClientSortField?, direction: SortDirection?
    ) async throws -> Page<ClientSummary> {
        let search = search?.trimmingWhitespace()
        let query = ClientListQuery(
            search: search?.isEmpty == false ? search : nil,
            page: PageRequest(number: page, size: pageSize, defaultSize: Self.defaultPageSize, maximumSize: Self.maximumPageSize),
            sortField: sortField ?? .createdDate,
            direction: direction ?? .descending)
        return try await clients.clients(in: account, matching: query)
    }

    public func create(
        in account: AccountID, firstName: String, lastName: String, email: String, companyName: String, permission: ClientPermission
    ) async throws -> ClientSummary {
        let firstName = firstName.trimmingWhitespace()
        guard !firstName.isEmpty else { throw ReachError.invalidInput("firstName should not be empty", field: "firstName", code: 1001) }
        guard let address = EmailAddress(email) else { throw ReachError.invalidInput("email must be an email", field: "email", code: 1001) }
        let client = NewClient(
            firstName: firstName, lastName: lastName.trimmingWhitespace(), email: address,
            companyName: companyName.trimmingWhitespace(), permission: permission)
        return try await clients.createClient(client, in: account, at: clock.now)
    }

    /// Assigns resources to `client`, or detaches them from any client when `client` is nil.
    /// Unknown ids (`undecodable` are those that were not even well-formed) fail the whole call.
    public func assign(
        _ kind: ClientResourceKind, ids: [Int64], undecodable: [String], to client: ClientID?, in account: AccountID
    ) async throws {
        if let client, try await clients.client(client, in: account) == nil {
            throw ReachError.invalidInput("Invalid client id", field: "clientId")
        }
        // Ids that could not even be decoded fail the call before anything is changed.
        let unknown = undecodable.isEmpty
            ? try await clients.assign(kind, ids: ids, to: client, in: account) : try await clients.unknownResources(kind, ids: ids, in: account)
        if !undecodable.isEmpty || !unknown.isEmpty {
            let count = undecodable.count + unknown.count
            throw ReachError.invalidInput(
                "Failed to assign resource to client: \(count) of the resourceIds \(count == 1 ? "is" : "are") not \(kind.displayName) of this account",
                field: "resourceIds")
        }
    }
}

extension ClientResourceKind {
    var displayName: String {
        switch self {
        case .sequence: "sequences"
        case .emailAccount: "email accounts"
        }
    }
}
