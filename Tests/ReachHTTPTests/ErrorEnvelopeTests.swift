import Foundation
import HTTPTypes
import ReachAPI
import ReachTestSupport
import Testing

@Suite struct ErrorEnvelopeTests {
    let validClient = #"{"firstName":"Ann","lastName":"Lee","email":"ann@acme.io","companyName":"Acme","permission":"1"}"#

    func expectError(_ response: TestHTTPResponse, status: Int, code: Int, type: String, containing text: String) {
        #expect(response.status == status)
        #expect(response.json["error"] == true)
        #expect(response.json["code"] == .integer(Int64(code)))
        #expect(response.json["type"] == .string(type))
        #expect(response.json["payload"] == .null)
        #expect(response.json["message"]?.stringValue?.contains(text) == true, "message: \(response.text)")
    }

    @Test(arguments: TestBackend.available)
    func malformedJSONNamesWhereItBroke(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await api.request(.post, "/v1/clients", key: account.key, json: "{\"firstName\": \"Ann\",\n}")
            expectError(response, status: 400, code: 1001, type: "validation", containing: "Malformed JSON at line 2, column 1")
        }
    }

    @Test(arguments: TestBackend.available)
    func namesEachMissingWrongAndUnknownField(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await api.request(
                .post, "/v1/clients", key: account.key,
                json: #"{"firstName": 5, "lastName": "Lee", "companyName": "Acme", "permission": "7", "sequenceId": "x"}"#)
            expectError(response, status: 400, code: 1001, type: "validation", containing: "firstName must be a string")
            let message = response.json["message"]?.stringValue ?? ""
            #expect(message.contains("email is required"))
            #expect(message.contains("permission must be one of the following values: 1, 2"))
            #expect(message.contains("property sequenceId should not exist"))
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAnEmptyBodyAndANonObjectBody(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            expectError(try await api.request(.post, "/v1/clients", key: account.key), status: 400, code: 1001, type: "validation",
                        containing: "JSON request body is required")
            expectError(try await api.request(.post, "/v1/clients", key: account.key, json: "[]"), status: 400, code: 1001,
                        type: "validation", containing: "request body must be an object")
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAnUnknownEnumValueInTheQuery(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await api.request(.get, "/v1/clients?sort=UP&pageSize=ten", key: account.key)
            expectError(response, status: 400, code: 40004, type: "validation", containing: "pageSize must be an integer number")
            #expect(response.json["message"]?.stringValue?.contains("sort must be one of the following values: ASC, DESC") == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesTheNULCharacterWhichPostgreSQLCannotStore(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            expectError(try await api.request(.get, "/v1/clients?search=a%00b", key: account.key), status: 400, code: 40004,
                        type: "validation", containing: "search must not contain the NUL character")
            expectError(try await api.request(.post, "/v1/clients", key: account.key, json: #"{"firstName":"a\u0000"}"#), status: 400,
                        code: 1001, type: "validation", containing: "NUL character")
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesABodyOverTheLimitWith413(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let huge = #"{"firstName":""# + String(repeating: "a", count: RequestBody.defaultMaximumBytes) + #""}"#
            let response = try await api.request(.post, "/v1/clients", key: account.key, json: huge)
            expectError(response, status: 413, code: 4013, type: "payload_too_large", containing: "larger than")
        }
    }

    @Test(arguments: TestBackend.available)
    func answersUnknownRoutesAndMethodsInTheEnvelope(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            expectError(try await api.request(.get, "/v1/nothing-here", key: account.key), status: 404, code: 4004, type: "not_found",
                        containing: "Route not found: GET /v1/nothing-here")
            let wrongMethod = try await api.request(.delete, "/v1/clients", key: account.key)
            expectError(wrongMethod, status: 405, code: 4005, type: "method_not_allowed", containing: "use GET, POST")
            #expect(wrongMethod.header("Allow") == "GET, POST")
            // A literal route shadows /v1/prospects/{id}: only its own method is allowed.
            let shadowed = try await api.request(.get, "/v1/prospects/import", key: account.key)
            #expect(shadowed.status == 405)
            #expect(shadowed.header("Allow") == "POST")
        }
    }

    @Test(arguments: TestBackend.available)
    func anInternalFailureLeaksNothing(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            try await api.database.write { db in try await db.raw("ALTER TABLE clients RENAME TO clients_gone").run() }
            let response = try await api.request(.get, "/v1/clients", key: account.key)
            #expect(response.status == 500)
            #expect(response.text == #"{"error":true,"type":"server","code":5001,"message":"Internal server error, please try again later","payload":null}"#)
        }
    }

    @Test(arguments: TestBackend.available)
    func acceptsAContentTypeHeaderOnAGet(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let response = try await api.request(.get, "/v1/clients", key: account.key, headers: [.contentType: "application/json"])
            #expect(response.status == 200)
        }
    }
}
