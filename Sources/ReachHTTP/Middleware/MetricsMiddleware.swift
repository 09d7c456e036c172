import Hummingbird
import Prometheus

/// Counts requests by method, route template and status, and times them, into the registry
/// `/metrics` serves. Route templates (not raw paths) keep the label count bounded.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = ReachRequestContext

    let registry: PrometheusCollectorRegistry

    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.coreContext.endpointPath.value.map { $0 == "NotFound" ? "unmatched" : $0 } ?? "unmatched"
        let method = request.method.rawValue
        registry.makeCounter(
            descriptor: .init(namespace: "reach", subsystem: "http", metricName: "requests", unitName: "total",
                              helpText: "HTTP requests answered, by method, route and status."),
            labels: [("method", method), ("route", route), ("status", String(response.status.code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "reach", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                              helpText: "Time to answer HTTP requests, by method and route."),
            labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).recordNanoseconds(Self.nanoseconds(ContinuousClock.now - start))
        return response
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
