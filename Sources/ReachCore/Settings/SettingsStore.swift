/// Installation-wide values kept in the database, shared by every process of one installation.
public protocol SettingsStore: Sendable {
    /// The stored value, or `candidate` stored and returned when there was none. When several
    /// processes race, all of them get the one value that was stored first.
    func value(named name: String, storingIfAbsent candidate: String) async throws -> String
}

extension PublicIDCodec {
    static let secretSettingName = "public_id_secret"

    /// The installation's codec, creating its secret on first use.
    public static func load(from settings: any SettingsStore) async throws -> PublicIDCodec {
        var generator = SystemRandomNumberGenerator()
        let candidate = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let stored = try await settings.value(named: secretSettingName, storingIfAbsent: candidate)
        return PublicIDCodec(secret: Array(stored.utf8))
    }
}
