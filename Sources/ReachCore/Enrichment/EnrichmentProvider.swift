import Foundation

/// Where enrichment's values come from: the built-in provider, which derives only what public
/// facts show (DNS, the company's own website), or a third-party data service over HTTP.
public protocol EnrichmentProvider: Sendable {
    /// Shown in /v1/credits and the results: "built-in", or the service's host.
    var name: String { get }
    func enrichContact(_ query: ContactQuery) async -> ProviderAnswer
    func enrichCompany(_ query: CompanyQuery) async -> ProviderAnswer
}

/// What is known of a person before enrichment: the prospect's values, or the request's.
public struct ContactQuery: Sendable, Equatable, Codable {
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var fullName: String?
    public var companyName: String?
    public var companyDomain: String?
    public var companyWebsite: String?
    public var linkedinUrl: String?
    public var country: String?
    public var options: ContactOptions

    public init(
        email: String? = nil, firstName: String? = nil, lastName: String? = nil, fullName: String? = nil, companyName: String? = nil,
        companyDomain: String? = nil, companyWebsite: String? = nil, linkedinUrl: String? = nil, country: String? = nil,
        options: ContactOptions = ContactOptions()
    ) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.fullName = fullName
        self.companyName = companyName
        self.companyDomain = companyDomain
        self.companyWebsite = companyWebsite
        self.linkedinUrl = linkedinUrl
        self.country = country
        self.options = options
    }

    /// First and last name, from the parts or split from the full name ("Ada Lovelace").
    public var nameParts: (first: String, last: String)? {
        if let first = firstName?.trimmed, let last = lastName?.trimmed, !first.isEmpty, !last.isEmpty { return (first, last) }
        let words = (fullName ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count >= 2 else { return nil }
        return (words[0], words[words.count - 1])
    }
}

/// What is known of a company before enrichment.
public struct CompanyQuery: Sendable, Equatable, Codable {
    public var domain: String?
    public var website: String?
    public var linkedinUrl: String?
    /// A Lead Finder company id (§15.7 `company_id`).
    public var companyID: Int64?

    public init(domain: String? = nil, website: String? = nil, linkedinUrl: String? = nil, companyID: Int64? = nil) {
        self.domain = domain
        self.website = website
        self.linkedinUrl = linkedinUrl
        self.companyID = companyID
    }
}

/// A provider's answer for one record.
public enum ProviderAnswer: Sendable, Equatable {
    case found([EnrichmentFinding], notes: [String], credits: Double)
    case notFound(String)
    case failed(String)

    var outcome: EnrichmentOutcome {
        switch self {
        case .found(let findings, let notes, let credits): .enriched(findings: findings, notes: notes, credits: credits)
        case .notFound(let reason): .notFound(reason)
        case .failed(let reason): .failed(reason)
        }
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
