import ReachJSON

/// An answer as received, and the parts of Saleshandy's envelope in it.
public struct ClientResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The whole answer as JSON; nil for an empty body.
    public func json() throws -> JSONValue? {
        guard !body.isEmpty else { return nil }
        do {
            return try JSONParser.parse(body)
        } catch {
            throw ClientError.unreadableAnswer(status: status, excerpt: String(text.prefix(200)))
        }
    }

    /// What the operation answered with, whichever envelope it came in: Saleshandy wraps most
    /// answers as `{"message", "payload"}`, some twice (`payload.payload`), and a few not at all.
    public func payload() throws -> JSONValue {
        try envelope().payload
    }

    /// The payload and the envelope's message, from one reading of the body.
    public func envelope() throws -> (payload: JSONValue, message: String?) {
        guard let whole = try json() else { return (.null, nil) }
        return (Self.unwrap(whole), whole["message"]?.stringValue)
    }

    static func unwrap(_ value: JSONValue) -> JSONValue {
        guard case .object(let members) = value, let inner = members["payload"] else { return value }
        if case .object(let nested) = inner, let innermost = nested["payload"], nested["message"] != nil {
            return innermost
        }
        return inner
    }

    /// The error this answer stands for, if it is one.
    public func error() -> ClientError? {
        guard status >= 400 else { return nil }
        let envelope = try? JSONParser.parse(body)
        let message = envelope?["message"]?.stringValue ?? (text.isEmpty ? "HTTP \(status)" : String(text.prefix(200)))
        if status == 401 || status == 403 { return .unauthorized(status: status, message: message) }
        return .api(status: status, code: envelope?["code"]?.integerValue.map { Int($0) }, message: message)
    }
}
