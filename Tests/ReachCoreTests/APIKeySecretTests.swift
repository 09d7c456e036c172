import Testing

@testable import ReachCore

@Suite struct APIKeySecretTests {
    @Test func generatesLongRandomKeysAndKeepsOnlyTheirHash() {
        let (secret, stored) = APIKeySecret.generate(name: "ci")
        #expect(secret.hasPrefix("rk_"))
        #expect(secret.count == 43)
        #expect(APIKeySecret.isWellFormed(secret))
        #expect(stored.secretHash == APIKeySecret.hash(secret))
        #expect(stored.secretHash.count == 64)
        #expect(!stored.secretHash.contains(secret))
        #expect(secret.hasPrefix(stored.prefix))
        #expect(APIKeySecret.generate(name: "ci").secret != secret)
    }

    @Test func refusesWhatCannotBeAKey() {
        #expect(!APIKeySecret.isWellFormed(""))
        #expect(!APIKeySecret.isWellFormed("rk_short"))
        #expect(!APIKeySecret.isWellFormed("xx_" + String(repeating: "a", count: 40)))
    }
}
