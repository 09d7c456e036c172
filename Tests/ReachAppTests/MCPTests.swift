import Foundation
import ReachJSON
import ReachTestSupport
import Testing

/// The Python of scripts/python-tools.sh, which has the `mcp` package.
let mcpPython = ProcessInfo.processInfo.environment["REACH_TEST_PYTHON"]

/// `reach mcp` driven by a real MCP client: the Python `mcp` package over stdio, against a live
/// `reach serve` (scripts/mcp_session.py runs the session and reports what it saw).
@Suite(.enabled(if: mcpPython != nil || TestMail.required, "no Python with the mcp package (REACH_TEST_PYTHON, from scripts/mail-peers.sh)"))
struct MCPTests {
    static let python = mcpPython
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/mcp_session.py").path

    enum Transport: String, CaseIterable, Sendable {
        case stdio, http
    }

    @Test(arguments: Transport.allCases)
    func anAssistantBuildsASequenceAndIsStoppedBeforeAnythingIrreversible(over transport: Transport) async throws {
        let python = try #require(Self.python)
        let fixture = try await ClientCommandTests.Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }
        let target = transport == .stdio ? ReachProcess.executable.path : fixture.server.baseURL + "/mcp"
        let session = try await onOwnThread {
            try ReachProcess.runBlocking(executable: URL(fileURLWithPath: python), [Self.script, transport.rawValue, target], environment: fixture.environment)
        }
        #expect(session.status == 0, "\(session.standardError)")
        let report = try JSONParser.parse(session.standardOutput)
        #expect(report["server"] == "reach")

        let tools = try #require(report["tools"]?.objectValue)
        for name in ["list_sequences", "create_sequence", "add_sequence_step", "import_prospects_to_sequence_step", "check_prospect_import_status",
                     "get_sequence_stats", "list_tasks", "get_email_list", "reply_to_email", "add_dnc_items", "get_prospect", "get_next_step", "list_events"] {
            #expect(tools[name] != nil, "\(name) is offered")
        }
        #expect(tools["list_sequences"]?["readOnly"] == true)
        #expect(tools["delete_sequence"]?["destructive"] == true)
        #expect(tools["delete_sequence"]?["properties"]?.arrayValue?.contains("confirm") == true)
        #expect(tools["create_sequence"]?["properties"]?.arrayValue?.contains("confirm") == false)
        #expect(tools["add_sequence_step"]?["required"]?.arrayValue?.contains("sequenceId") == true)
        #expect(tools["update_sequence_status"]?["description"]?.stringValue?.contains("confirm") == true)

        #expect(report["create_sequence"]?["isError"] == false)
        #expect(report["create_sequence"]?["text"]?.stringValue?.contains("MCP outbound") == true, "a summary an assistant can repeat")
        #expect(report["add_sequence_step"]?["isError"] == false, "\(report["add_sequence_step"] ?? .null)")
        #expect(report["import_plan"]?["structured"]?["confirmed"] == false, "an import enrols people: planned first")
        let imported = report["import_status"]?["structured"]
        #expect(imported?["isCompleted"] == true)
        #expect(imported?["created"] == 2)
        #expect(imported?["skipped"] == 1)
        let stats = report["stats"]?["structured"]
        #expect(stats?["prospects"]?.arrayValue?.first?["total"] == "2", "\(stats ?? .null)")

        let resumePlan = try #require(report["resume_plan"])
        #expect(resumePlan["isError"] == false)
        #expect(resumePlan["structured"]?["confirmed"] == false)
        #expect(resumePlan["structured"]?["plan"] == "POST /v1/sequences/status")
        #expect(resumePlan["text"]?.stringValue?.hasPrefix("Nothing was done") == true)
        #expect(report["delete_plan"]?["structured"]?["plan"]?.stringValue?.hasPrefix("DELETE /v1/sequences/") == true)
        #expect(JSONWriter.string(report["after_plans"] ?? .null).contains("MCP outbound"), "a plan changes nothing")

        let resumed = try #require(report["resume_confirmed"])
        #expect(resumed["isError"] == true, "confirmed, it reached the API, which refuses: no mailbox")
        #expect(resumed["text"]?.stringValue?.contains("40103") == true, "\(resumed)")
        #expect(report["missing_argument"]?["isError"] == true)
        #expect(report["missing_argument"]?["text"]?.stringValue?.contains("prospectId") == true)
        #expect(report["unknown_tool"]?["isError"] == true)
        #expect(report["wrong_type"]?["isError"] == true)
        #expect(report["wrong_type"]?["text"]?.stringValue?.contains("title") == true, "the API's message names the field: \(report["wrong_type"] ?? .null)")
        #expect(report["unknown_argument"]?["isError"] == true)
        #expect(report["delete_confirmed"]?["isError"] == false, "\(report["delete_confirmed"] ?? .null)")
        #expect(!JSONWriter.string(report["after_delete"] ?? .null).contains("MCP outbound"))
        #expect(report["events_by_types"]?["isError"] == false, "a list of event types reaches the API as it reads one: \(report["events_by_types"] ?? .null)")
    }

    @Test func theHTTPEndpointRefusesACallWithoutAValidKeyAsJSONRPC() async throws {
        let fixture = try await ClientCommandTests.Fixture.start()
        defer { Task { _ = try? await fixture.server.terminate() } }
        let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
        for key in [nil, "rk_wrong"] {
            let refused = try await fixture.server.send("POST", "/mcp", key: key, body: initialize)
            #expect(refused.status == 401)
            let error = try JSONParser.parse(refused.body)
            #expect(error["error"]?["code"] == -32001, "\(refused.body)")
            #expect(error["jsonrpc"] == "2.0")
        }
    }
}
