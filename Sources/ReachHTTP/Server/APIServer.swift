import Hummingbird
import ReachAPI

/// Builds the HTTP router of Reach: every operation of `APICatalog` with its handler.
public enum APIServer {
    public static func makeRouter(services: APIServices) -> (router: Router<ReachRequestContext>, operations: [APIOperation]) {
        var router = APIRouter(services: services)
        SystemRoutes(services: services).register(on: &router)
        TeamRoutes(accounts: services.accounts).register(on: &router)
        ClientRoutes(clients: services.clients).register(on: &router)
        return (router.router, router.registered)
    }
}
