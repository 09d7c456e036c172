import Foundation

/// Something a person must do for a prospect: a call, a LinkedIn or WhatsApp action, or a custom
/// to-do. A sequence's manual step makes one when it comes due (and the prospect waits at that
/// step until it is completed or skipped); the API makes them on demand too.
public struct SalesTask: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind(rawValue: "task")

    public let id: TaskID
    public let accountID: AccountID
    public let prospectID: ProspectID
    /// The sequence and step that made it; nil for a task made through the API.
    public let sequenceID: SequenceID?
    public let stepID: StepID?
    public let type: StepChannel
    public var status: TaskStatus
    public var priority: TaskPriority
    public var assigneeID: UserID?
    public var dueAt: Date
    /// When it was last snoozed (its due date then moved).
    public var snoozedAt: Date?
    public var note: String?
    public var callOutcome: CallOutcome?
    public var skipReason: String?
    public let createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    public var skippedAt: Date?

    public init(
        id: TaskID, accountID: AccountID, prospectID: ProspectID, sequenceID: SequenceID?, stepID: StepID?, type: StepChannel, status: TaskStatus,
        priority: TaskPriority, assigneeID: UserID?, dueAt: Date, snoozedAt: Date?, note: String?, callOutcome: CallOutcome?, skipReason: String?,
        createdAt: Date, updatedAt: Date, completedAt: Date?, skippedAt: Date?
    ) {
        self.id = id
        self.accountID = accountID
        self.prospectID = prospectID
        self.sequenceID = sequenceID
        self.stepID = stepID
        self.type = type
        self.status = status
        self.priority = priority
        self.assigneeID = assigneeID
        self.dueAt = dueAt
        self.snoozedAt = snoozedAt
        self.note = note
        self.callOutcome = callOutcome
        self.skipReason = skipReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
        self.skippedAt = skippedAt
    }

    /// Where the task stands on `now`'s UTC day, as Saleshandy's task list files it.
    public func stage(on day: DateInterval) -> TaskStage {
        switch status {
        case .completed: .completed
        case .skipped: .skipped
        case .pending where dueAt < day.start: .overdue
        case .pending where dueAt < day.end: .dueToday
        case .pending: .upcoming
        }
    }
}

public typealias TaskID = EntityID<SalesTask>

/// What is stored: a task is open until someone completes or skips it.
public enum TaskStatus: String, Sendable, CaseIterable {
    case pending, completed, skipped
}

/// The task list's tabs: open tasks are filed by their due date.
public enum TaskStage: String, Sendable, CaseIterable {
    case upcoming, dueToday, overdue, completed, skipped
}

/// The four kinds the task list filters on.
public enum TaskCategory: String, Sendable, CaseIterable {
    case linkedin, call, whatsapp, custom

    public var channels: [StepChannel] { StepChannel.allCases.filter { $0.taskCategory == self } }
}

extension StepChannel {
    public var taskCategory: TaskCategory? {
        switch self {
        case .email: nil
        case .linkedInConnectionRequest, .linkedInMessage, .linkedInInMail, .linkedInViewProfile, .linkedInPostInteraction: .linkedin
        case .custom: .custom
        case .callIntroduction, .callDemo, .callFollowUp, .callReminder, .callOther: .call
        case .whatsAppMessage, .whatsAppVoiceMessage, .whatsAppVoiceCall: .whatsapp
        }
    }
}

/// How a call went, in Saleshandy's words.
public enum CallOutcome: String, Sendable, CaseIterable {
    case interested = "Interested"
    case callbackLater = "Callback Later"
    case followUp = "Followup"
    case notInterested = "Not Interested"
    case wrongNumber = "Wrong Number"
    case noAnswer = "No Answer"
    case leftVoicemail = "Left Voicemail"
    case notInService = "Not In Service"

    /// Reads the documented words and the slugs Saleshandy's examples use (`no-answer`).
    public init?(words: String) {
        let squashed = Self.squash(words)
        guard let found = Self.allCases.first(where: { Self.squash($0.rawValue) == squashed }) else { return nil }
        self = found
    }

    static func squash(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter })
    }
}

/// Open tasks by where they stand, and closed ones.
public struct TaskCounts: Sendable, Equatable {
    public var upcoming = 0
    public var dueToday = 0
    public var overdue = 0
    public var completed = 0
    public var skipped = 0

    public init() {}

    public subscript(stage: TaskStage) -> Int {
        get {
            switch stage {
            case .upcoming: upcoming
            case .dueToday: dueToday
            case .overdue: overdue
            case .completed: completed
            case .skipped: skipped
            }
        }
        set {
            switch stage {
            case .upcoming: upcoming = newValue
            case .dueToday: dueToday = newValue
            case .overdue: overdue = newValue
            case .completed: completed = newValue
            case .skipped: skipped = newValue
            }
        }
    }
}
