import Foundation
import HTTPTypes
import Hummingbird
import ReachAPI
import ReachCore

/// What answers MCP messages over HTTP: given the message, its headers and the caller's key,
/// the status, headers and body to send back. ReachApp provides it (the MCP SDK lives there).
public protocol MCPEndpoint: Sendable {
    func handle(_ body: [UInt8], headers: [String: String], apiKey: String) async -> (status: Int, headers: [String: String], body: [UInt8])
}

/// `POST /mcp`: checks the key, then hands the message to the MCP endpoint.
struct MCPRoutes {
    let endpoint: (any MCPEndpoint)?
    let apiKeys: APIKeyService

    static let maximumBytes = 4 * 1024 * 1024
    static let refusal = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Authentication required. Use an API key or OAuth Bearer token."}}"#

    func register(on router: inout APIRouter) {
        let endpoint = endpoint
        let apiKeys = apiKeys
        router.addRaw(SystemAPI.mcp) { request, _ in
            guard let endpoint else { throw ReachError(.unavailable, code: 5003, message: "MCP is not offered by this server") }
            guard let key = APIRouter.keyText(request), (try? await apiKeys.authenticate(secret: key)) != nil else {
                return Response(
                    status: .unauthorized,
                    headers: [.contentType: "application/json", .wwwAuthenticate: #"Bearer realm="reach""#],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: Self.refusal)))
            }
            let body = try await request.body.collect(upTo: Self.maximumBytes)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await endpoint.handle(Array(body.readableBytesView), headers: headers, apiKey: key)
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Response(status: .init(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }
}
