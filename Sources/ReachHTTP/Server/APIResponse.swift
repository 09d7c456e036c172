import HTTPTypes
import Hummingbird
import ReachAPI
import ReachJSON

/// A success answer, wrapped as its operation documents.
public struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let contentType: String
    let body: ByteBuffer

    /// Members come out in declaration order: the envelope's message, then its payload.
    static let encoder = StreamingJSONEncoder()

    /// The payload in the operation's envelope (plain, nested or bare); `meta` goes beside the
    /// payload where the operation documents paging.
    static func wrapping<Payload: Encodable & Sendable>(_ payload: Payload, meta: PageMeta?, for operation: APIOperation) throws -> APIResponse {
        let data: [UInt8]
        switch operation.response {
        case .envelope(_, let message, _):
            data = try encoder.encode(Envelope(message: message, payload: payload, meta: meta))
        case .nestedEnvelope(_, let message, _, _):
            data = try encoder.encode(NestedEnvelope(payload: Envelope(message: message, payload: payload, meta: meta)))
        case .bare:
            data = try encoder.encode(payload)
        case .text(_, let contentType):
            return APIResponse(status: .init(code: operation.response.status), contentType: contentType, body: ByteBuffer(bytes: try encoder.encode(payload)))
        case .redirect:
            preconditionFailure("\(operation.id) redirects: answer with APIResponse.redirect(to:)")
        case .unavailable:
            preconditionFailure("\(operation.id) never succeeds: throw its documented error")
        }
        return APIResponse(status: .init(code: operation.response.status), contentType: "application/json; charset=utf-8", body: ByteBuffer(bytes: data))
    }

    var extraHeaders: HTTPFields = [:]

    init(status: HTTPResponse.Status, contentType: String, body: ByteBuffer, extraHeaders: HTTPFields = [:]) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.extraHeaders = extraHeaders
    }

    static func text(_ text: String, contentType: String) -> APIResponse {
        APIResponse(status: .ok, contentType: contentType, body: ByteBuffer(string: text))
    }

    /// Bytes of a fixed type that no cache may keep (the tracking pixel: each open must reach us).
    static func uncached(_ bytes: [UInt8], contentType: String) -> APIResponse {
        APIResponse(
            status: .ok, contentType: contentType, body: ByteBuffer(bytes: bytes),
            extraHeaders: [.cacheControl: "no-store, no-cache, must-revalidate, private", .expires: "0"])
    }

    static func redirect(to location: String) -> APIResponse {
        APIResponse(status: .found, contentType: "text/plain; charset=utf-8", body: ByteBuffer(), extraHeaders: [.location: location, .cacheControl: "no-store"])
    }

    /// A file: its own content type, offered for download under its name.
    static func file(_ bytes: [UInt8], contentType: String, fileName: String) -> APIResponse {
        let quoted = fileName.replacingOccurrences(of: "\"", with: "'")
        return APIResponse(
            status: .ok, contentType: contentType, body: ByteBuffer(bytes: bytes),
            extraHeaders: [.contentDisposition: "attachment; filename=\"\(quoted)\""])
    }

    var hummingbirdResponse: Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

extension APIRequest {
    /// Answers with `payload` in this operation's documented envelope.
    public func respond<Payload: Encodable & Sendable>(with payload: Payload, meta: PageMeta? = nil) throws -> APIResponse {
        try APIResponse.wrapping(payload, meta: meta, for: operation)
    }

    /// Answers with `"payload": null` in this operation's envelope.
    public func respondWithoutPayload() throws -> APIResponse {
        try APIResponse.wrapping(JSONValue.null, meta: nil, for: operation)
    }
}

struct Envelope<Payload: Encodable>: Encodable {
    let message: String
    let payload: Payload
    let meta: PageMeta?

    enum CodingKeys: String, CodingKey { case message, payload, meta }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message, forKey: .message)
        try container.encode(payload, forKey: .payload)  // a nil payload is written as null
        try container.encodeIfPresent(meta, forKey: .meta)
    }
}

struct NestedEnvelope<Payload: Encodable>: Encodable {
    let payload: Envelope<Payload>
}

/// The error envelope: `{"error": true, "type", "code", "message", "payload": null}`.
struct ErrorEnvelope: Encodable {
    let type: String
    let code: Int
    let message: String

    enum CodingKeys: String, CodingKey { case error, type, code, message, payload }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(true, forKey: .error)
        try container.encode(type, forKey: .type)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encodeNil(forKey: .payload)
    }
}
