import Foundation

/// Storage of mailboxes, their links to sequences, and bulk connect jobs.
public protocol EmailAccountStore: Sendable {
    func emailAccounts(in account: AccountID, matching query: EmailAccountListQuery) async throws -> EmailAccountPage
    func emailAccount(_ id: EmailAccountID, in account: AccountID) async throws -> EmailAccount?
    /// The ones that exist in the account, in no particular order.
    func emailAccounts(_ ids: [EmailAccountID], in account: AccountID) async throws -> [EmailAccount]
    func emailAccount(sending from: EmailAddress, in account: AccountID) async throws -> EmailAccount?
    /// Throws a `.conflict` ReachError when the account already has a mailbox with that address.
    func createEmailAccount(_ emailAccount: NewEmailAccount, in account: AccountID, at date: Date) async throws -> EmailAccount
    /// Writes every mutable property of the mailbox.
    func updateEmailAccount(_ emailAccount: EmailAccount) async throws
    /// Disconnects and forgets the mailbox: its passwords are erased and it leaves its sequences;
    /// what it sent stays in the history. False when there is no such mailbox.
    func deleteEmailAccount(_ id: EmailAccountID, in account: AccountID, at date: Date) async throws -> Bool

    /// The sequences each mailbox sends for.
    func sequences(using ids: [EmailAccountID]) async throws -> [EmailAccountID: [SequenceReference]]
    /// The mailboxes of each sequence, oldest link first; a sequence without any is missing.
    func links(of sequences: [SequenceID]) async throws -> [SequenceID: [SequenceMailboxLink]]
    func attach(_ ids: [EmailAccountID], to sequence: SequenceID, at date: Date) async throws
    func detach(_ ids: [EmailAccountID], from sequence: SequenceID) async throws

    func createJob(_ job: NewMailboxJob, in account: AccountID, at date: Date) async throws -> MailboxJob
    func job(_ id: MailboxJobID, in account: AccountID) async throws -> MailboxJob?
    /// A job found by id alone, for a report opened through a signed link.
    func job(signedLinkTo id: MailboxJobID) async throws -> MailboxJob?
    /// Claims the oldest queued job, or one whose worker stopped renewing its lease.
    func claimNextJob(worker: String, now: Date, leaseUntil: Date) async throws -> MailboxJob?
    /// Saves the results so far; with `completed` the job is done.
    func saveJobResults(_ id: MailboxJobID, results: [MailboxJobResult], completed: Bool, leaseUntil: Date, at date: Date) async throws
}

public struct NewEmailAccount: Sendable {
    public var userID: UserID
    public var provider: EmailServiceProvider
    public var sender: SenderIdentity
    public var smtp: MailServerAddress
    public var imap: MailServerAddress
    public var sealedSMTPPassword: String
    public var sealedIMAPPassword: String
    public var status: EmailAccountStatus
    public var limits: SendingLimits
    public var healthScore: Int
    public var check: MailboxCheck

    public init(
        userID: UserID, provider: EmailServiceProvider, sender: SenderIdentity, smtp: MailServerAddress, imap: MailServerAddress,
        sealedSMTPPassword: String, sealedIMAPPassword: String, status: EmailAccountStatus, limits: SendingLimits, healthScore: Int,
        check: MailboxCheck
    ) {
        self.userID = userID
        self.provider = provider
        self.sender = sender
        self.smtp = smtp
        self.imap = imap
        self.sealedSMTPPassword = sealedSMTPPassword
        self.sealedIMAPPassword = sealedIMAPPassword
        self.status = status
        self.limits = limits
        self.healthScore = healthScore
        self.check = check
    }
}

extension EmailAccountStore {
    public func links(of sequence: SequenceID) async throws -> [SequenceMailboxLink] {
        try await links(of: [sequence])[sequence] ?? []
    }
}

public struct SequenceReference: Sendable, Equatable {
    public let id: SequenceID
    public let title: String

    public init(id: SequenceID, title: String) {
        self.id = id
        self.title = title
    }
}

/// A mailbox attached to a sequence, and since when.
public struct SequenceMailboxLink: Sendable, Equatable {
    public let emailAccount: EmailAccount
    public let attachedAt: Date

    public init(emailAccount: EmailAccount, attachedAt: Date) {
        self.emailAccount = emailAccount
        self.attachedAt = attachedAt
    }
}

public enum EmailAccountSortField: Sendable {
    case createdDate, healthScore, remainingQuota, clientFirstName
}

public struct EmailAccountListQuery: Sendable {
    public var search: String?
    public var sequenceIDs: [SequenceID]?
    public var clientIDs: [ClientID]?
    public var addedBy: [UserID]?
    public var status: EmailAccountStatus?
    public var providers: [EmailServiceProvider]?
    public var page: PageRequest
    public var sortField: EmailAccountSortField
    public var direction: SortDirection

    public init(
        search: String?, sequenceIDs: [SequenceID]?, clientIDs: [ClientID]?, addedBy: [UserID]?, status: EmailAccountStatus?,
        providers: [EmailServiceProvider]?, page: PageRequest, sortField: EmailAccountSortField, direction: SortDirection
    ) {
        self.search = search
        self.sequenceIDs = sequenceIDs
        self.clientIDs = clientIDs
        self.addedBy = addedBy
        self.status = status
        self.providers = providers
        self.page = page
        self.sortField = sortField
        self.direction = direction
    }
}

/// A page of mailboxes with the account-wide counts the list shows above it.
public struct EmailAccountPage: Sendable {
    public let page: Page<EmailAccount>
    public let connectedCount: Int
    public let disconnectedCount: Int

    public init(page: Page<EmailAccount>, connectedCount: Int, disconnectedCount: Int) {
        self.page = page
        self.connectedCount = connectedCount
        self.disconnectedCount = disconnectedCount
    }
}
