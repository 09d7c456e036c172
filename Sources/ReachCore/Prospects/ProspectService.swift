import Foundation

/// Prospects one at a time and in small groups: reading, writing, tags, unsubscribes.
public struct ProspectService: Sendable {
    let prospects: any ProspectStore
    let fields: any FieldStore
    let clock: any WallClock

    public static let defaultPageSize = 100
    public static let maximumPageSize = 100

    public init(prospects: any ProspectStore, fields: any FieldStore, clock: any WallClock) {
        self.prospects = prospects
        self.fields = fields
        self.clock = clock
    }

    /// A prospect with its tags.
    public struct Details: Sendable, Equatable {
        public let prospect: Prospect
        public let tags: [Tag]
    }

    public func catalog(of account: AccountID) async throws -> FieldCatalog {
        FieldCatalog(try await fields.fields(in: account))
    }

    public func list(
        in account: AccountID, search: String?, page: Int?, pageSize: Int?, sortField: ProspectSortField?, direction: SortDirection?
    ) async throws -> [Details] {
        let search = search?.trimmingWhitespace().lowercased()
        let query = ProspectListQuery(
            search: search?.isEmpty == false ? search : nil,
            page: PageRequest(number: page, size: pageSize, defaultSize: Self.defaultPageSize, maximumSize: Self.maximumPageSize),
            sortField: sortField ?? .createdAt, direction: direction ?? .descending)
        return try await withTags(prospects.prospects(in: account, matching: query))
    }

    public func get(_ id: ProspectID, in account: AccountID) async throws -> Details {
        guard let prospect = try await prospects.prospect(id, in: account) else { throw Self.notFound }
        return try await withTags([prospect])[0]
    }

    /// Creates one prospect from cells naming fields by label or id; tags are created as needed.
    public func create(in account: AccountID, owner: UserID, cells: [(FieldReference, String)], tags: [String]) async throws -> Details {
        let catalog = try await catalog(of: account)
        let (email, values) = try Self.readCells(cells, in: catalog)
        guard let email else { throw ReachError.invalidInput("Email is required", field: "attributes.Email") }
        let write = ProspectWrite(existingID: nil, email: email, values: values.filter { !$0.value.isEmpty }, catalog: catalog, ownerID: owner)
        let created = try await prospects.createProspect(write, in: account, at: clock.now)
        try await attach(tags: tags, to: [created.id], in: account)
        return try await get(created.id, in: account)
    }

    /// Changes the fields the cells name (an empty value clears one), and adds tags.
    public func update(_ id: ProspectID, in account: AccountID, cells: [(FieldReference, String)], addTags: [String]) async throws -> Details {
        guard let existing = try await prospects.prospect(id, in: account) else { throw Self.notFound }
        let catalog = try await catalog(of: account)
        let (email, values) = try Self.readCells(cells, in: catalog)
        if cells.contains(where: { catalog.field($0.0)?.systemField == .email }), email == nil {
            throw ReachError.invalidInput("A prospect's email cannot be removed", field: "attributes.Email")
        }
        if !values.isEmpty || email != nil {
            let write = ProspectWrite(
                existingID: id, email: email ?? EmailAddress(stored: existing.email), values: ConflictAction.overwrite.merge(values, into: existing.values),
                catalog: catalog, ownerID: existing.ownerID)
            _ = try await prospects.updateProspect(write, in: account, at: clock.now)
        }
        try await attach(tags: addTags, to: [id], in: account)
        return try await get(id, in: account)
    }

    /// Deletes the prospects with these ids; ids the account does not have are passed over.
    public func delete(_ ids: [ProspectID], in account: AccountID) async throws -> Int {
        try await prospects.deleteProspects(ids, in: account)
    }

    /// One result per field named, in order: an invalid value fails only its own field.
    public struct AttributeResult: Sendable, Equatable {
        public let field: FieldReference
        public let error: String?
    }

    public func setAttributes(of id: ProspectID, in account: AccountID, values: [(FieldReference, String)]) async throws -> [AttributeResult] {
        guard let existing = try await prospects.prospect(id, in: account) else { throw Self.notFound }
        let catalog = try await catalog(of: account)
        var results: [AttributeResult] = []
        var accepted: [(FieldReference, String)] = []
        for (reference, value) in values {
            switch catalog.read([(reference, value)]) {
            case .failure(let errors): results.append(AttributeResult(field: reference, error: errors.message))
            case .success(let read):
                if catalog.field(reference)?.systemField == .email, read.email == nil {
                    results.append(AttributeResult(field: reference, error: "A prospect's email cannot be removed"))
                } else {
                    results.append(AttributeResult(field: reference, error: nil))
                    accepted.append((reference, value))
                }
            }
        }
        guard !accepted.isEmpty, case .success(let read) = catalog.read(accepted) else { return results }
        let write = ProspectWrite(
            existingID: id, email: read.email ?? EmailAddress(stored: existing.email), values: ConflictAction.overwrite.merge(read.values, into: existing.values),
            catalog: catalog, ownerID: existing.ownerID)
        do {
            _ = try await prospects.updateProspect(write, in: account, at: clock.now)
        } catch let error as ReachError where error.kind == .conflict {
            // The new email belongs to another prospect: that field fails, and so does the write.
            return results.map { result in
                catalog.field(result.field)?.systemField == .email && result.error == nil
                    ? AttributeResult(field: result.field, error: error.message) : result
            }
        }
        return results
    }

    public func attribute(_ field: FieldID, of prospect: ProspectID?, in account: AccountID) async throws -> (Field, String?) {
        let catalog = try await catalog(of: account)
        guard let definition = catalog.field(field) else {
            throw ReachError.invalidInput("Field not found", field: "attributeId", code: 50001)
        }
        guard let prospect else { return (definition, nil) }
        let details = try await get(prospect, in: account)
        let value = definition.systemField == .email ? details.prospect.email : details.prospect.values[field]
        return (definition, value)
    }

    /// Tags the prospects given by id and by email. Every id and email must name a prospect of
    /// the account (codes 40501 and 40502); at least one of the two lists is needed (40503).
    public func assignTags(
        _ names: [String], prospectIDs: [ProspectID]?, undecodableIDs: Int, emails: [String]?, in account: AccountID
    ) async throws -> (tags: [Tag], prospects: Int) {
        let targets = try await resolveTargets(prospectIDs: prospectIDs, undecodableIDs: undecodableIDs, emails: emails, in: account)
        let tags = try await prospects.ensureTags(named: Self.cleanTagNames(names), in: account, at: clock.now)
        try await prospects.assign(tags.map(\.id), to: targets, at: clock.now)
        return (tags, targets.count)
    }

    public func unassignTags(
        _ names: [String], prospectIDs: [ProspectID]?, undecodableIDs: Int, emails: [String]?, in account: AccountID
    ) async throws {
        let targets = try await resolveTargets(prospectIDs: prospectIDs, undecodableIDs: undecodableIDs, emails: emails, in: account)
        let tags = try await prospects.tags(named: Self.cleanTagNames(names), in: account)
        try await prospects.unassign(tags.map(\.id), from: targets)
    }

    public func listTags(in account: AccountID, search: String?) async throws -> [TagSummary] {
        let search = search?.trimmingWhitespace().lowercased()
        return try await prospects.tags(in: account, search: search?.isEmpty == false ? search : nil)
    }

    public func deleteTag(_ id: TagID, in account: AccountID) async throws {
        guard try await prospects.deleteTag(id, in: account) else { throw ReachError.notFound("Tag not found") }
    }

    /// Marks prospects unsubscribed; all ids must be the account's.
    public func unsubscribe(_ ids: [ProspectID], undecodableIDs: Int, in account: AccountID) async throws -> Int {
        let found = try await prospects.prospects(ids, in: account)
        guard undecodableIDs == 0, Set(found.map(\.id)) == Set(ids) else {
            throw ReachError.invalidInput("Invalid prospect ids", field: "prospectIds", code: 1001)
        }
        return try await prospects.markUnsubscribed(ids, in: account, at: clock.now, from: nil)
    }

    public func unsubscribe(emails: [String], in account: AccountID) async throws -> Int {
        let addresses = emails.compactMap(EmailAddress.init)
        let found = try await prospects.prospects(emails: addresses, in: account)
        guard addresses.count == emails.count, Set(found.map { $0.email.lowercased() }) == Set(addresses.map(\.normalized)) else {
            throw ReachError.invalidInput("Invalid prospect emails", field: "prospectEmails", code: 1001)
        }
        return try await prospects.markUnsubscribed(found.map(\.id), in: account, at: clock.now, from: nil)
    }

    /// The stored verdict for each email, nil where the account has no such prospect.
    public static let notFound = ReachError.notFound("Prospect not found")

    static func readCells(_ cells: [(FieldReference, String)], in catalog: FieldCatalog) throws -> (EmailAddress?, [FieldID: String]) {
        switch catalog.read(cells) {
        case .success(let read): return (read.email, read.values)
        case .failure(let errors): throw ReachError.invalidInput(errors.message, field: "attributes")
        }
    }

    static func cleanTagNames(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty && $0.count <= 100 && seen.insert($0.lowercased()).inserted }
    }

    func attach(tags names: [String], to ids: [ProspectID], in account: AccountID) async throws {
        let names = Self.cleanTagNames(names)
        guard !names.isEmpty else { return }
        let tags = try await prospects.ensureTags(named: names, in: account, at: clock.now)
        try await prospects.assign(tags.map(\.id), to: ids, at: clock.now)
    }

    func resolveTargets(prospectIDs: [ProspectID]?, undecodableIDs: Int, emails: [String]?, in account: AccountID) async throws -> [ProspectID] {
        guard prospectIDs?.isEmpty == false || undecodableIDs > 0 || emails?.isEmpty == false else {
            throw ReachError.invalidInput("Provide at least one of prospects or prospectsEmails", field: "prospects", code: 40503)
        }
        var targets: Set<ProspectID> = []
        if let prospectIDs, !prospectIDs.isEmpty || undecodableIDs > 0 {
            let found = try await prospects.prospects(prospectIDs, in: account)
            guard undecodableIDs == 0, found.count == Set(prospectIDs).count else {
                throw ReachError.invalidInput("Invalid prospects", field: "prospects", code: 40501)
            }
            targets.formUnion(found.map(\.id))
        }
        if let emails, !emails.isEmpty {
            let addresses = emails.compactMap(EmailAddress.init)
            let found = try await prospects.prospects(emails: addresses, in: account)
            guard addresses.count == emails.count, Set(found.map { $0.email.lowercased() }) == Set(addresses.map(\.normalized)) else {
                throw ReachError.invalidInput("Invalid prospect emails", field: "prospectsEmails", code: 40502)
            }
            targets.formUnion(found.map(\.id))
        }
        return targets.sorted()
    }

    func withTags(_ list: [Prospect]) async throws -> [Details] {
        let tags = try await prospects.tags(of: list.map(\.id))
        return list.map { Details(prospect: $0, tags: tags[$0.id] ?? []) }
    }
}
