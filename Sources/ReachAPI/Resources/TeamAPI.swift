/// The account's people (Saleshandy §18).
public enum TeamAPI {
    public static let tag = "Team"

    public struct Member: Codable, Sendable, Equatable {
        public var id: String
        public var firstName: String
        public var lastName: String
        public var email: String
        /// `admin` or `member`.
        public var role: String
        public var createdAt: String

        public init(id: String, firstName: String, lastName: String, email: String, role: String, createdAt: String) {
            self.id = id
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.role = role
            self.createdAt = createdAt
        }

        public static let schema: JSONSchema = .component(
            name: "TeamMember",
            schema: .object([
                .required("id", .string),
                .required("firstName", .string),
                .required("lastName", .string),
                .required("email", .string),
                .required("role", .string(oneOf: ["admin", "member"])),
                .required("createdAt", .dateTime),
            ]))
    }

    public static let memberList = APIOperation(
        id: "UserController_getTeamAndMemberList", method: .get, path: "/v1/user/team-member-list", tag: tag,
        summary: "List team members",
        description: "Everyone in the account: their ids serve as owners, assignees and userIds elsewhere.",
        response: .envelope(status: 200, message: "Successfully fetched team members", payload: .array(of: Member.schema)))
}
