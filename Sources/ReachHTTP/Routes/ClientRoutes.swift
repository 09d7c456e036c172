import ReachAPI
import ReachCore
import ReachJSON

struct ClientRoutes {
    let clients: ClientService

    func register(on router: inout APIRouter) {
        router.add(ClientsAPI.list) { request in
            let query = try request.decodeParameters(ClientsAPI.ListQuery.self)
            let page = try await clients.list(
                in: request.account, search: query.search, page: query.page, pageSize: query.pageSize,
                sortField: query.sortBy.map(ClientSortField.init), direction: query.sort.map(SortDirection.init))
            let meta = PageMeta(
                totalItems: page.totalItems, currentPage: page.request.number, itemsPerPage: page.request.size, itemCount: page.items.count)
            return try request.respond(with: page.items.map { Self.wire($0, request) }, meta: meta)
        }
        router.add(ClientsAPI.create) { request in
            let body = try request.decodeBody(ClientsAPI.CreateRequest.self)
            let code = APIRequest.idText(body.permission) ?? ""
            guard let permission = ClientsAPI.Permission(rawValue: code).flatMap({ ClientPermission(rawValue: Int($0.rawValue)!) }) else {
                throw ReachError.invalidInput("permission must be one of the following values: 1, 2", field: "permission", code: 1001)
            }
            let created = try await clients.create(
                in: request.account, firstName: body.firstName, lastName: body.lastName, email: body.email,
                companyName: body.companyName, permission: permission)
            return try request.respond(with: Self.wire(created, request))
        }
        router.add(ClientsAPI.assign) { request in
            guard let resourceType = request.parameter("resourceType").flatMap(ClientsAPI.ResourceType.init) else {
                throw ReachError.invalidInput("resourceType must be one of the following values: sequence, emailAccount")
            }
            let body = try request.decodeBody(ClientsAPI.AssignRequest.self)
            let kind = ClientResourceKind(resourceType)
            var ids: [Int64] = []
            var undecodable: [String] = []
            for value in body.resourceIds {
                let text = APIRequest.idText(value) ?? ""
                if let id = request.codec.decode(text, kind: kind.publicIDKind) { ids.append(id) } else { undecodable.append(text) }
            }
            var client: ClientID?
            if let clientValue = body.clientId {
                guard let id = request.id(clientValue, as: Client.self) else {
                    throw ReachError.invalidInput("Invalid client id", field: "clientId")
                }
                client = id
            }
            try await clients.assign(kind, ids: ids, undecodable: undecodable, to: client, in: request.account)
            return try request.respondWithoutPayload()
        }
    }

    static func wire(_ summary: ClientSummary, _ request: APIRequest) -> ClientsAPI.Client {
        let client = summary.client
        return ClientsAPI.Client(
            id: request.encode(client.id), firstName: client.firstName, lastName: client.lastName, email: client.email,
            companyName: client.companyName, permission: ClientsAPI.Permission(rawValue: String(client.permission.rawValue))!.label,
            createdDate: ISO8601Parsing.string(from: client.createdAt), activeSequence: String(summary.activeSequences),
            totalProspects: String(summary.totalProspects), emailSent: String(summary.emailsSent),
            activeEmailAccounts: String(summary.activeEmailAccounts))
    }
}

extension ClientSortField {
    init(_ field: ClientsAPI.SortField) {
        switch field {
        case .createdDate: self = .createdDate
        case .firstName: self = .firstName
        case .companyName: self = .companyName
        case .activeSequence: self = .activeSequence
        case .totalProspects: self = .totalProspects
        case .emailSent: self = .emailSent
        case .activeEmailAccounts: self = .activeEmailAccounts
        }
    }
}

extension SortDirection {
    init(_ order: SortOrder) {
        self = order == .ascending ? .ascending : .descending
    }
}

extension ClientResourceKind {
    init(_ type: ClientsAPI.ResourceType) {
        switch type {
        case .sequence: self = .sequence
        case .emailAccount: self = .emailAccount
        }
    }

    var publicIDKind: PublicIDKind {
        switch self {
        case .sequence: .sequence
        case .emailAccount: EmailAccount.publicIDKind
        }
    }
}
