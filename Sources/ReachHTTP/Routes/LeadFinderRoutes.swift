import ReachAPI
import ReachCore

/// Lead Finder, its AI chat and leads-to-email: each answers, after authentication and input
/// checks like any call, that a self-hosted server cannot do it.
struct LeadFinderRoutes {
    func register(on router: inout APIRouter) {
        let unavailable = ReachError(.notImplemented, code: LeadFinderAPI.notSelfHosted.code, message: LeadFinderAPI.notSelfHosted.message)
        for operation in LeadFinderAPI.all {
            router.add(operation) { _ -> APIResponse in throw unavailable }
        }
    }
}
