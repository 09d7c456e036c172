import ReachCore
import SQLKit

public struct SQLSettingsStore: SettingsStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    public func value(named name: String, storingIfAbsent candidate: String) async throws -> String {
        try await database.write { db in
            // Insert-if-absent then read back: whichever process inserted first wins for all.
            try await db.insert(into: "reach_settings").columns("name", "value").values(SQLBind(name), SQLBind(candidate))
                .ignoringConflicts(with: ["name"]).run()
            guard let value = try await db.select().column("value").from("reach_settings").where("name", .equal, name)
                .first(decodingColumn: "value", as: String.self)
            else { throw ReachError.internalFailure }
            return value
        }
    }
}
