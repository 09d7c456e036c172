import ReachCore
import ReachStorage
import ReachTestSupport
import Testing

@Suite struct SettingsStoreTests {
    @Test(arguments: TestBackend.available)
    func keepsTheFirstValueStored(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            let settings = SQLSettingsStore(database: database)
            #expect(try await settings.value(named: "x", storingIfAbsent: "first") == "first")
            #expect(try await settings.value(named: "x", storingIfAbsent: "second") == "first")
            let codec = try await PublicIDCodec.load(from: settings)
            let again = try await PublicIDCodec.load(from: settings)
            #expect(codec.encode(5, kind: .client) == again.encode(5, kind: .client))
        }
    }
}
