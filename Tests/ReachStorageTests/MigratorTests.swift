import Foundation
import ReachStorage
import ReachTestSupport
import SQLKit
import Testing

@Suite struct MigratorTests {
    @Test(arguments: TestBackend.available)
    func migratesAnEmptyDatabaseToTheLatestVersion(backend: TestBackend) async throws {
        try await TestDatabase.with(backend, migrate: false) { database in
            let migrator = Migrator(database: database)
            #expect(try await migrator.appliedVersions() == [])
            let applied = try await migrator.migrate()
            #expect(applied == Array(1...Migrator.latestVersion))
            #expect(try await migrator.appliedVersions() == Array(1...Migrator.latestVersion))
        }
    }

    @Test(arguments: TestBackend.available)
    func leavesAnUpToDateDatabaseAndItsDataAlone(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await database.write { db in
                try await db.raw("INSERT INTO reach_settings (name, value) VALUES ('kept', 'yes')").run()
            }
            #expect(try await Migrator(database: database).migrate() == [])
            let kept = try await database.read { db in
                try await db.raw("SELECT value FROM reach_settings WHERE name = 'kept'").first(decodingColumn: "value", as: String.self)
            }
            #expect(kept == "yes")
        }
    }

    @Test(arguments: TestBackend.available)
    func appliesEachMigrationOnceWhenProcessesStartTogether(backend: TestBackend) async throws {
        try await TestDatabase.with(backend, migrate: false) { database in
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await Migrator(database: database).migrate() } }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == Array(1...Migrator.latestVersion))
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesADatabaseFromANewerReach(backend: TestBackend) async throws {
        try await TestDatabase.with(backend) { database in
            try await database.write { db in
                try await db.insert(into: "reach_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(Migrator.latestVersion + 1), SQLBind("future"), SQLBind(Date())).run()
            }
            await #expect(throws: MigrationError.self) { try await Migrator(database: database).migrate() }
        }
    }

    @Test func postgresIsAvailableWhenTheTestCommandRequiresIt() {
        #expect(!TestBackend.postgresRequired || TestBackend.available.contains(.postgresql))
    }
}
