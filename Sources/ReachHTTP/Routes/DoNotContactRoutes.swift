import ReachAPI
import ReachCore
import ReachJSON

struct DoNotContactRoutes {
    let doNotContact: DoNotContactService

    func register(on router: inout APIRouter) {
        router.add(DoNotContactAPI.lists) { request in
            let query = try request.decodeParameters(DoNotContactAPI.ListQuery.self)
            let page = try await doNotContact.lists(
                in: request.account, search: query.search, page: query.page, pageSize: query.pageSize,
                sort: query.sortBy == "total" ? .total : .updatedAt, direction: query.sort.map(SortDirection.init))
            return try request.respond(with: page.items.map(request.wire), meta: PageMeta(page))
        }
        router.add(DoNotContactAPI.items) { request in
            let query = try request.decodeParameters(DoNotContactAPI.ItemsQuery.self)
            let id = try request.parameterID("dncListId", as: DoNotContactList.self, notFound: DoNotContactService.listNotFound)
            let (_, page) = try await doNotContact.items(
                of: id, in: request.account, search: query.search, type: Self.entryType(query.type), page: query.page, pageSize: query.pageSize)
            return try request.respond(with: DoNotContactAPI.ItemsAnswer(
                message: "Successfully fetched dnc item", items: page.items.map(request.wire), meta: PageMeta(page)))
        }
        router.add(DoNotContactAPI.searchItems) { request in
            let query = try request.decodeParameters(DoNotContactAPI.ItemsQuery.self)
            let page = try await doNotContact.searchItems(
                in: request.account, search: query.search, type: Self.entryType(query.type), page: query.page, pageSize: query.pageSize)
            let lists = page.items.map { list, items in
                DoNotContactAPI.SearchAnswer.ListWithItems(list: request.wire(list), items: items.map(request.wire))
            }
            return try request.respond(with: DoNotContactAPI.SearchAnswer(dncList: lists, meta: PageMeta(page)))
        }
        router.add(DoNotContactAPI.addItems) { request in
            let body = try request.decodeBody(DoNotContactAPI.AddRequest.self)
            let principal = try request.principal
            guard let id = request.id(body.dncListId, as: DoNotContactList.self) else { throw DoNotContactService.listNotFound }
            let result = try await doNotContact.addItems(body.items, to: id, by: principal.userID, in: principal.accountID)
            return try request.respond(with: DoNotContactAPI.AddResult(added: result.added, alreadyListed: result.alreadyListed, invalid: result.invalid))
        }
        router.add(DoNotContactAPI.blockDomains) { request in
            let domains = try await doNotContact.blockDomains(request.body?["domains"]?.stringValue ?? "", in: request.account)
            return try request.respond(with: ["domains": domains])
        }
        router.add(DoNotContactAPI.createList) { request in
            let body = try request.decodeBody(DoNotContactAPI.ListRequest.self)
            let principal = try request.principal
            var client: ClientID?
            if let value = body.clientId {
                guard let id = request.id(value, as: Client.self) else { throw ReachError.invalidInput("Invalid client id", field: "clientId") }
                client = id
            }
            let list = try await doNotContact.createList(named: body.name, clientID: client, by: principal.userID, in: principal.accountID)
            return try request.respond(with: request.wire(list))
        }
        router.add(DoNotContactAPI.renameList) { request in
            let id = try request.parameterID("dncListId", as: DoNotContactList.self, notFound: DoNotContactService.listNotFound)
            let list = try await doNotContact.renameList(id, to: request.body?["name"]?.stringValue ?? "", in: request.account)
            return try request.respond(with: request.wire(list))
        }
        router.add(DoNotContactAPI.deleteList) { request in
            let id = try request.parameterID("dncListId", as: DoNotContactList.self, notFound: DoNotContactService.listNotFound)
            try await doNotContact.deleteList(id, in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(DoNotContactAPI.removeItems) { request in
            let body = try request.decodeBody(DoNotContactAPI.RemoveRequest.self)
            let id = try request.parameterID("dncListId", as: DoNotContactList.self, notFound: DoNotContactService.listNotFound)
            let removed = try await doNotContact.removeItems(
                body.items ?? [], ids: request.ids(body.itemIds ?? [], as: DoNotContactItem.self).ids, from: id, in: request.account)
            return try request.respond(with: ["removed": removed])
        }
        router.add(DoNotContactAPI.blockedDomains) { request in
            let domains = try await doNotContact.blockedDomains(in: request.account)
            return try request.respond(with: domains.map {
                DoNotContactAPI.BlockedDomain(id: request.encode($0.id), domain: $0.domain, createdAt: ISO8601Parsing.string(from: $0.createdAt))
            })
        }
        router.add(DoNotContactAPI.unblockDomain) { request in
            try await doNotContact.unblockDomain(request.parameter("domain") ?? "", in: request.account)
            return try request.respondWithoutPayload()
        }
    }

    static func entryType(_ text: String?) -> DoNotContactEntryType? {
        text.flatMap(DoNotContactEntryType.init)
    }
}
