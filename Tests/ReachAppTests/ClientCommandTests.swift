import Foundation
import ReachJSON
import ReachTestSupport
import Testing

/// The client commands: the real `reach` binary against a real `reach serve` on loopback.
/// SQLite only: what is under test is the client, and the server's storage is tested elsewhere.
@Suite struct ClientCommandTests {
    /// A server with one account, and the environment a client command needs to reach it.
    struct Fixture {
        let server: RunningServer
        let key: String
        let environment: [String: String]

        static func start(profiles: String? = nil) async throws -> Fixture {
            let directory = TestScratch.path("reach-cli")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let database = "sqlite://\(directory)/reach.db"
            let created = try await ReachProcess.run(["accounts", "create", "--name", "Acme", "--email", "boss@acme.io", "--database", database])
            let key = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            let server = try await RunningServer.start(database: database, dataDirectory: "\(directory)/data")
            // A profile file of the test's own, and no connection settings inherited from the machine.
            let environment = [
                "REACH_CONFIG": profiles ?? "\(directory)/config.json", "REACH_BASE_URL": server.baseURL, "REACH_API_KEY": key,
                "REACH_PROFILE": "", "NO_COLOR": "1",
            ]
            return Fixture(server: server, key: key, environment: environment)
        }

        func reach(_ arguments: String..., environment extra: [String: String] = [:], input: String? = nil) async throws -> ReachProcess.Output {
            try await ReachProcess.run(arguments, environment: environment.merging(extra) { _, new in new })
        }

        func json(_ arguments: String...) async throws -> JSONValue {
            let output = try await ReachProcess.run(arguments + ["--json"], environment: environment)
            guard output.status == 0 else { throw TestFailure(description: "reach \(arguments.joined(separator: " ")): \(output.standardError)") }
            return try JSONParser.parse(output.standardOutput)
        }
    }

    @Test func createsASequenceWithAStepAndEnrolsProspectsFromACSV() async throws {
        let fixture = try await Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }
        let sequence = try await fixture.json("sequences", "create", "--title", "Q3 outbound")
        let sequenceID = try #require(sequence["id"]?.stringValue, "\(sequence)")
        let step = try await fixture.json(
            "steps", "create", sequenceID, "--data",
            #"{"type":"Email","absoluteDays":1,"variants":[{"payload":{"subject":"Hi {{First Name}}","content":"<p>Hello</p>"}}]}"#)
        let stepID = try #require(step["id"]?.stringValue, "\(step)")

        let csv = TestScratch.path("people", suffix: ".csv")
        try "work_email,First Name,Company\nann@acme.io,Ann,\"Acme, Inc.\"\nben@acme.io,Ben,Acme\nnot-an-email,Cy,Acme\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try await fixture.reach("prospects", "import", csv, "--map", "Email=work_email", "--sequence", sequenceID, "--step", stepID, "--tag", "webinar", "--json")
        #expect(imported.status == 0, "\(imported.standardError)")
        let counts = try JSONParser.parse(imported.standardOutput)
        #expect(counts["rows"] == 3)
        #expect(counts["created"] == 2)
        #expect(counts["skipped"] == 1)
        #expect(counts["reports"]?.arrayValue?.count == 1, "the report of the skipped row")
        let link = try #require(counts["reports"]?.arrayValue?.first?.stringValue)
        let requestID = try #require(link.firstMatch(of: /import-status\/([^\/]+)\/report/)?.1)
        let report = try await fixture.reach("prospects", "import-report", String(requestID))
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.contains("not-an-email"), "the CSV as the server wrote it: \(report.standardOutput)")

        let shown = try await fixture.reach("sequences", "get", sequenceID)
        #expect(shown.standardOutput.contains(sequenceID) && shown.standardOutput.contains("Q3 outbound"), "one sequence, not its list of steps: \(shown.standardOutput)")

        let table = try await fixture.reach("prospects", "list", "--search", "acme.io")
        #expect(table.status == 0, "\(table.standardError)")
        let lines = table.standardOutput.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID") == true, "a header row: \(table.standardOutput)")
        #expect(lines.count == 3)
        #expect(table.standardOutput.contains("ann@acme.io") && table.standardOutput.contains("ben@acme.io"))

        let csvOut = try await fixture.reach("prospects", "list", "--csv")
        let rows = csvOut.standardOutput.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows.first?.split(separator: ",").first == "id")
        #expect(csvOut.standardOutput.contains(#""Acme, Inc.""#), "a comma in a cell is quoted: \(csvOut.standardOutput)")

        let enrolled = try await fixture.json("prospects", "sequences", try #require(Self.id(of: "ann@acme.io", in: try await fixture.json("prospects", "list"))))
        #expect(JSONWriter.string(enrolled).contains(sequenceID), "\(enrolled)")
        let tags = try await fixture.json("prospects", "tags")
        #expect(JSONWriter.string(tags).contains("webinar"))

        let resumed = try await fixture.reach("sequences", "resume", sequenceID)
        #expect(resumed.status == 1, "no mailbox is attached yet")
        #expect(resumed.standardError.contains("has no active email account") && resumed.standardError.contains("40103"), "\(resumed.standardError)")
        let paused = try await fixture.reach("sequences", "pause", sequenceID)
        #expect(paused.status == 1, "a new sequence is already paused: \(paused.standardError)")
        #expect(paused.standardError.contains("40101"))
        let deleted = try await fixture.reach("sequences", "delete", sequenceID)
        #expect(deleted.status == 0)
        #expect(deleted.standardOutput == "Sequence deleted successfully\n", "the API's message when there is nothing else to show")
    }

    static func id(of email: String, in list: JSONValue) -> String? {
        list.arrayValue?.first { $0["email"]?.stringValue == email }?["id"]?.stringValue
    }

    /// Every resource group answers its reads that need no id, and every verb has help with an
    /// example (the verbs come from `reach RESOURCE --help`, so a new one is covered by itself).
    @Test func everyCommandGroupReadsAndEveryVerbExplainsItself() async throws {
        let fixture = try await Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }
        let overview = try await fixture.reach("--help")
        let afterHeading = overview.standardOutput.components(separatedBy: "CLIENT COMMANDS").last ?? ""
        let resources = afterHeading.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("  ") }.prefix { $0.hasPrefix("  ") }
            .map { String($0.split(separator: " ")[0]) }
        #expect(resources.count >= 17, "\(resources)")
        var reads = 0
        for resource in resources {
            let usage = try await fixture.reach(resource, "--help")
            let verbs = usage.standardOutput.components(separatedBy: "COMMANDS:\n").last?.split(separator: "\n")
                .prefix { $0.hasPrefix("  ") }.map { String($0.split(separator: " ")[0]) } ?? []
            #expect(!verbs.isEmpty, "\(resource): \(usage.standardOutput)")
            for verb in verbs {
                let help = try await fixture.reach(resource, verb, "--help")
                #expect(help.status == 0 && help.standardOutput.contains("EXAMPLE:\n  reach \(resource) "), "\(resource) \(verb): \(help.standardOutput)")
                // A GET with no id and no required option: run it for real.
                let lines = help.standardOutput.split(separator: "\n")
                let takesNoID = lines.first { $0.hasPrefix("USAGE: ") }?.contains("<") == false
                if lines.contains(where: { $0.hasPrefix("       (GET ") }), takesNoID, !help.standardOutput.contains("(required)") {
                    let answer = try await fixture.reach(resource, verb, "--json")
                    #expect(answer.status == 0, "reach \(resource) \(verb): \(answer.standardError)")
                    #expect((try? JSONParser.parse(answer.standardOutput)) != nil, "reach \(resource) \(verb) --json prints JSON")
                    reads += 1
                }
            }
        }
        #expect(reads >= 15, "reads that need no id, across the groups")
    }

    @Test func exitStatusesSayWhatWentWrong() async throws {
        let fixture = try await Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }

        let refused = try await fixture.reach("sequences", "list", "--api-key", "rk_wrong")
        #expect(refused.status == 3)
        #expect(refused.standardError.contains("HTTP 401"), "\(refused.standardError)")
        #expect(refused.standardOutput.isEmpty)

        let missing = try await fixture.reach("sequences", "get", "nope")
        #expect(missing.status == 1)
        #expect(missing.standardError.hasPrefix("error: "), "the API's message: \(missing.standardError)")
        #expect(missing.standardError.contains("code "), "and its code: \(missing.standardError)")

        let usage = try await fixture.reach("sequences", "get")
        #expect(usage.status == 2)
        #expect(usage.standardError.contains("<sequenceId>"), "\(usage.standardError)")
        #expect(try await fixture.reach("sequences", "launch").status == 2)
        #expect(try await fixture.reach("prospects", "list", "--colour", "red").status == 2, "an option the command does not take")
        #expect(try await fixture.reach("sequences", "create", "--data", "{not json").status == 2)

        let down = try await fixture.reach("sequences", "list", "--base-url", "http://127.0.0.1:9")
        #expect(down.status == 4)
        #expect(down.standardError.contains("could not reach the server"), "\(down.standardError)")

        let help = try await fixture.reach("prospects", "list", "--help")
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("--pageSize") && help.standardOutput.contains("EXAMPLE"), "\(help.standardOutput)")
    }

    @Test func allFollowsEveryPage() async throws {
        let fixture = try await Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }
        let rows = (1...25).map { "p\($0)@acme.io" }.joined(separator: "\n")
        let csv = TestScratch.path("people", suffix: ".csv")
        try "Email\n\(rows)\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try await fixture.reach("prospects", "import", csv, "--quiet").status == 0)
        let page = try await fixture.json("prospects", "list", "--pageSize", "10")
        #expect(page.arrayValue?.count == 10)
        let all = try await fixture.json("prospects", "list", "--pageSize", "10", "--all")
        #expect(Set(all.arrayValue?.compactMap { $0["email"]?.stringValue } ?? []).count == 25)
    }

    @Test func aFiftyThousandRowCSVWithAMappingImportsInSeveralRequests() async throws {
        let fixture = try await Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }
        var text = "Work Email,Given Name\n"
        for index in 0..<50_000 { text += "lead\(index)@bulk.io,Lead \(index)\n" }
        text += "broken,No Email\n"
        let csv = TestScratch.path("bulk", suffix: ".csv")
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try await fixture.reach(
            "prospects", "import", csv, "--map", "Email=Work Email,First Name=Given Name", "--batch", "20000", "--conflict", "upsert", "--json")
        #expect(imported.status == 0, "\(imported.standardError)")
        let counts = try JSONParser.parse(imported.standardOutput)
        #expect(counts["rows"] == 50_001)
        #expect(counts["created"] == 50_000)
        #expect(counts["skipped"] == 1, "the bad email: \(counts)")
        let found = try await fixture.json("prospects", "list", "--search", "lead49999@")
        let attributes = found.arrayValue?.first?["attributes"]?.arrayValue ?? []
        #expect(attributes.contains { $0["key"] == "First Name" && $0["value"] == "Lead 49999" }, "\(found)")
    }

    @Test func profilesKeepServersAndKeysAndSwitchBetweenThem() async throws {
        let profiles = TestScratch.path("reach-profiles", suffix: ".json")
        let first = try await Fixture.start(profiles: profiles)
        let second = try await Fixture.start(profiles: profiles)
        defer {
            Task {
                _ = try? await first.server.terminate()
                _ = try? await second.server.terminate()
            }
        }
        _ = try await second.json("sequences", "create", "--title", "Only on the second")
        // Nothing from the environment: the profile file decides.
        let bare = ["REACH_BASE_URL": "", "REACH_API_KEY": ""]
        let wrongKey = try await first.reach("login", "--base-url", first.server.baseURL + "/v1", "--api-key", "rk_wrong", "--profile", "one", environment: bare)
        #expect(wrongKey.status == 3, "a key the server refuses is not saved: \(wrongKey.standardError)")
        #expect(try await first.reach("login", "--base-url", first.server.baseURL + "/v1", "--api-key", first.key, "--profile", "one", environment: bare).status == 0)
        #expect(try await first.reach("login", "--base-url", second.server.baseURL, "--api-key", second.key, "--profile", "two", environment: bare).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: profiles)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the file holds keys")

        let listed = try await first.reach("profiles", "list", environment: bare)
        #expect(listed.standardOutput.contains("* ") && listed.standardOutput.contains("two"), "\(listed.standardOutput)")
        #expect(!listed.standardOutput.contains(second.key), "keys are not shown")

        let onSecond = try await first.reach("sequences", "list", "--json", environment: bare)
        #expect(onSecond.standardOutput.contains("Only on the second"), "login made two current")
        #expect(try await first.reach("profiles", "use", "one", environment: bare).status == 0)
        let onFirst = try await first.reach("sequences", "list", "--json", environment: bare)
        #expect(onFirst.status == 0)
        #expect(!onFirst.standardOutput.contains("Only on the second"))
        let chosen = try await first.reach("sequences", "list", "--json", "--profile", "two", environment: bare)
        #expect(chosen.standardOutput.contains("Only on the second"), "--profile overrides the current one")
        let elsewhere = try await first.reach("sequences", "list", "--base-url", second.server.baseURL, environment: bare)
        #expect(elsewhere.status == 3, "profile one's key is not sent to another server: \(elsewhere.standardError)")
        #expect(try await first.reach("profiles", "use", "three", environment: bare).status == 2)
    }

    @Test func completionScriptsKnowTheClientVerbsAndTheirOptions() async throws {
        let bash = try await ReachProcess.run(["completions", "bash"])
        #expect(bash.status == 0)
        #expect(bash.standardOutput.contains("complete -o default -F _reach reach"))
        #expect(bash.standardOutput.contains("--pageSize"), "prospects list's options")
        let directory = TestScratch.path("reach-completion")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try bash.standardOutput.write(toFile: "\(directory)/reach.bash", atomically: true, encoding: .utf8)
        // Loaded into a real bash, it completes as a user would see it.
        let probe = """
            source \(directory)/reach.bash
            COMP_WORDS=(reach prospects li); COMP_CWORD=2; _reach; echo "${COMPREPLY[@]}"
            COMP_WORDS=(reach prospects list --pa); COMP_CWORD=3; _reach; echo "${COMPREPLY[@]}"
            COMP_WORDS=(reach seq); COMP_CWORD=1; _reach; echo "${COMPREPLY[@]}"
            """
        let shell = try await onOwnThread {
            try ReachProcess.runBlocking(executable: URL(fileURLWithPath: "/bin/bash"), ["-c", probe], environment: [:])
        }
        #expect(shell.standardOutput.split(separator: "\n") == ["list", "--pageSize --page", "sequences"], "\(shell.standardOutput) \(shell.standardError)")
        let fish = try await ReachProcess.run(["completions", "fish"])
        #expect(fish.standardOutput.contains("-l pageSize"))
        #expect(try await ReachProcess.run(["completions", "tcsh"]).status != 0)
    }

    @Test func apiSendsAnyRequestAndPrintsTheWholeAnswer() async throws {
        let fixture = try await Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }
        let created = try await fixture.reach("api", "POST", "/v1/sequences", "--data", #"{"title":"Raw"}"#)
        #expect(created.status == 0, "\(created.standardError)")
        let envelope = try JSONParser.parse(created.standardOutput)
        #expect(envelope["message"]?.stringValue != nil, "the envelope as it came: \(envelope)")
        let listed = try await fixture.reach("api", "GET", "/v1/sequences", "-q", "pageSize=10")
        #expect(listed.standardOutput.contains("Raw"))
        let missing = try await fixture.reach("api", "GET", "/v1/sequences/nope")
        #expect(missing.status == 1)
        #expect(try JSONParser.parse(missing.standardOutput)["error"] == true, "the error envelope is printed too")
    }
}
