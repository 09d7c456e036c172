/// Why a request did not give an answer the caller can use, in the terms a front-end reports.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error envelope (or an error status without one).
    case api(status: Int, code: Int?, message: String)
    /// 401 or 403: the key is missing, wrong or not allowed.
    case unauthorized(status: Int, message: String)
    /// No answer: the server could not be reached or did not answer in time.
    case network(String)
    /// An answer that is not the JSON the API promises.
    case unreadableAnswer(status: Int, excerpt: String)
    /// A path parameter without a value: nothing was sent.
    case missingArgument(String)

    public var description: String {
        switch self {
        case .api(let status, let code, let message): "\(message) (HTTP \(status)\(code.map { ", code \($0)" } ?? ""))"
        case .unauthorized(let status, let message): "\(message) (HTTP \(status))"
        case .network(let reason): "could not reach the server: \(reason)"
        case .unreadableAnswer(let status, let excerpt): "the server's answer (HTTP \(status)) is not JSON: \(excerpt)"
        case .missingArgument(let name): "\(name) is required"
        }
    }
}
