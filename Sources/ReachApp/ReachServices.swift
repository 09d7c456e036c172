import Prometheus
import ReachCore
import ReachHTTP
import ReachStorage

/// The composition root: the one place that knows every concrete store and service.
public enum ReachServices {
    /// Core services over the SQL stores of `database`, as the HTTP edge needs them.
    public static func api(
        database: any DatabaseBackend, clock: any WallClock = SystemClock(), rateLimit: RateLimitPolicy = .standard,
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) async throws -> APIServices {
        let accountStore = SQLAccountStore(database: database)
        return APIServices(
            accounts: AccountService(accounts: accountStore, clock: clock),
            apiKeys: APIKeyService(accounts: accountStore, keys: SQLAPIKeyStore(database: database), clock: clock),
            clients: ClientService(clients: SQLClientStore(database: database), clock: clock),
            codec: try await PublicIDCodec.load(from: SQLSettingsStore(database: database)),
            health: DatabaseHealthProbe(database: database),
            metrics: metrics,
            rateLimit: rateLimit)
    }
}

struct DatabaseHealthProbe: HealthProbe {
    let database: any DatabaseBackend

    var databaseName: String { database.kind.rawValue }

    func checkDatabase() async throws {
        try await database.ping()
    }
}
