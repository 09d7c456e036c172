import Foundation

/// The channel of a step, numbered as Saleshandy numbers them. Every channel but email makes a
/// task for a person instead of sending.
public enum StepChannel: Int, Sendable, CaseIterable {
    case email = 1
    case linkedInConnectionRequest = 2
    case linkedInMessage = 3
    case linkedInInMail = 4
    case linkedInViewProfile = 5
    case linkedInPostInteraction = 6
    case custom = 9
    case callIntroduction = 11
    case callDemo = 12
    case callFollowUp = 13
    case callReminder = 14
    case callOther = 15
    case whatsAppMessage = 16
    case whatsAppVoiceMessage = 17
    case whatsAppVoiceCall = 18

    /// The enum names of Saleshandy's API, its misspelling of "Interaction" included.
    public var name: String {
        switch self {
        case .email: "Email"
        case .linkedInConnectionRequest: "LinkedInConnectionRequest"
        case .linkedInMessage: "LinkedInMessage"
        case .linkedInInMail: "LinkedInInMail"
        case .linkedInViewProfile: "LinkedInViewProfile"
        case .linkedInPostInteraction: "LinkedInPostInteration"
        case .custom: "Custom"
        case .callIntroduction: "CallIntroduction"
        case .callDemo: "CallDemo"
        case .callFollowUp: "CallFollowUp"
        case .callReminder: "CallReminder"
        case .callOther: "CallOther"
        case .whatsAppMessage: "WhatsappMessage"
        case .whatsAppVoiceMessage: "WhatsappVoiceMessage"
        case .whatsAppVoiceCall: "WhatsappVoiceCall"
        }
    }

    public var title: String {
        switch self {
        case .email: "Email"
        case .linkedInConnectionRequest: "LinkedIn connection request"
        case .linkedInMessage: "LinkedIn message"
        case .linkedInInMail: "LinkedIn InMail"
        case .linkedInViewProfile: "LinkedIn view profile"
        case .linkedInPostInteraction: "LinkedIn post interaction"
        case .custom: "Task"
        case .callIntroduction: "Call: introduction"
        case .callDemo: "Call: demo"
        case .callFollowUp: "Call: follow-up"
        case .callReminder: "Call: reminder"
        case .callOther: "Call"
        case .whatsAppMessage: "WhatsApp message"
        case .whatsAppVoiceMessage: "WhatsApp voice message"
        case .whatsAppVoiceCall: "WhatsApp voice call"
        }
    }

    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        self = found
    }

    public var makesTask: Bool { self != .email }

    /// Email steps may carry up to 26 variants (A to Z); other channels one.
    public var maximumVariants: Int { self == .email ? 26 : 1 }

    /// The payload keys a variant of this channel has; templates all of them.
    public var payloadKeys: [VariantPayloadKey] {
        switch self {
        case .email: [.subject, .content, .preheader]
        case .linkedInConnectionRequest: [.connectionNote]
        case .linkedInMessage: [.message]
        case .linkedInInMail: [.subject, .message]
        default: []
        }
    }

    public var requiredPayloadKeys: [VariantPayloadKey] {
        switch self {
        case .email: [.subject, .content]
        case .linkedInMessage: [.message]
        case .linkedInInMail: [.subject, .message]
        default: []
        }
    }
}

public enum VariantPayloadKey: String, Sendable, CaseIterable {
    case subject, content, preheader, connectionNote, message

    /// Longest text accepted, in characters. Bodies stop at 100,000: Gmail clips messages over
    /// about 102 KB, hiding the rest (and the unsubscribe link) behind "View entire message".
    public var maximumLength: Int {
        switch self {
        case .subject: 500
        case .content: 100_000
        case .preheader: 250
        case .connectionNote: 300
        case .message: 8_000
        }
    }
}

/// The urgency of the task a manual step makes.
public enum TaskPriority: Int, Sendable, CaseIterable {
    case urgent = 1, high = 2, normal = 3, low = 4

    public var name: String {
        switch self {
        case .urgent: "Urgent"
        case .high: "High"
        case .normal: "Normal"
        case .low: "Low"
        }
    }

    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        self = found
    }
}

/// One step of a sequence with its variants.
public struct SequenceStep: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.step

    public let id: EntityID<SequenceStep>
    public let sequenceID: SequenceID
    /// 1-based position in sending order (by absoluteDays).
    public let number: Int
    public let channel: StepChannel
    /// The day, counted from enrolment (day 1), the step runs on.
    public let absoluteDays: Int
    public let priority: TaskPriority
    public let assigneeID: UserID?
    public let variants: [StepVariant]
    public let createdAt: Date

    public init(
        id: EntityID<SequenceStep>, sequenceID: SequenceID, number: Int, channel: StepChannel, absoluteDays: Int,
        priority: TaskPriority, assigneeID: UserID?, variants: [StepVariant], createdAt: Date
    ) {
        self.id = id
        self.sequenceID = sequenceID
        self.number = number
        self.channel = channel
        self.absoluteDays = absoluteDays
        self.priority = priority
        self.assigneeID = assigneeID
        self.variants = variants
        self.createdAt = createdAt
    }

    public var heading: StepHeading { StepHeading(id: id, number: number, channel: channel, absoluteDays: absoluteDays) }
}

public typealias StepID = EntityID<SequenceStep>

/// One version of a step's message: A, B, ... Z.
public struct StepVariant: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.variant

    public let id: EntityID<StepVariant>
    public let stepID: StepID
    /// 0 for A, 1 for B, ...: kept when other variants are deleted.
    public let letterIndex: Int
    public let isActive: Bool
    public let payload: [VariantPayloadKey: String]
    public let taskNote: String?
    public let attachmentIDs: [AttachmentID]

    public init(
        id: EntityID<StepVariant>, stepID: StepID, letterIndex: Int, isActive: Bool, payload: [VariantPayloadKey: String],
        taskNote: String?, attachmentIDs: [AttachmentID]
    ) {
        self.id = id
        self.stepID = stepID
        self.letterIndex = letterIndex
        self.isActive = isActive
        self.payload = payload
        self.taskNote = taskNote
        self.attachmentIDs = attachmentIDs
    }

    public var letter: String { String(UnicodeScalar(UInt8(ascii: "A") + UInt8(letterIndex))) }
}

public typealias VariantID = EntityID<StepVariant>

extension SequenceStep {
    /// The variant a prospect receives: among active variants, an even and stable choice per
    /// prospect and step (the same hash as spintax), so a prospect never flips between variants.
    public func variant(for prospect: ProspectID) -> StepVariant? {
        let active = variants.filter(\.isActive)
        guard !active.isEmpty else { return nil }
        return active[SpintaxChoice.index(prospectID: prospect.rawValue, stepID: id.rawValue, group: 0, count: active.count)]
    }
}
