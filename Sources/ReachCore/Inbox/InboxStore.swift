import Foundation

/// Storage of the unified inbox: threads and their messages, and the look-ups that tie a
/// received message to the sequence email it answers.
public protocol InboxStore: Sendable {
    /// Whether the mailbox holds a message with this Message-ID already (it was read before).
    func hasMessage(_ messageID: String, in mailbox: EmailAccountID) async throws -> Bool
    /// The sequence email with one of these Message-IDs, sent from the account's mailbox;
    /// the first id that names one wins.
    func sentMessage(withAnyOf messageIDs: [String], in account: AccountID) async throws -> SentMessage?
    func sentMessage(_ id: OutboundMessageID) async throws -> SentMessage?
    /// The newest sequence emails the mailbox sent to the account's prospect with this address, newest first.
    func sentMessages(to recipient: EmailAddress, from mailbox: EmailAccountID, in account: AccountID, limit: Int) async throws -> [SentMessage]
    /// The thread the mailbox keeps with the prospect in the sequence (nil: outside sequences),
    /// made when there is none yet.
    func thread(mailbox: EmailAccountID, prospect: ProspectID?, sequence: SequenceID?, account: AccountID, subject: String, at date: Date)
        async throws -> InboxThread
    /// Stores the message in its thread and moves the thread to the top: unread when received.
    /// Nil when the mailbox has it already.
    func add(_ message: NewInboxMessage, at date: Date) async throws -> InboxMessageID?
    /// Forgets a message whose consequences could not be carried out.
    func removeMessage(_ id: InboxMessageID) async throws
    func flagForReview(_ thread: InboxThreadID, reason: String) async throws

    func thread(_ id: InboxThreadID, in account: AccountID) async throws -> InboxThread?
    func threads(in account: AccountID, matching query: InboxQuery) async throws -> Page<InboxThreadSummary>
    func messages(of thread: InboxThreadID) async throws -> [InboxMessage]
    func message(_ id: InboxMessageID, in account: AccountID) async throws -> InboxMessage?
    func unreadThreadCount(in account: AccountID) async throws -> Int
    func updateThread(_ id: InboxThreadID, in account: AccountID, isRead: Bool?, isArchived: Bool?, category: String?) async throws -> Bool
    func reclassify(_ id: InboxMessageID, as classification: MailClassification) async throws
    /// Prospects in the sequence, other than `prospect`, whose address is at `domain`.
    func colleagues(of prospect: ProspectID, at domain: String, in sequence: SequenceID) async throws -> [ProspectID]
    /// Outcome names recorded on the account's enrolments (§5.10), alphabetically.
    func outcomeNames(in account: AccountID) async throws -> [String]
}

/// A sequence email as matching needs it.
public struct SentMessage: Sendable, Equatable {
    public let id: OutboundMessageID
    public let accountID: AccountID
    public let sequenceID: SequenceID
    public let stepID: StepID
    public let prospectID: ProspectID
    public let emailAccountID: EmailAccountID
    public let messageID: String
    public let recipient: String
    public let subject: String

    public init(
        id: OutboundMessageID, accountID: AccountID, sequenceID: SequenceID, stepID: StepID, prospectID: ProspectID, emailAccountID: EmailAccountID,
        messageID: String, recipient: String, subject: String
    ) {
        self.id = id
        self.accountID = accountID
        self.sequenceID = sequenceID
        self.stepID = stepID
        self.prospectID = prospectID
        self.emailAccountID = emailAccountID
        self.messageID = messageID
        self.recipient = recipient
        self.subject = subject
    }
}

public struct NewInboxMessage: Sendable {
    public let accountID: AccountID
    public let threadID: InboxThreadID
    public let emailAccountID: EmailAccountID
    public let direction: InboxMessage.Direction
    public let mail: InboundMail
    public let messageID: String
    public let classification: MailClassification?
    public let outboundID: OutboundMessageID?
    /// Where it was read from, for received mail.
    public let folder: String?
    public let uid: Int64?

    public init(
        accountID: AccountID, threadID: InboxThreadID, emailAccountID: EmailAccountID, direction: InboxMessage.Direction, mail: InboundMail,
        messageID: String, classification: MailClassification?, outboundID: OutboundMessageID?, folder: String?, uid: Int64?
    ) {
        self.accountID = accountID
        self.threadID = threadID
        self.emailAccountID = emailAccountID
        self.direction = direction
        self.mail = mail
        self.messageID = messageID
        self.classification = classification
        self.outboundID = outboundID
        self.folder = folder
        self.uid = uid
    }
}

/// The inbox list's filters (§12.1).
public struct InboxQuery: Sendable {
    public enum ThreadType: String, Sendable {
        case system, external
    }

    public var page: PageRequest
    public var owners: [UserID]
    public var search: String?
    /// Category keys; a sentiment filter arrives here as the keys of that sentiment.
    public var categories: [String]?
    public var sequences: [SequenceID]
    public var emailAccounts: [EmailAccountID]
    public var clients: [ClientID]
    public var start: Date?
    public var end: Date?
    public var isRead: Bool?
    public var type: ThreadType?
    public var includeArchived: Bool

    public init(
        page: PageRequest, owners: [UserID] = [], search: String? = nil, categories: [String]? = nil,
        sequences: [SequenceID] = [], emailAccounts: [EmailAccountID] = [], clients: [ClientID] = [], start: Date? = nil, end: Date? = nil,
        isRead: Bool? = nil, type: ThreadType? = nil, includeArchived: Bool = false
    ) {
        self.page = page
        self.owners = owners
        self.search = search
        self.categories = categories
        self.sequences = sequences
        self.emailAccounts = emailAccounts
        self.clients = clients
        self.start = start
        self.end = end
        self.isRead = isRead
        self.type = type
        self.includeArchived = includeArchived
    }
}

/// A thread as the inbox list shows it: with the latest message and who it is with.
public struct InboxThreadSummary: Sendable, Equatable {
    public let thread: InboxThread
    public let latest: InboxMessage
    public let messageCount: Int
    public let prospectEmail: String?
    public let sequenceTitle: String?
    public let mailboxAddress: String

    public init(
        thread: InboxThread, latest: InboxMessage, messageCount: Int, prospectEmail: String?, sequenceTitle: String?, mailboxAddress: String
    ) {
        self.thread = thread
        self.latest = latest
        self.messageCount = messageCount
        self.prospectEmail = prospectEmail
        self.sequenceTitle = sequenceTitle
        self.mailboxAddress = mailboxAddress
    }
}
