import Foundation
import ReachApp
import ReachCore
import Testing

/// How `reach serve` reads its enrichment settings.
struct EnrichmentSettingsTests {
    func configuration(_ settings: EnrichmentSettings) throws -> ServerConfiguration {
        try ServerConfiguration(port: 8080, dataDirectory: FileManager.default.temporaryDirectory, enrichment: settings)
    }

    @Test func aProviderKeyTravelsInTheClearOnlyToThisMachine() throws {
        #expect(throws: ConfigurationError.self) { try configuration(EnrichmentSettings(providerURL: "http://data.example/enrich")) }
        #expect(throws: ConfigurationError.self) { try configuration(EnrichmentSettings(providerURL: "ftp://data.example/")) }
        #expect(throws: ConfigurationError.self) { try configuration(EnrichmentSettings(providerURL: "not a url")) }
        _ = try configuration(EnrichmentSettings(providerURL: "https://data.example/enrich"))
        _ = try configuration(EnrichmentSettings(providerURL: "http://127.0.0.1:9000/"))
    }

    @Test func limitsAndPortsAreReadOrRefusedWithTheReason() throws {
        #expect(try EnrichmentSettings.limits("5, 50,500") == EnrichmentRateLimits(perMinute: 5, perHour: 50, perDay: 500))
        for bad in ["30,1000", "a,b,c", "-1,2,3", ""] {
            #expect(throws: ConfigurationError.self) { try EnrichmentSettings.limits(bad) }
        }
        #expect(try EnrichmentSettings.ports("8080,8443") == (http: 8080, https: 8443))
        #expect(throws: ConfigurationError.self) { try EnrichmentSettings.ports("80,70000") }
    }
}
