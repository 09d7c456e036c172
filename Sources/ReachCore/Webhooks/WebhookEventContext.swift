import Foundation

/// What a delivery says about an event beyond the event itself: the sequence, step, message,
/// mailbox, task and owner it concerns, read when the delivery is built.
public struct WebhookEventContext: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public let firstName: String
        public let lastName: String
        public let email: String

        public init(firstName: String, lastName: String, email: String) {
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
        }
    }

    public var sequenceTitle: String?
    public var stepNumber: Int?
    /// 0 for variant A.
    public var variantIndex: Int?
    public var subject: String?
    public var isFollowUp: Bool?
    public var senderEmail: String?
    public var enrolmentStatus: String?
    /// A unibox category key.
    public var outcome: String?
    public var dealValue: Double?
    public var enrolledAt: Date?
    public var mailboxEmail: String?
    public var taskType: Int?
    public var taskStatus: String?
    /// The sequence's owner, else the account's first admin.
    public var user: Person?

    public init() {}
}
