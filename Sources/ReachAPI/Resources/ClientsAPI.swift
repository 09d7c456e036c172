import ReachJSON

/// Agency clients (Saleshandy §17).
public enum ClientsAPI {
    public static let tag = "Clients"

    /// A client as `GET /v1/clients` lists it. Counts are strings, as Saleshandy writes them.
    public struct Client: Codable, Sendable, Equatable {
        public var id: String
        public var firstName: String
        public var lastName: String
        public var email: String
        public var companyName: String
        public var permission: String
        public var createdDate: String
        public var activeSequence: String
        public var totalProspects: String
        public var emailSent: String
        public var activeEmailAccounts: String

        public init(
            id: String, firstName: String, lastName: String, email: String, companyName: String, permission: String,
            createdDate: String, activeSequence: String, totalProspects: String, emailSent: String, activeEmailAccounts: String
        ) {
            self.id = id
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.companyName = companyName
            self.permission = permission
            self.createdDate = createdDate
            self.activeSequence = activeSequence
            self.totalProspects = totalProspects
            self.emailSent = emailSent
            self.activeEmailAccounts = activeEmailAccounts
        }

        public static let schema: JSONSchema = .component(
            name: "Client",
            schema: .object([
                .required("id", .string),
                .required("firstName", .string),
                .required("lastName", .string),
                .required("email", .string),
                .required("companyName", .string),
                .required("permission", .string(oneOf: Permission.allCases.map(\.label))),
                .required("createdDate", .dateTime),
                .required("activeSequence", .countString),
                .required("totalProspects", .countString),
                .required("emailSent", .countString),
                .required("activeEmailAccounts", .countString),
            ]))
    }

    /// Saleshandy's permission codes on create ("1", "2") and labels in lists.
    public enum Permission: String, CaseIterable, Sendable {
        case fullAccess = "1"
        case limitedAccess = "2"

        public var label: String {
            switch self {
            case .fullAccess: "full-access"
            case .limitedAccess: "limited-access"
            }
        }
    }

    public enum SortField: String, Codable, Sendable, CaseIterable {
        case createdDate, firstName, companyName, activeSequence, totalProspects, emailSent, activeEmailAccounts
    }

    public struct ListQuery: Codable, Sendable {
        public var search: String?
        public var page: Int?
        public var pageSize: Int?
        public var sort: SortOrder?
        public var sortBy: SortField?

        public init(search: String? = nil, page: Int? = nil, pageSize: Int? = nil, sort: SortOrder? = nil, sortBy: SortField? = nil) {
            self.search = search
            self.page = page
            self.pageSize = pageSize
            self.sort = sort
            self.sortBy = sortBy
        }
    }

    public struct CreateRequest: Codable, Sendable {
        public var firstName: String
        public var lastName: String
        public var email: String
        public var companyName: String
        /// "1" (full access) or "2" (limited access); numbers are accepted too.
        public var permission: JSONValue

        public init(firstName: String, lastName: String, email: String, companyName: String, permission: String) {
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.companyName = companyName
            self.permission = .string(permission)
        }
    }

    public enum ResourceType: String, Codable, Sendable, CaseIterable {
        case sequence
        case emailAccount
    }

    public struct AssignRequest: Codable, Sendable {
        public var resourceIds: [JSONValue]
        public var clientId: JSONValue?

        public init(resourceIds: [String], clientId: String?) {
            self.resourceIds = resourceIds.map(JSONValue.string)
            self.clientId = clientId.map(JSONValue.string)
        }
    }

    public static let list = APIOperation(
        id: "ClientController_getClientLists", method: .get, path: "/v1/clients", tag: tag,
        summary: "List clients",
        description: "Searches first name, last name, email and company. pageSize defaults to 25; larger values than 100 are capped to 100.",
        parameters: [
            .query("search", .string),
            .query("pageSize", .integer(minimum: 1)),
            .query("page", .integer(minimum: 1)),
            .query("sort", SortOrder.schema),
            .query("sortBy", .string(oneOf: SortField.allCases.map(\.rawValue))),
        ],
        response: .nestedEnvelope(
            status: 200, message: "Successfully fetched clients", payload: .array(of: Client.schema), meta: PageMeta.schema),
        errors: [DocumentedError(status: 400, code: 40004, message: "Failed to fetch clients")])

    public static let create = APIOperation(
        id: "ClientController_createClient", method: .post, path: "/v1/clients", tag: tag,
        summary: "Create a client",
        description: "Answers with the new client (Saleshandy answers with a null payload).",
        requestBody: .json(.object([
            .required("firstName", .string(minLength: 1, maxLength: 100)),
            .required("lastName", .string(maxLength: 100)),
            .required("email", .string(minLength: 3, maxLength: 254, format: .email)),
            .required("companyName", .string(maxLength: 200)),
            .required(
                "permission",
                .anyOf([.string(oneOf: Permission.allCases.map(\.rawValue)), .integer(oneOf: [1, 2])]),
                "1 = full access, 2 = limited access"),
        ])),
        response: .envelope(status: 201, message: "Client created successfully", payload: Client.schema),
        errors: [DocumentedError(status: 400, code: 1001, message: "Same client user already exists")])

    public static let assign = APIOperation(
        id: "ClientController_assignResource", method: .post, path: "/v1/clients/assign/{resourceType}", tag: tag,
        summary: "Assign sequences or email accounts to a client",
        description: "Without clientId the resources are detached from any client.",
        parameters: [.path("resourceType", .string(oneOf: ResourceType.allCases.map(\.rawValue)))],
        requestBody: .json(.object([
            .required("resourceIds", .array(of: .id, minItems: 1, maxItems: 1000)),
            .optional("clientId", .id),
        ])),
        response: .nestedEnvelope(status: 200, message: "Resource assigned to client successfully", payload: .nullable(.any)),
        errors: [DocumentedError(status: 400, code: 4000, message: "Failed to assign resource to client")])
}
