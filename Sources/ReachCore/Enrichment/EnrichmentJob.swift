import Foundation
import ReachJSON

/// What an enrichment request is about: people (§15.6) or companies (§15.7).
public enum EnrichmentKind: String, Sendable, CaseIterable {
    case contact, company
}

/// An asynchronous enrichment request: a row in the database with one record per thing to
/// enrich, worked through by a worker; its counters are what §15.8 reports.
public struct EnrichmentJob: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "enrichment-job")

    public let id: EntityID<EnrichmentJob>
    public let accountID: AccountID
    public let kind: EnrichmentKind
    public let options: ContactOptions
    public let totalRecords: Int
    public let processed: Int
    public let succeeded: Int
    public let failed: Int
    public let creditsCharged: Double
    /// Where the results are posted when the job completes (`webhook_url`).
    public let webhookURL: String?
    /// What the webhook answered, once posted: "HTTP 200", or why it could not be delivered.
    public let webhookOutcome: String?
    public let createdAt: Date
    public let completedAt: Date?

    public init(
        id: EntityID<EnrichmentJob>, accountID: AccountID, kind: EnrichmentKind, options: ContactOptions, totalRecords: Int, processed: Int,
        succeeded: Int, failed: Int, creditsCharged: Double, webhookURL: String?, webhookOutcome: String?, createdAt: Date, completedAt: Date?
    ) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.options = options
        self.totalRecords = totalRecords
        self.processed = processed
        self.succeeded = succeeded
        self.failed = failed
        self.creditsCharged = creditsCharged
        self.webhookURL = webhookURL
        self.webhookOutcome = webhookOutcome
        self.createdAt = createdAt
        self.completedAt = completedAt
    }

    /// Saleshandy's words: "in-progress" until every record has its outcome, then "completed".
    public var status: String { completedAt == nil ? "in-progress" : "completed" }
}

public typealias EnrichmentJobID = EntityID<EnrichmentJob>

/// The options of a contact enrichment (§15.6); a company enrichment has the defaults.
public struct ContactOptions: Sendable, Equatable, Codable {
    public enum EmailType: String, Sendable, Codable, CaseIterable {
        case workEmail = "work_email", personalEmail = "personal_email"
    }

    public var emailType: EmailType
    public var revealPhone: Bool
    /// Only the person's profile: no email is looked for.
    public var profileOnly: Bool

    public init(emailType: EmailType = .workEmail, revealPhone: Bool = false, profileOnly: Bool = false) {
        self.emailType = emailType
        self.revealPhone = revealPhone
        self.profileOnly = profileOnly
    }
}

/// One thing to enrich, as the request named it: the request field it came from
/// (`lead_id`, `linkedin_url`, `full_name_with_company`, `company_domain`, ...) and its value.
public struct EnrichmentInput: Sendable, Equatable {
    public let field: String
    public let value: JSONValue

    public init(field: String, value: JSONValue) {
        self.field = field
        self.value = value
    }
}

/// One value enrichment found, and how: results never hold a value without its source.
public struct EnrichmentFinding: Sendable, Equatable, Codable {
    public let field: String
    public let value: String
    public let source: String

    public init(field: String, value: String, source: String) {
        self.field = field
        self.value = value
        self.source = source
    }
}

/// What became of one record.
public enum EnrichmentOutcome: Sendable, Equatable {
    /// Values were found; `notes` say what was asked for and could not be found.
    case enriched(findings: [EnrichmentFinding], notes: [String], credits: Double)
    /// Nothing could be found, and why.
    case notFound(String)
    /// The attempt itself failed (the provider could not be reached), and why.
    case failed(String)

    public var succeeded: Bool {
        if case .enriched = self { return true }
        return false
    }

    public var credits: Double {
        if case .enriched(_, _, let credits) = self { return credits }
        return 0
    }
}

/// One record of a job: its input, the prospect it was matched to, and its outcome once worked.
public struct EnrichmentRecord: Sendable, Equatable {
    public let position: Int
    public let input: EnrichmentInput
    public let prospectID: ProspectID?
    public let outcome: EnrichmentOutcome?

    public init(position: Int, input: EnrichmentInput, prospectID: ProspectID?, outcome: EnrichmentOutcome?) {
        self.position = position
        self.input = input
        self.prospectID = prospectID
        self.outcome = outcome
    }
}
