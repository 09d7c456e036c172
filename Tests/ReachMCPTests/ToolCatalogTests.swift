import ReachAPI
import ReachJSON
import Testing

@testable import ReachMCP

/// The tool table: what an assistant is offered, and what it is asked to confirm.
struct ToolCatalogTests {
    @Test func everyToolNamesAnOperationTheServerServesOnce() {
        let served = Set(APICatalog.operations.map(\.id))
        #expect(Set(ToolCatalog.tools.map(\.name)).count == ToolCatalog.tools.count, "tool names are unique")
        for tool in ToolCatalog.tools {
            #expect(served.contains(tool.operation.id), "\(tool.name)")
            #expect(tool.name.range(of: "^[a-z_]+$", options: .regularExpression) != nil, "\(tool.name) is snake_case as Saleshandy's are")
        }
    }

    @Test func everyRequiredInputIsDescribedAndCarefulToolsTakeConfirm() throws {
        for tool in ToolCatalog.tools {
            let schema = tool.inputSchema
            let properties = try #require(schema["properties"]?.objectValue, "\(tool.name)")
            for required in schema["required"]?.arrayValue ?? [] {
                #expect(properties[required.stringValue ?? ""] != nil, "\(tool.name): \(required) is required but not described")
            }
            for parameter in tool.operation.pathParameters {
                #expect(schema["required"]?.arrayValue?.contains(.string(parameter.name)) == true, "\(tool.name) needs \(parameter.name)")
            }
            #expect((properties["confirm"] != nil) == tool.needsConfirmation, "\(tool.name)")
            let sendsDeletesOrBulk = tool.operation.method == .delete || tool.name.hasPrefix("bulk_") || tool.name.hasPrefix("import_")
                || ["reply_to_email", "update_sequence_status", "add_prospects_to_sequence", "add_dnc_items"].contains(tool.name)
            if sendsDeletesOrBulk {
                #expect(tool.needsConfirmation, "\(tool.name) deletes, sends or acts in bulk")
            }
        }
    }

    @Test func saleshandysCloudIsNotOfferedReachsExtensions() {
        let cloud = ToolCatalog.tools(for: "https://open-api.saleshandy.com")
        #expect(!cloud.contains { $0.name == "get_prospect" || $0.name == "list_events" })
        #expect(cloud.contains { $0.name == "list_sequences" })
        #expect(ToolCatalog.tools(for: "http://127.0.0.1:8080").count == ToolCatalog.tools.count)
        #expect(ToolCatalog.tools(for: "https://saleshandy.com.attacker.example").count == ToolCatalog.tools.count)
    }

    @Test func argumentsGoToThePathTheQueryAndTheBody() throws {
        let tool = try #require(ToolCatalog.tools.first { $0.name == "add_sequence_step" })
        let request = try tool.request(from: ["sequenceId": "abc", "type": "Email", "absoluteDays": 2, "confirm": true])
        #expect(request.path == ["sequenceId": "abc"])
        #expect(request.query.isEmpty)
        #expect(request.body == ["type": "Email", "absoluteDays": 2])
        let list = try #require(ToolCatalog.tools.first { $0.name == "list_sequences" })
        #expect(throws: ToolInputError.self) { try list.request(from: ["colour": "red"]) }
        let events = try #require(ToolCatalog.tools.first { $0.name == "list_events" })
        #expect(try events.request(from: ["type": ["reply-received", "email-sent"]]).query.first?.1 == "reply-received,email-sent", "a list as the API reads it")
    }
}
