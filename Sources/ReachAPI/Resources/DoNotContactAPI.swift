import ReachJSON

/// Do Not Contact lists and the domain blocklist (Saleshandy §14).
public enum DoNotContactAPI {
    public static let tag = "Do Not Contact"

    public struct List: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var numberOfItems: Int
        /// The same count as a string, as Saleshandy also writes it.
        public var total: String
        public var createdAt: String
        public var updatedAt: String
        public var createdBy: String?
        public var clientId: String?

        public init(id: String, name: String, numberOfItems: Int, createdAt: String, updatedAt: String, createdBy: String?, clientId: String?) {
            self.id = id
            self.name = name
            self.numberOfItems = numberOfItems
            self.total = String(numberOfItems)
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.createdBy = createdBy
            self.clientId = clientId
        }

        enum CodingKeys: String, CodingKey { case id, name, numberOfItems, total, createdAt, updatedAt, createdBy, clientId }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(numberOfItems, forKey: .numberOfItems)
            try container.encode(total, forKey: .total)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(createdBy, forKey: .createdBy)
            try container.encode(clientId, forKey: .clientId)
        }

        public static let schema: JSONSchema = .component(
            name: "DncList",
            schema: .object([
                .required("id", .string), .required("name", .string), .required("numberOfItems", .integer(minimum: 0)),
                .required("total", .countString), .required("createdAt", .dateTime), .required("updatedAt", .dateTime),
                .required("createdBy", .nullable(.string)), .required("clientId", .nullable(.string)),
            ]))
    }

    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        public var value: String
        /// `email` or `domain`.
        public var type: String
        public var createdAt: String
        public var addedBy: String?

        public init(id: String, value: String, type: String, createdAt: String, addedBy: String?) {
            self.id = id
            self.value = value
            self.type = type
            self.createdAt = createdAt
            self.addedBy = addedBy
        }

        enum CodingKeys: String, CodingKey { case id, value, type, createdAt, addedBy }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(value, forKey: .value)
            try container.encode(type, forKey: .type)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(addedBy, forKey: .addedBy)
        }

        public static let schema: JSONSchema = .component(
            name: "DncItem",
            schema: .object([
                .required("id", .string), .required("value", .string), .required("type", .string(oneOf: ["email", "domain"])),
                .required("createdAt", .dateTime), .required("addedBy", .nullable(.string)),
            ]))
    }

    /// `{"payload": {"message", "dncDetails", "meta"}}`, as Saleshandy documents the items of a list.
    public struct ItemsAnswer: Codable, Sendable {
        public struct Inner: Codable, Sendable {
            public var message: String
            public var dncDetails: [Item]
            public var meta: PageMeta
        }

        public var payload: Inner

        public init(message: String, items: [Item], meta: PageMeta) {
            payload = Inner(message: message, dncDetails: items, meta: meta)
        }
    }

    public struct SearchAnswer: Codable, Sendable {
        public struct ListWithItems: Codable, Sendable, Equatable {
            public var id: String
            public var name: String
            public var numberOfItems: Int
            public var createdAt: String
            public var updatedAt: String
            public var addedBy: String?
            public var ownerId: String?
            public var dncItems: [Item]

            public init(list: List, items: [Item]) {
                id = list.id
                name = list.name
                numberOfItems = list.numberOfItems
                createdAt = list.createdAt
                updatedAt = list.updatedAt
                addedBy = list.createdBy
                ownerId = list.createdBy
                dncItems = items
            }
        }

        public var dncList: [ListWithItems]
        public var meta: PageMeta

        public init(dncList: [ListWithItems], meta: PageMeta) {
            self.dncList = dncList
            self.meta = meta
        }
    }

    public struct AddResult: Codable, Sendable, Equatable {
        public var added: Int
        public var alreadyListed: Int
        public var invalid: [String]

        public init(added: Int, alreadyListed: Int, invalid: [String]) {
            self.added = added
            self.alreadyListed = alreadyListed
            self.invalid = invalid
        }
    }

    public struct ListQuery: Codable, Sendable {
        public var search: String?
        public var page: Int?
        public var pageSize: Int?
        public var sort: SortOrder?
        public var sortBy: String?
    }

    public struct ItemsQuery: Codable, Sendable {
        public var dncListId: String?
        public var search: String?
        public var page: Int?
        public var pageSize: Int?
        public var type: String?
    }

    static let paging: [Parameter] = [.query("pageSize", .integer(minimum: 1)), .query("page", .integer(minimum: 1))]
    static let itemType = JSONSchema.string(oneOf: ["all", "email", "domain"])

    public static let lists = APIOperation(
        id: "DncController_getDncLists", method: .get, path: "/v1/dnc", tag: tag,
        summary: "List Do Not Contact lists",
        parameters: [.query("search", .string(maxLength: 200))] + paging + [
            .query("sort", SortOrder.schema), .query("sortBy", .string(oneOf: ["total", "updatedAt"])),
        ],
        response: .nestedEnvelope(status: 200, message: "Successfully fetched dnc list", payload: .array(of: List.schema), meta: PageMeta.schema),
        errors: [DocumentedError(status: 400, code: 40004, message: "Failed to fetch dnc list")])

    public static let items = APIOperation(
        id: "DncController_getDncById", method: .get, path: "/v1/dnc/{dncListId}", tag: tag,
        summary: "Items of a Do Not Contact list",
        parameters: [.path("dncListId"), .query("search", .string(maxLength: 254))] + paging + [.query("type", itemType)],
        response: .bare(
            status: 200,
            schema: .object([
                .required(
                    "payload",
                    .object([
                        .required("message", .string), .required("dncDetails", .array(of: Item.schema)), .required("meta", PageMeta.schema),
                    ]))
            ])),
        errors: [DocumentedError(status: 400, code: 40004, message: "Failed to fetch dnc item")])

    public static let searchItems = APIOperation(
        id: "DncController_getDncListWithItem", method: .get, path: "/v1/dnc/item/search", tag: tag,
        summary: "Find an email or domain across lists", description: "Lists holding items whose value contains search, with those items.",
        parameters: [.query("search", .string(maxLength: 254))] + paging + [.query("type", itemType)],
        response: .envelope(
            status: 200, message: "Successfully fetched dnc item",
            payload: .object([
                .required(
                    "dncList",
                    .array(of: .object([
                        .required("id", .string), .required("name", .string), .required("numberOfItems", .integer(minimum: 0)),
                        .required("createdAt", .dateTime), .required("updatedAt", .dateTime), .required("addedBy", .nullable(.string)),
                        .required("ownerId", .nullable(.string)), .required("dncItems", .array(of: Item.schema)),
                    ]))),
                .required("meta", PageMeta.schema),
            ])),
        errors: [DocumentedError(status: 400, code: 40004, message: "Failed to fetch dnc item")])

    public struct AddRequest: Codable, Sendable {
        public var dncListId: JSONValue
        public var items: [String]
    }

    public static let addItems = APIOperation(
        id: "DncController_addItemsToDncList", method: .post, path: "/v1/dnc", tag: tag,
        summary: "Add emails and domains to a list",
        description: "Each item is an email or a domain (@acme.com, acme.com and URLs are read as the domain). Invalid values are returned, not added.",
        requestBody: .json(.object([
            .required("dncListId", .id), .required("items", .array(of: .string(minLength: 1, maxLength: 254), minItems: 1, maxItems: 10_000)),
        ])),
        response: .envelope(
            status: 201, message: "Items added to the dnc list successfully",
            payload: .object([
                .required("added", .integer(minimum: 0)), .required("alreadyListed", .integer(minimum: 0)), .required("invalid", .array(of: .string)),
            ])),
        errors: [DocumentedError(status: 404, code: 4004, message: "Do Not Contact list not found")])

    public static let blockDomains = APIOperation(
        id: "DomainBlacklistController_addBlacklistDomain", method: .post, path: "/v1/blacklist-domains", tag: tag,
        summary: "Blocklist domains", description: "domains is comma-separated, at most 50 at a time; no prospect at a blocked domain is written to.",
        requestBody: .json(.object([.required("domains", .string(minLength: 1, maxLength: 20_000))])),
        response: .envelope(status: 201, message: "Domains blacklisted successfully", payload: .object([.required("domains", .array(of: .string))])),
        errors: [
            DocumentedError(
                status: 400, code: 40001,
                message: "Enter the valid domain name in the format domain.com that does not already exist in the blacklist"),
            DocumentedError(status: 400, code: 40002, message: "Domain already exist"),
            DocumentedError(status: 400, code: 40003, message: "The maximum domain limit has been exceeded. You can blacklist up to 50 domains at a time"),
            DocumentedError(status: 400, code: 40004, message: "Could not add domains to blacklist"),
        ])

    public struct ListRequest: Codable, Sendable {
        public var name: String
        public var clientId: JSONValue?
    }

    public static let createList = APIOperation(
        id: "ReachController_createDncList", method: .post, path: "/v1/dnc/lists", tag: tag, summary: "Create a Do Not Contact list",
        requestBody: .json(.object([.required("name", .string(minLength: 1, maxLength: 200)), .optional("clientId", .id)])),
        response: .envelope(status: 201, message: "Dnc list created successfully", payload: List.schema),
        errors: [DocumentedError(status: 409, code: 4009, message: "A list with this name already exists")], isExtension: true)

    public static let renameList = APIOperation(
        id: "ReachController_renameDncList", method: .patch, path: "/v1/dnc/{dncListId}", tag: tag, summary: "Rename a Do Not Contact list",
        parameters: [.path("dncListId")], requestBody: .json(.object([.required("name", .string(minLength: 1, maxLength: 200))])),
        response: .envelope(status: 200, message: "Dnc list updated successfully", payload: List.schema),
        errors: [DocumentedError(status: 409, code: 4009, message: "A list with this name already exists")], isExtension: true)

    public static let deleteList = APIOperation(
        id: "ReachController_deleteDncList", method: .delete, path: "/v1/dnc/{dncListId}", tag: tag,
        summary: "Delete a Do Not Contact list and its items", parameters: [.path("dncListId")],
        response: .envelope(status: 200, message: "Dnc list deleted successfully", payload: .nullable(.any)), isExtension: true)

    public struct RemoveRequest: Codable, Sendable {
        public var items: [String]?
        public var itemIds: [JSONValue]?
    }

    public static let removeItems = APIOperation(
        id: "ReachController_removeDncItems", method: .post, path: "/v1/dnc/{dncListId}/items/remove", tag: tag,
        summary: "Remove items from a list", description: "By value (items) or by id (itemIds).", parameters: [.path("dncListId")],
        requestBody: .json(.object(
            [.optional("items", .array(of: .string(maxLength: 254), maxItems: 10_000)), .optional("itemIds", .array(of: .id, maxItems: 10_000))],
            requiresOneOf: ["items", "itemIds"])),
        response: .envelope(status: 200, message: "Dnc items removed successfully", payload: .object([.required("removed", .integer(minimum: 0))])),
        isExtension: true)

    public struct BlockedDomain: Codable, Sendable, Equatable {
        public var id: String
        public var domain: String
        public var createdAt: String

        public init(id: String, domain: String, createdAt: String) {
            self.id = id
            self.domain = domain
            self.createdAt = createdAt
        }
    }

    public static let blockedDomains = APIOperation(
        id: "ReachController_listBlacklistDomains", method: .get, path: "/v1/blacklist-domains", tag: tag, summary: "List blocklisted domains",
        response: .envelope(
            status: 200, message: "Successfully fetched blacklisted domains",
            payload: .array(of: .object([.required("id", .string), .required("domain", .string), .required("createdAt", .dateTime)]))),
        isExtension: true)

    public static let unblockDomain = APIOperation(
        id: "ReachController_removeBlacklistDomain", method: .delete, path: "/v1/blacklist-domains/{domain}", tag: tag,
        summary: "Remove a domain from the blocklist", parameters: [.path("domain")],
        response: .envelope(status: 200, message: "Domain removed from the blacklist", payload: .nullable(.any)), isExtension: true)

    public static let all = [lists, items, searchItems, addItems, blockDomains, createList, renameList, deleteList, removeItems, blockedDomains, unblockDomain]
}
