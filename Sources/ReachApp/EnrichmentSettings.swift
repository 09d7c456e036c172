import Foundation
import ReachCore

/// How `reach serve` enriches contacts and companies, from flags and environment.
public struct EnrichmentSettings: Sendable {
    /// A third-party data service (`--enrichment-url`, `REACH_ENRICHMENT_URL`); nil uses the built-in provider.
    public var providerURL: String?
    /// Its key (`REACH_ENRICHMENT_KEY`), sent as a bearer token.
    public var providerKey: String
    /// Requests allowed per account per minute, hour and day (`--enrichment-limits 30,1000,10000`).
    public var limits: EnrichmentRateLimits
    /// Whether company websites on private or loopback addresses are read
    /// (`--enrichment-fetch-private`): off, so a typed domain never reaches the server's own network.
    public var fetchPrivateAddresses: Bool
    /// The ports websites are read on (`REACH_ENRICHMENT_WEB_PORTS=80,443`): tests serve theirs elsewhere.
    public var httpPort: Int
    public var httpsPort: Int

    public init(
        providerURL: String? = nil, providerKey: String = "", limits: EnrichmentRateLimits = EnrichmentRateLimits(),
        fetchPrivateAddresses: Bool = false, httpPort: Int = 80, httpsPort: Int = 443
    ) {
        self.providerURL = providerURL
        self.providerKey = providerKey
        self.limits = limits
        self.fetchPrivateAddresses = fetchPrivateAddresses
        self.httpPort = httpPort
        self.httpsPort = httpsPort
    }

    /// "30,1000,10000": per minute, hour and day.
    public static func limits(_ text: String) throws -> EnrichmentRateLimits {
        let numbers = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 3, let minute = numbers[0], let hour = numbers[1], let day = numbers[2], minute >= 0, hour >= 0, day >= 0 else {
            throw ConfigurationError("enrichment limits must be three whole numbers: per minute, per hour and per day (30,1000,10000)")
        }
        return EnrichmentRateLimits(perMinute: minute, perHour: hour, perDay: day)
    }

    /// "80,443": the HTTP and HTTPS ports.
    public static func ports(_ text: String) throws -> (http: Int, https: Int) {
        let numbers = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 2, numbers.allSatisfy({ (1...65535).contains($0) }) else {
            throw ConfigurationError("enrichment web ports must be two port numbers: HTTP and HTTPS (80,443)")
        }
        return (numbers[0], numbers[1])
    }
}
