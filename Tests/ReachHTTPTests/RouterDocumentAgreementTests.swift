import ReachAPI
import ReachTestSupport
import Testing

/// The router and the served OpenAPI document describe the same API, in both directions.
@Suite struct RouterDocumentAgreementTests {
    @Test func everyRouteHasAnOperationInTheDocumentAndEveryOperationARoute() async throws {
        try await TestAPI.with(.sqlite) { api in
            let document = try await api.request(.get, "/api-doc-json").json
            let paths = document["paths"]?.objectValue ?? [:]
            var documented: Set<String> = []
            for (path, methods) in paths {
                for method in methods.objectValue?.keys ?? [:].keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let routed = Set(api.operations.map { "\($0.method.rawValue) \($0.path)" })
            #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented))")
            #expect(documented.subtracting(routed).isEmpty, "documented operations without a route: \(documented.subtracting(routed))")
            #expect(routed.count == api.operations.count, "a route is registered twice")

            // Each documented operation reaches a handler rather than the router's not-found answer.
            for entry in documented {
                let parts = entry.split(separator: " ", maxSplits: 1)
                let path = parts[1].replacingOccurrences(of: #"\{[^}]+\}"#, with: "x", options: .regularExpression)
                let response = try await api.request(.init(rawValue: String(parts[0]))!, path)
                #expect(response.status != 404 || response.json["message"]?.stringValue?.hasPrefix("Route not found") == false, "\(entry)")
                #expect(response.status != 405, "\(entry)")
            }
        }
    }
}
