import Foundation

/// A multi-step outreach campaign. A new sequence is paused: it sends only once resumed with an
/// active email account attached.
public struct EmailSequence: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.sequence

    public let id: EntityID<EmailSequence>
    public let accountID: AccountID
    public let ownerID: UserID
    public let clientID: ClientID?
    public let title: String
    public let isActive: Bool
    public let scheduleID: ScheduleID
    public let priorityDistribution: PriorityDistribution
    public let settings: SequenceSettings
    /// Set for a subsequence: the parent it branches from and its entry conditions.
    public let trigger: SubsequenceTrigger?
    public let createdAt: Date

    public init(
        id: EntityID<EmailSequence>, accountID: AccountID, ownerID: UserID, clientID: ClientID?, title: String, isActive: Bool,
        scheduleID: ScheduleID, priorityDistribution: PriorityDistribution, settings: SequenceSettings, trigger: SubsequenceTrigger? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.ownerID = ownerID
        self.clientID = clientID
        self.title = title
        self.isActive = isActive
        self.scheduleID = scheduleID
        self.priorityDistribution = priorityDistribution
        self.settings = settings
        self.trigger = trigger
        self.createdAt = createdAt
    }
}

public typealias SequenceID = EntityID<EmailSequence>

extension PublicIDKind {
    public static let sequence = PublicIDKind(rawValue: "sequence")
    public static let step = PublicIDKind(rawValue: "step")
    public static let variant = PublicIDKind(rawValue: "variant")
}

/// How a sequence shares each day's sending between new prospects and follow-ups.
public enum PriorityDistribution: Int, Sendable, CaseIterable {
    case prioritiseFollowUps = 1
    case prioritiseNewProspects = 2
    case balancedSending = 3
    case aggressivelyPrioritiseNewProspects = 4

    public static let `default` = PriorityDistribution.balancedSending

    /// The enum name Saleshandy's API uses.
    public var name: String {
        switch self {
        case .prioritiseFollowUps: "PrioritiseFollowUps"
        case .prioritiseNewProspects: "PrioritiseNewProspects"
        case .balancedSending: "BalancedSending"
        case .aggressivelyPrioritiseNewProspects: "AggressivelyPrioritiseNewProspects"
        }
    }

    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        self = found
    }
}

/// A sequence as `GET /v1/sequences` lists it: with its steps and the people it belongs to.
public struct SequenceSummary: Sendable, Equatable {
    public let sequence: EmailSequence
    public let steps: [StepHeading]
    public let owner: User
    public let client: Client?

    public init(sequence: EmailSequence, steps: [StepHeading], owner: User, client: Client?) {
        self.sequence = sequence
        self.steps = steps
        self.owner = owner
        self.client = client
    }
}

/// A step's identity within its sequence, in sending order.
public struct StepHeading: Sendable, Equatable {
    public let id: StepID
    public let number: Int
    public let channel: StepChannel
    public let absoluteDays: Int

    public init(id: StepID, number: Int, channel: StepChannel, absoluteDays: Int) {
        self.id = id
        self.number = number
        self.channel = channel
        self.absoluteDays = absoluteDays
    }

    /// "Step 2: Email", as lists show it.
    public var name: String { "Step \(number): \(channel.title)" }
}

public enum SequenceSortField: Sendable {
    case createdAt, title
}

public struct SequenceListQuery: Sendable, Equatable {
    public let titleSearch: String?
    public let clientIDs: [ClientID]?
    /// nil lists top-level sequences; a parent lists its subsequences.
    public var parentID: SequenceID?
    public var ownerIDs: [UserID]?
    public var isActive: Bool?
    public let page: PageRequest
    public let sortField: SequenceSortField
    public let direction: SortDirection

    public init(titleSearch: String?, clientIDs: [ClientID]?, page: PageRequest, sortField: SequenceSortField, direction: SortDirection) {
        self.titleSearch = titleSearch
        self.clientIDs = clientIDs
        self.page = page
        self.sortField = sortField
        self.direction = direction
    }
}
