import HTTPTypes
import Hummingbird
import Logging
import ReachAPI
import ReachCore

/// Turns every failure into the error envelope: domain errors with their codes, unknown routes
/// and methods, oversized bodies, rate limits; anything unexpected becomes 5001 with nothing
/// about it leaked to the caller (it is logged instead).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ReachRequestContext

    let operations: [APIOperation]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ReachError {
            if error.kind == .internalFailure { context.logger.error("internal failure: \(error)") }
            return Self.response(for: error)
        } catch let error as RateLimitExceeded {
            var response = Self.response(status: .tooManyRequests, type: .rateLimit, code: ErrorCatalog.rateLimited.code,
                                         message: "Too many requests: retry after \(error.decision.retryAfterSeconds) seconds")
            response.headers.append(contentsOf: error.decision.headers)
            return response
        } catch let error as HTTPError where error.status == .notFound && context.coreContext.endpointPath.value == "NotFound" {
            return unmatchedRoute(request)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return Self.response(status: .contentTooLarge, type: .payloadTooLarge, code: ErrorCatalog.payloadTooLarge.code,
                                 message: ErrorCatalog.payloadTooLarge.message)
        } catch let error as HTTPError where (400..<500).contains(error.status.code) {
            return Self.response(status: error.status, type: .validation, code: ErrorCatalog.validationFailed.code,
                                 message: error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("unexpected failure answering \(request.method) \(request.uri.path): \(String(reflecting: error))")
            return Self.response(for: .internalFailure)
        }
    }

    /// 405 when the path exists with other methods, 404 otherwise. The methods listed are those of
    /// the route the router would pick for this path: a literal segment wins over a parameter, so
    /// `/v1/prospects/import` allows only POST even though `/v1/prospects/{id}` also matches it.
    func unmatchedRoute(_ request: Request) -> Response {
        let allowed = Self.allowedMethods(for: request.uri.path, among: operations)
        // The method is allowed yet the router did not reach it: a parameter's value collided
        // with a literal segment (a sequence id "status"). Nothing answers that path.
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
            return Self.response(status: .notFound, type: .notFound, code: ErrorCatalog.notFound.code,
                                 message: "Route not found: \(request.method.rawValue) \(request.uri.path)")
        }
        var response = Self.response(status: .methodNotAllowed, type: .methodNotAllowed, code: ErrorCatalog.methodNotAllowed.code,
                                     message: "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", "))")
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }

    static func allowedMethods(for path: String, among operations: [APIOperation]) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: [Bool] = []
        var methods: [String] = []
        for operation in operations {
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == segments.count,
                  zip(template, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) else { continue }
            let literals = template.map { !$0.hasPrefix("{") }
            if methods.isEmpty || literals.lexicographicallyPrecedes(best, by: { $0 && !$1 }) {
                best = literals
                methods = [operation.method.rawValue]
            } else if literals == best, !methods.contains(operation.method.rawValue) {
                methods.append(operation.method.rawValue)
            }
        }
        return methods
    }

    static func response(for error: ReachError) -> Response {
        let (status, type): (HTTPResponse.Status, ErrorType) =
            switch error.kind {
            case .invalidInput: (.badRequest, .validation)
            case .unauthenticated: (.unauthorized, .auth)
            case .forbidden: (.forbidden, .forbidden)
            case .notFound: (.notFound, .notFound)
            case .conflict: (.conflict, .conflict)
            case .payloadTooLarge: (.contentTooLarge, .payloadTooLarge)
            case .rateLimited: (.tooManyRequests, .rateLimit)
            case .unavailable: (.serviceUnavailable, .server)
            case .notImplemented: (.notImplemented, .notImplemented)
            case .internalFailure: (.internalServerError, .server)
            }
        return response(status: status, type: type, code: error.code, message: error.message)
    }

    static func response(status: HTTPResponse.Status, type: ErrorType, code: Int, message: String) -> Response {
        let body = (try? APIResponse.encoder.encode(ErrorEnvelope(type: type.rawValue, code: code, message: message))) ?? []
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
