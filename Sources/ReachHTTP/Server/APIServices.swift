import Prometheus
import ReachCore

/// Everything the HTTP edge calls into, built by the composition root.
public struct APIServices: Sendable {
    public var accounts: AccountService
    public var apiKeys: APIKeyService
    public var clients: ClientService
    public var codec: PublicIDCodec
    public var health: any HealthProbe
    public var metrics: PrometheusCollectorRegistry
    public var rateLimit: RateLimitPolicy

    public init(
        accounts: AccountService, apiKeys: APIKeyService, clients: ClientService, codec: PublicIDCodec,
        health: any HealthProbe, metrics: PrometheusCollectorRegistry, rateLimit: RateLimitPolicy
    ) {
        self.accounts = accounts
        self.apiKeys = apiKeys
        self.clients = clients
        self.codec = codec
        self.health = health
        self.metrics = metrics
        self.rateLimit = rateLimit
    }
}

/// Tells `/healthz` whether the database answers.
public protocol HealthProbe: Sendable {
    /// `sqlite` or `postgresql`.
    var databaseName: String { get }
    func checkDatabase() async throws
}
