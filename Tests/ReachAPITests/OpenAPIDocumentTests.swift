import Testing

@testable import ReachAPI
import ReachJSON

@Suite struct OpenAPIDocumentTests {
    let document = APICatalog.document.json()

    @Test func describesEveryOperationOnce() {
        let paths = document["paths"]?.objectValue ?? [:]
        for operation in APICatalog.operations {
            #expect(paths[operation.path]?[operation.method.rawValue.lowercased()]?["operationId"] == .string(operation.id))
        }
        #expect(Set(APICatalog.operations.map(\.id)).count == APICatalog.operations.count)
    }

    @Test func declaresTheAPIKeyHeader() {
        #expect(document["components"]?["securitySchemes"]?["apiKey"] == ["type": "apiKey", "in": "header", "name": "x-api-key"])
        #expect(document["paths"]?["/healthz"]?["get"]?["security"] == [])
    }

    @Test func documentsTheCommonErrorsOfAuthenticatedOperations() {
        let responses = document["paths"]?["/v1/clients"]?["post"]?["responses"]?.objectValue ?? [:]
        #expect(Set(responses.keys) == ["201", "400", "401", "413", "429", "500"])
        #expect(responses["429"]?["headers"]?["Retry-After"] != nil)
    }

    @Test func wrapsPayloadsAsEachOperationDocuments() {
        let nested = document["paths"]?["/v1/clients"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]
        #expect(nested?["properties"]?["payload"]?["properties"]?["payload"]?["type"] == "array")
        let plain = document["paths"]?["/v1/clients"]?["post"]?["responses"]?["201"]?["content"]?["application/json"]?["schema"]
        #expect(plain?["properties"]?["payload"] == ["$ref": "#/components/schemas/Client"])
    }

    @Test func letsOptionalRequestPropertiesBeNullAsTheValidatorDoes() {
        let body = document["paths"]?["/v1/fields"]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]
        #expect(body?["properties"]?["metadata"]?["anyOf"]?.arrayValue?.last == ["type": "null"])
        #expect(body?["properties"]?["label"]?["type"] == "string")
    }

    @Test func marksReachExtensions() {
        #expect(document["paths"]?["/healthz"]?["get"]?["x-reach-extension"] == true)
        #expect(document["paths"]?["/v1/clients"]?["get"]?["x-reach-extension"] == nil)
    }
}
