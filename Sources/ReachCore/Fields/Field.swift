import Foundation

/// A prospect field: one of the system fields every account has, or a custom one.
public struct Field: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.field

    public let id: EntityID<Field>
    public let accountID: AccountID
    public let label: String
    public let type: FieldType
    /// Which system field this is; nil for custom fields.
    public let systemField: SystemField?
    /// Used by merge tags when a prospect has no value.
    public let fallbackText: String
    /// The choices of a dropdown field.
    public let options: [String]
    /// The ISO 4217 code of a currency field.
    public let currencyCode: String?
    public let tags: [String]
    public let createdAt: Date

    public init(
        id: EntityID<Field>, accountID: AccountID, label: String, type: FieldType, systemField: SystemField?, fallbackText: String,
        options: [String], currencyCode: String?, tags: [String], createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.label = label
        self.type = type
        self.systemField = systemField
        self.fallbackText = fallbackText
        self.options = options
        self.currencyCode = currencyCode
        self.tags = tags
        self.createdAt = createdAt
    }

    /// System fields are Saleshandy's "default" fields.
    public var isDefault: Bool { systemField != nil }
}

public typealias FieldID = EntityID<Field>

extension PublicIDKind {
    public static let field = PublicIDKind(rawValue: "field")
}

public enum FieldType: String, Sendable, CaseIterable {
    case text
    case number
    case date
    case longText = "long-text"
    case dropdown
    case currency
}

/// The fields every account has from the start. Their labels cannot be changed.
public enum SystemField: String, Sendable, CaseIterable {
    case firstName, lastName, email, phoneNumber, jobTitle, department, industry, experience
    case linkedIn, twitter, facebook, website, city, state, country
    case company, companyDomain, companyWebsite, companyIndustry, companySize, companyRevenue
    case companyFoundedYear, companyLinkedIn, companyPhone

    public var label: String {
        switch self {
        case .firstName: "First Name"
        case .lastName: "Last Name"
        case .email: "Email"
        case .phoneNumber: "Phone Number"
        case .jobTitle: "Job Title"
        case .department: "Department"
        case .industry: "Industry"
        case .experience: "Experience"
        case .linkedIn: "LinkedIn"
        case .twitter: "Twitter"
        case .facebook: "Facebook"
        case .website: "Website"
        case .city: "City"
        case .state: "State"
        case .country: "Country"
        case .company: "Company"
        case .companyDomain: "Company Domain"
        case .companyWebsite: "Company Website"
        case .companyIndustry: "Company Industry"
        case .companySize: "Company Size"
        case .companyRevenue: "Company Revenue"
        case .companyFoundedYear: "Company Founded Year"
        case .companyLinkedIn: "Company LinkedIn"
        case .companyPhone: "Company Phone"
        }
    }

    /// The order system fields are listed in, before custom fields.
    public var position: Int { Self.allCases.firstIndex(of: self)! }
}

/// ISO 4217 codes a currency field may use.
public enum CurrencyCode {
    public static let all = [
        "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "SGD", "HKD", "NZD", "KRW", "SEK", "AED", "BRL", "MXN", "ZAR",
        "SAR",
    ]
}

/// A field label compared the way Reach matches labels: trimmed, case-insensitive.
public func fieldLabelKey(_ label: String) -> String {
    label.trimmingWhitespace().lowercased()
}
