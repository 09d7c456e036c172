import ReachAPI
import ReachCore
import ReachJSON

struct TeamRoutes {
    let accounts: AccountService

    func register(on router: inout APIRouter) {
        router.add(TeamAPI.memberList) { request in
            let members = try await accounts.teamMembers(of: request.account)
            return try request.respond(with: members.map { user in
                TeamAPI.Member(
                    id: request.encode(user.id), firstName: user.firstName, lastName: user.lastName, email: user.email,
                    role: user.role.rawValue, createdAt: ISO8601Parsing.string(from: user.createdAt))
            })
        }
    }
}
