import ReachAPI
import ReachJSON
import ReachCore

/// Health, metrics and the OpenAPI document: open to anyone who can reach the port.
struct SystemRoutes {
    let services: APIServices

    func register(on router: inout APIRouter) {
        let document = Self.renderedDocument()
        router.add(SystemAPI.health) { request in
            do {
                try await services.health.checkDatabase()
            } catch {
                request.logger.error("health check failed: \(error)")
                throw ReachError(.unavailable, code: 5003, message: "The database cannot be reached")
            }
            return try request.respond(with: SystemAPI.Health(status: "ok", database: services.health.databaseName))
        }
        router.add(SystemAPI.metrics) { _ in
            .text(services.metrics.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.add(SystemAPI.openAPIDocument) { _ in
            .text(document, contentType: "application/json; charset=utf-8")
        }
    }

    /// Rendered once: the document only changes with the build.
    static func renderedDocument() -> String {
        JSONWriter.string(APICatalog.document.json())
    }
}
