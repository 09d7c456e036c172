import Foundation

/// The unified inbox (§12): the conversations Reach found in the user's mailboxes, read,
/// categorised, re-classified and answered from one place.
public struct InboxService: Sendable {
    let inbox: any InboxStore
    let emailAccounts: any EmailAccountStore
    let sending: any SendingStore
    let enrolments: any EnrolmentStore
    let enrolmentService: EnrolmentService
    let replies: ReplyService
    let transport: any MailTransport
    let secrets: SecretBox
    let clock: any WallClock

    public init(
        inbox: any InboxStore, emailAccounts: any EmailAccountStore, sending: any SendingStore, enrolments: any EnrolmentStore,
        enrolmentService: EnrolmentService, replies: ReplyService, transport: any MailTransport, secrets: SecretBox, clock: any WallClock
    ) {
        self.inbox = inbox
        self.emailAccounts = emailAccounts
        self.sending = sending
        self.enrolments = enrolments
        self.enrolmentService = enrolmentService
        self.replies = replies
        self.transport = transport
        self.secrets = secrets
        self.clock = clock
    }

    public static let threadNotFound = ReachError.notFound("Email thread not found")
    public static let messageNotFound = ReachError.notFound("Email not found in this thread")

    /// The list filters as a request gives them, before they are checked.
    public struct ListRequest: Sendable {
        public var page: PageRequest
        public var owners: [UserID]
        public var search: String?
        public var categories: [String]
        public var sentiment: String?
        public var sequences: [SequenceID]
        public var emailAccounts: [EmailAccountID]
        public var clients: [ClientID]
        public var start: Date?
        public var end: Date?
        public var isRead: Int?
        public var type: String?
        public var includeArchived: Bool

        public init(
            page: PageRequest, owners: [UserID], search: String?, categories: [String], sentiment: String?, sequences: [SequenceID],
            emailAccounts: [EmailAccountID], clients: [ClientID], start: Date?, end: Date?, isRead: Int?, type: String?, includeArchived: Bool
        ) {
            self.page = page
            self.owners = owners
            self.search = search
            self.categories = categories
            self.sentiment = sentiment
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

    public func threads(_ request: ListRequest, in account: AccountID) async throws -> Page<InboxThreadSummary> {
        var categories: [String]?
        if !request.categories.isEmpty {
            categories = try request.categories.map { text in
                guard let category = UniboxCategory.find(text) else {
                    throw ReachError.invalidInput("categoryIds: \(text) is not a category (see GET /v1/unibox/categories)", field: "categoryIds", code: 1001)
                }
                return category.key
            }
        }
        if let sentiment = request.sentiment {
            // "Uncategorized" is the category of that name; the three sentiments are their categories.
            let keys: [String]
            if sentiment.caseInsensitiveCompare("Uncategorized") == .orderedSame {
                keys = [UniboxCategory.uncategorized]
            } else if let wanted = UniboxCategory.Sentiment.allCases.first(where: { $0.name.caseInsensitiveCompare(sentiment) == .orderedSame }) {
                keys = UniboxCategory.defaults.filter { $0.sentiment == wanted && $0.key != UniboxCategory.uncategorized }.map(\.key)
            } else {
                throw ReachError.invalidInput("sentiment must be one of Positive, Negative, Neutral, Uncategorized", field: "sentiment", code: 1001)
            }
            categories = categories.map { $0.filter(keys.contains) } ?? keys
        }
        if let isRead = request.isRead, isRead != 0, isRead != 1 {
            throw ReachError.invalidInput("isRead must be 0 or 1", field: "isRead", code: 1001)
        }
        var type: InboxQuery.ThreadType?
        if let text = request.type {
            guard let known = InboxQuery.ThreadType(rawValue: text.lowercased()) else {
                throw ReachError.invalidInput("type must be system or external", field: "type", code: 1001)
            }
            type = known
        }
        if let start = request.start, let end = request.end, start > end {
            throw ReachError.invalidInput("startDate must not be after endDate", field: "startDate", code: 1001)
        }
        let search = request.search?.trimmingWhitespace()
        return try await inbox.threads(
            in: account,
            matching: InboxQuery(
                page: request.page, owners: request.owners, search: search?.isEmpty == false ? search : nil, categories: categories,
                sequences: request.sequences, emailAccounts: request.emailAccounts, clients: request.clients, start: request.start, end: request.end,
                isRead: request.isRead.map { $0 == 1 }, type: type, includeArchived: request.includeArchived))
    }

    /// A thread with its emails, oldest first: the sequence emails sent to the prospect and
    /// the received and inbox-sent messages.
    public struct Conversation: Sendable {
        public let thread: InboxThread
        public let messages: [InboxMessage]
        public let sequenceEmails: [OutboundMessage]
    }

    public func conversation(_ id: InboxThreadID, in account: AccountID) async throws -> Conversation {
        guard let thread = try await inbox.thread(id, in: account) else { throw Self.threadNotFound }
        var sent: [OutboundMessage] = []
        if let sequence = thread.sequenceID, let prospect = thread.prospectID {
            sent = try await sending.outboundMessages(of: sequence, prospect: prospect).filter { $0.status == .sent || $0.status == .unknown }
        }
        return Conversation(thread: thread, messages: try await inbox.messages(of: id), sequenceEmails: sent)
    }

    public func message(_ id: InboxMessageID, of thread: InboxThreadID, in account: AccountID) async throws -> InboxMessage {
        guard try await inbox.thread(thread, in: account) != nil else { throw Self.threadNotFound }
        guard let message = try await inbox.message(id, in: account), message.threadID == thread else { throw Self.messageNotFound }
        return message
    }

    public func unreadThreadCount(in account: AccountID) async throws -> Int {
        try await inbox.unreadThreadCount(in: account)
    }

    /// Marks a thread read or unread, archives or restores it, or files it under a category.
    public func update(_ id: InboxThreadID, isRead: Bool?, isArchived: Bool?, category: String?, in account: AccountID) async throws -> InboxThread {
        var key: String?
        if let category {
            guard let found = UniboxCategory.find(category) else {
                throw ReachError.invalidInput("category: \(category) is not a category (see GET /v1/unibox/categories)", field: "category", code: 1001)
            }
            key = found.key
        }
        guard try await inbox.updateThread(id, in: account, isRead: isRead, isArchived: isArchived, category: key),
              let thread = try await inbox.thread(id, in: account)
        else { throw Self.threadNotFound }
        return thread
    }

    /// Outcomes a prospect can be given (§12.6): Reach's categories, or the names users recorded
    /// through §5.10 that are not among them.
    public func outcomes(custom: Bool, page: PageRequest, in account: AccountID) async throws -> Page<String> {
        let defaults = UniboxCategory.defaults.map(\.name)
        let names = custom
            ? try await inbox.outcomeNames(in: account).filter { name in !defaults.contains { $0.caseInsensitiveCompare(name) == .orderedSame } }
            : defaults
        return Page(items: Array(names.dropFirst(page.offset).prefix(page.size)), totalItems: names.count, request: page)
    }

    /// A user overrules Reach's classification, and what the new kind means happens: a reply
    /// or removal request stops the prospect, a bounce marks them bounced, and calling a reply
    /// automatic puts the prospect back into the thread's sequence where a reply had stopped them.
    public func reclassify(_ id: InboxMessageID, as kind: MailClassification.Kind, in account: AccountID) async throws -> InboxMessage {
        guard let message = try await inbox.message(id, in: account), message.direction == .received else { throw Self.messageNotFound }
        guard let thread = try await inbox.thread(message.threadID, in: account) else { throw Self.threadNotFound }
        let before = message.classification?.kind
        guard before != kind else { return message }
        var classification = message.classification ?? MailClassification(kind: kind, rule: "")
        classification.kind = kind
        classification.rule = "set by a user"
        if kind == .bounce {
            classification.bounceSeverity = .hard
            classification.bouncedAddress = nil
        }
        try await inbox.reclassify(id, as: classification)
        let wasReply = before == .reply || before == .unsubscribeRequest
        if kind == .autoReply, wasReply, let sequence = thread.sequenceID, let prospect = thread.prospectID {
            let stopped = try await enrolments.memberships(of: prospect).filter { $0.enrolment.sequenceID == sequence && $0.enrolment.status == .replied }
            _ = try await enrolmentService.apply(.active, pausedUntil: nil, to: stopped.map { (prospect, $0.enrolment.sequenceID) }, in: account)
        } else if kind != .autoReply {
            try await replies.act(on: classification, of: id, in: thread, match: try await match(of: message, in: thread), account: account)
        }
        guard let updated = try await inbox.message(id, in: account) else { throw Self.messageNotFound }
        return updated
    }

    func match(of message: InboxMessage, in thread: InboxThread) async throws -> ReplyService.Match {
        guard let prospect = thread.prospectID else { throw Self.threadNotFound }
        var sent: SentMessage?
        if let outbound = message.outboundID { sent = try await inbox.sentMessage(outbound) }
        return ReplyService.Match(prospect: prospect, sent: sent)
    }
}
