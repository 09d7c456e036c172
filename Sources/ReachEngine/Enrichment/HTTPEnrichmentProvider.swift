import AsyncHTTPClient
import Foundation
import NIOCore
import ReachCore
import ReachJSON

/// A third-party data service, configured by URL and key (`reach serve --enrichment-url --enrichment-key`).
/// Reach posts each record as
/// `{"kind": "contact" | "company", "query": {...what is known...}}` with `Authorization: Bearer KEY`,
/// and takes an answer of
/// `{"found": true, "data": {"email": "...", ...}, "sources": {...}, "notes": [...], "credits": 1}`
/// or `{"found": false, "reason": "..."}`. Each value keeps the source the service gave, or
/// "the data provider at HOST"; an error status or a malformed answer makes the record failed.
public struct HTTPEnrichmentProvider: EnrichmentProvider {
    let url: String
    let key: String
    let timeout: Duration
    public let name: String

    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
    static let maximumAnswerBytes = 1024 * 1024

    public init(url: String, key: String, timeout: Duration = .seconds(30)) {
        self.url = url
        self.key = key
        self.timeout = timeout
        name = URLComponents(string: url)?.host ?? url
    }

    public func enrichContact(_ query: ContactQuery) async -> ProviderAnswer {
        await ask(kind: "contact", query: (try? JSONEncoder().encode(query)) ?? Data())
    }

    public func enrichCompany(_ query: CompanyQuery) async -> ProviderAnswer {
        await ask(kind: "company", query: (try? JSONEncoder().encode(query)) ?? Data())
    }

    func ask(kind: String, query: Data) async -> ProviderAnswer {
        let name = name
        return await withDeadline(timeout, orElse: .failed("the data provider at \(name) took more than \(timeout.components.seconds) seconds to answer")) {
            await self.askOnce(kind: kind, query: query)
        }
    }

    func askOnce(kind: String, query: Data) async -> ProviderAnswer {
        guard let parsedQuery = try? JSONParser.parse(query) else { return .failed("the query could not be written") }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(string: JSONWriter.string(.object(["kind": .string(kind), "query": parsedQuery]))))
        let body: [UInt8]
        do {
            let response = try await Self.client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000))
            var bytes: [UInt8] = []
            for try await chunk in response.body where bytes.count < Self.maximumAnswerBytes {
                bytes += chunk.readableBytesView.prefix(Self.maximumAnswerBytes - bytes.count)
            }
            guard (200..<300).contains(response.status.code) else {
                return .failed("the data provider at \(name) answered HTTP \(response.status.code)")
            }
            body = bytes
        } catch {
            return .failed("the data provider at \(name) could not be reached: \(HTTPWebhookTransport.describe(error))")
        }
        guard let answer = try? JSONParser.parse(body), let found = answer["found"]?.boolValue else {
            return .failed("the data provider at \(name) answered something other than {\"found\": ...}")
        }
        guard found else { return .notFound(answer["reason"]?.stringValue ?? "the data provider at \(name) found nothing") }
        let sources = answer["sources"]?.objectValue ?? [:]
        let findings = (answer["data"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.compactMap { field, value -> EnrichmentFinding? in
            guard let text = Self.text(value) else { return nil }
            return EnrichmentFinding(field: field, value: text, source: sources[field]?.stringValue ?? "the data provider at \(name)")
        }
        guard !findings.isEmpty else { return .notFound(answer["reason"]?.stringValue ?? "the data provider at \(name) found nothing") }
        let notes = (answer["notes"]?.arrayValue ?? []).compactMap(\.stringValue)
        return .found(findings, notes: notes, credits: max(0, answer["credits"]?.numberValue ?? 0))
    }

    /// Strings, numbers and booleans as text; null and nested values are not findings.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text.isEmpty ? nil : text
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
