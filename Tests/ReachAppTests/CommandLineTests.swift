import Foundation
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct CommandLineTests {
    static let keyPattern = #"^rk_[0-9A-Za-z]{40}\n$"#

    @Test(arguments: TestBackend.available)
    func accountsCreatePrintsTheKeyAloneAndTheKeyWorks(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let created = try await ReachProcess.run(["accounts", "create", "--name", "Acme", "--email", "boss@acme.io", "--database", database.url])
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput.range(of: Self.keyPattern, options: .regularExpression) != nil, "\(created.standardOutput)")

        let dataDirectory = TestScratch.path("reach-data")
        let server = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        // The database already had an account: no default account, no key printed.
        #expect(server.standardOutput.isEmpty)
        let answer = try await server.get("/v1/clients", key: created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(answer.status == 200)
        #expect(answer.body.contains(#""message":"Successfully fetched clients""#))
        #expect(try await server.terminate() == 0)
    }

    @Test func refusesADuplicateAdminWithAClearMessage() async throws {
        let url = "sqlite://\(TestScratch.path("reach", suffix: ".db"))"
        _ = try await ReachProcess.run(["accounts", "create", "--name", "A", "--email", "ann@acme.io", "--database", url])
        let again = try await ReachProcess.run(["accounts", "create", "--name", "B", "--email", "ann@acme.io", "--database", url])
        #expect(again.status == 1)
        #expect(again.standardOutput.isEmpty)
        #expect(again.standardError.contains("error: A user with that email already exists"))
    }

    @Test func keysAreCreatedListedAndRevokedByTheirIds() async throws {
        let url = "sqlite://\(TestScratch.path("reach", suffix: ".db"))"
        _ = try await ReachProcess.run(["accounts", "create", "--name", "A", "--email", "ann@acme.io", "--database", url])
        let key = try await ReachProcess.run(["keys", "create", "--email", "ann@acme.io", "--name", "ci", "--database", url])
        #expect(key.status == 0)
        let secret = key.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("rk_"))

        let listed = try await ReachProcess.run(["keys", "list", "--email", "ann@acme.io", "--database", url])
        let lines = listed.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(!listed.standardOutput.contains(secret))
        let ciLine = try #require(lines.first { $0.contains(" ci ") })
        let keyID = String(ciLine.split(separator: " ")[0])

        let revoked = try await ReachProcess.run(["keys", "revoke", keyID, "--database", url])
        #expect(revoked.status == 0)
        let after = try await ReachProcess.run(["keys", "list", "--email", "ann@acme.io", "--database", url])
        #expect(after.standardOutput.split(separator: "\n").first { $0.hasPrefix(keyID) }?.hasSuffix("revoked") == true)
        let again = try await ReachProcess.run(["keys", "revoke", keyID, "--database", url])
        #expect(again.status == 1)
        #expect(again.standardError.contains("No live API key has that id"))
    }

    @Test func dkimGenerateWritesAPrivateKeyAndPrintsTheRecord() async throws {
        let dataDirectory = TestScratch.path("reach-data")
        let generated = try await ReachProcess.run(["dkim", "generate", "Acme.io", "--data-dir", dataDirectory])
        #expect(generated.status == 0, "\(generated.standardError)")
        #expect(generated.standardOutput.contains("name:  reach._domainkey.acme.io"))
        #expect(generated.standardOutput.contains("value: v=DKIM1; k=rsa; p=MII"))
        let file = "\(dataDirectory)/dkim/acme.io.reach.pem"
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("PRIVATE KEY"))
        let again = try await ReachProcess.run(["dkim", "generate", "acme.io", "--data-dir", dataDirectory])
        #expect(again.status != 0)
        #expect(again.standardError.contains("exists already"))
    }

    @Test func keysCreateForAnUnknownUserFails() async throws {
        let url = "sqlite://\(TestScratch.path("reach", suffix: ".db"))"
        let result = try await ReachProcess.run(["keys", "create", "--email", "nobody@acme.io", "--database", url])
        #expect(result.status == 1)
        #expect(result.standardError.contains("No user has the email nobody@acme.io"))
    }

    @Test func migrateAppliesOnceThenReportsUpToDate() async throws {
        let url = "sqlite://\(TestScratch.path("reach", suffix: ".db"))"
        let first = try await ReachProcess.run(["migrate", "--database", url])
        #expect(first.standardOutput.hasPrefix("Applied migrations 1"))
        let second = try await ReachProcess.run(["migrate", "--database", url])
        #expect(second.standardOutput == "The database is up to date.\n")
    }

    @Test func aBadDatabaseURLIsExplained() async throws {
        let result = try await ReachProcess.run(["migrate", "--database", "mysql://x"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("use sqlite://PATH or postgres://"))
    }
}

@Suite struct ServeTests {
    @Test(arguments: TestBackend.available)
    func firstStartOnAnEmptyDatabasePrintsAWorkingKeyAndStopsCleanly(backend: TestBackend) async throws {
        let database = try await TestDatabase.makeConfiguration(for: backend)
        let dataDirectory = TestScratch.path("reach-data")
        let server = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        let key = try #require(server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1)
        #expect(FileManager.default.fileExists(atPath: dataDirectory))

        let health = try await server.get("/healthz")
        #expect(health.status == 200)
        let clients = try await server.get("/v1/clients", key: String(key))
        #expect(clients.status == 200)
        let refused = try await server.get("/v1/clients", key: "rk_wrong")
        #expect(refused.status == 401)
        #expect(try await server.terminate() == 0)

        // A second start finds the account and prints nothing.
        let again = try await RunningServer.start(database: database.url, dataDirectory: dataDirectory)
        #expect(again.standardOutput.isEmpty)
        #expect(try await again.terminate() == 0)
    }

    @Test func sandboxTimeRunsFasterThanRealTime() async throws {
        let dataDirectory = TestScratch.path("reach-data")
        let server = try await RunningServer.start(
            database: "sqlite://\(dataDirectory)/reach.db", dataDirectory: dataDirectory, extraArguments: ["--time-scale", "86400"])
        let key = String(try #require(server.standardOutput.firstMatch(of: /API key: +(rk_[0-9A-Za-z]+)/)?.1))
        func createdAt(_ email: String) async throws -> Date {
            let created = try await server.send("POST", "/v1/prospects", key: key, body: JSONWriter.string(["attributes": ["Email": .string(email)]]))
            return try #require(ISO8601Parsing.date(from: try JSONParser.parse(created.body)["payload"]?["createdAt"]?.stringValue ?? ""), "\(created.body)")
        }
        let first = try await createdAt("a@acme.io")
        try await Task.sleep(for: .seconds(1))
        let second = try await createdAt("b@acme.io")
        // A real second is a sandbox day.
        #expect(second.timeIntervalSince(first) > 43_200, "\(second.timeIntervalSince(first)) s")
        #expect(try await server.terminate() == 0)
        let refused = try await ReachProcess.run(["serve", "--time-scale", "0", "--data-dir", dataDirectory, "--database", "sqlite://\(dataDirectory)/reach.db"])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("time scale"))
    }
}
