import Foundation

/// Mailboxes: connecting them (credentials checked against their servers, passwords sealed),
/// listing, settings, pausing, health, and the background jobs that connect many at once.
public struct EmailAccountService: Sendable {
    let store: any EmailAccountStore
    let clients: any ClientStore
    let accounts: any AccountStore
    let probe: any MailboxProbe
    let inspector: any DomainInspector
    let secrets: SecretBox
    let signal: any WorkSignal
    let clock: any WallClock

    public static let defaultPageSize = 25
    public static let maximumPageSize = 100

    public init(
        store: any EmailAccountStore, clients: any ClientStore, accounts: any AccountStore, probe: any MailboxProbe,
        inspector: any DomainInspector, secrets: SecretBox, signal: any WorkSignal, clock: any WallClock
    ) {
        self.store = store
        self.clients = clients
        self.accounts = accounts
        self.probe = probe
        self.inspector = inspector
        self.secrets = secrets
        self.signal = signal
        self.clock = clock
    }

    static let notFound = ReachError.notFound("Email account not found", code: 40200)
    static let invalidEmailAccounts = ReachError.invalidInput("The email account input is invalid. Please check and try again.", field: "emailAccountIds", code: 40204)

    // MARK: Connecting

    /// Connects one mailbox now. It is saved even when a server refuses it (status 0, with each
    /// side's error) so the user can correct it; only a second mailbox with the same address is
    /// refused (409, code 1001).
    public func connect(_ request: MailboxConnectionRequest, by user: UserID, in account: AccountID) async throws -> EmailAccount {
        let valid = try request.validated()
        if try await store.emailAccount(sending: valid.sender.email, in: account) != nil { throw Self.alreadyExists }
        let (check, health) = await inspect(smtp: valid.smtp, imap: valid.imap, domain: valid.sender.email.domain)
        let new = NewEmailAccount(
            userID: user, provider: valid.provider, sender: valid.sender, smtp: valid.smtp.address, imap: valid.imap.address,
            sealedSMTPPassword: try secrets.seal(valid.smtp.password), sealedIMAPPassword: try secrets.seal(valid.imap.password),
            status: check.isConnected ? .active : .disconnected, limits: .standard, healthScore: health.score, check: check)
        return try await store.createEmailAccount(new, in: account, at: clock.now)
    }

    static let alreadyExists = ReachError(.conflict, code: 1001, message: "Email account already exists")

    /// Checks a stored mailbox's servers again and records the outcome: a paused mailbox stays
    /// paused, otherwise it becomes active or disconnected.
    public func reconnect(_ id: EmailAccountID, in account: AccountID) async throws -> EmailAccount {
        guard var mailbox = try await store.emailAccount(id, in: account) else { throw Self.notFound }
        let (check, health) = await inspect(
            smtp: try opened(mailbox.smtp, mailbox.sealedSMTPPassword), imap: try opened(mailbox.imap, mailbox.sealedIMAPPassword),
            domain: mailbox.sender.email.domain)
        mailbox.smtpError = check.smtpError
        mailbox.imapError = check.imapError
        mailbox.healthScore = health.score
        if check.isConnected { mailbox.lastConnectedAt = clock.now }
        if mailbox.status != .paused { mailbox.status = check.isConnected ? .active : .disconnected }
        mailbox.updatedAt = clock.now
        try await store.updateEmailAccount(mailbox)
        return mailbox
    }

    /// Logs in to the servers and reads the domain's DNS at the same time.
    func inspect(smtp: MailServerSettings, imap: MailServerSettings, domain: String) async -> (MailboxCheck, MailboxHealth) {
        async let check = probe.check(smtp: smtp, imap: imap)
        async let records = inspector.inspect(domain: domain)
        let connection = await check
        return (connection, MailboxHealth(domain: domain, connection: connection, records: await records))
    }

    /// The plain settings to connect with.
    func opened(_ address: MailServerAddress, _ sealed: String) throws -> MailServerSettings {
        MailServerSettings(address: address, password: try secrets.open(sealed))
    }

    // MARK: Reading

    public func list(
        in account: AccountID, search: String?, sequenceIDs: [SequenceID]?, clientIDs: [ClientID]?, addedBy: [UserID]?,
        status: EmailAccountStatus?, providers: [EmailServiceProvider]?, page: Int?, pageSize: Int?,
        sortField: EmailAccountSortField?, direction: SortDirection?
    ) async throws -> EmailAccountPage {
        let search = search?.trimmingWhitespace()
        let query = EmailAccountListQuery(
            search: search?.isEmpty == false ? search : nil, sequenceIDs: sequenceIDs, clientIDs: clientIDs, addedBy: addedBy, status: status,
            providers: providers,
            page: PageRequest(number: page, size: pageSize, defaultSize: Self.defaultPageSize, maximumSize: Self.maximumPageSize),
            sortField: sortField ?? .createdDate, direction: direction ?? .descending)
        return try await store.emailAccounts(in: account, matching: query)
    }

    public func emailAccount(_ id: EmailAccountID, in account: AccountID) async throws -> EmailAccount {
        guard let mailbox = try await store.emailAccount(id, in: account) else { throw Self.notFound }
        return mailbox
    }

    /// What lists show beside each mailbox: who added it, its sequences, its client.
    public struct Details: Sendable {
        public let users: [UserID: User]
        public let sequences: [EmailAccountID: [SequenceReference]]
        public let clients: [ClientID: Client]
    }

    public func details(of mailboxes: [EmailAccount], in account: AccountID) async throws -> Details {
        let users = try await accounts.users(in: account)
        var clients: [ClientID: Client] = [:]
        for id in Set(mailboxes.compactMap(\.clientID)) {
            if let client = try await self.clients.client(id, in: account) { clients[id] = client }
        }
        return Details(
            users: Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            sequences: try await store.sequences(using: mailboxes.map(\.id)), clients: clients)
    }

    /// The ids among `ids` that are users of the account.
    public func unknownUsers(_ ids: [UserID], in account: AccountID) async throws -> [UserID] {
        let known = Set(try await accounts.users(in: account).map(\.id))
        return ids.filter { !known.contains($0) }
    }

    /// The mailbox's connection and its domain's DNS, judged now; the score is stored.
    public func health(of id: EmailAccountID, in account: AccountID) async throws -> MailboxHealth {
        var mailbox = try await emailAccount(id, in: account)
        let (check, health) = await inspect(
            smtp: try opened(mailbox.smtp, mailbox.sealedSMTPPassword), imap: try opened(mailbox.imap, mailbox.sealedIMAPPassword),
            domain: mailbox.sender.email.domain)
        mailbox.healthScore = health.score
        mailbox.smtpError = check.smtpError
        mailbox.imapError = check.imapError
        try await store.updateEmailAccount(mailbox)
        return health
    }

    // MARK: Changing

    /// Saleshandy's bulk update: every named mailbox gets the same sender name and whichever
    /// settings are given. All or nothing: one unknown id (40204) or client (40202) changes none.
    public func update(_ ids: [EmailAccountID], undecodable: Int, changes: EmailAccountChanges, in account: AccountID) async throws {
        guard !ids.isEmpty, undecodable == 0 else { throw Self.invalidEmailAccounts }
        let found = try await store.emailAccounts(ids, in: account)
        guard Set(found.map(\.id)) == Set(ids) else { throw Self.invalidEmailAccounts }
        if case .some(.some(let client)) = changes.clientID, try await clients.client(client, in: account) == nil {
            throw ReachError.invalidInput("The client input is invalid. Please check and try again.", field: "clientId", code: 40202)
        }
        try changes.validate()
        for var mailbox in found {
            changes.apply(to: &mailbox, now: clock.now)
            try await store.updateEmailAccount(mailbox)
        }
    }

    public func pause(_ id: EmailAccountID, in account: AccountID) async throws -> EmailAccount {
        var mailbox = try await emailAccount(id, in: account)
        mailbox.status = .paused
        mailbox.updatedAt = clock.now
        try await store.updateEmailAccount(mailbox)
        return mailbox
    }

    /// A paused mailbox sends again once its servers accept it; one that fails stays
    /// disconnected with the reason, and sends nothing.
    public func resume(_ id: EmailAccountID, in account: AccountID) async throws -> EmailAccount {
        var mailbox = try await emailAccount(id, in: account)
        guard mailbox.status == .paused else { return mailbox }
        mailbox.status = .disconnected
        try await store.updateEmailAccount(mailbox)
        return try await reconnect(id, in: account)
    }

    public func delete(_ id: EmailAccountID, in account: AccountID) async throws {
        guard try await store.deleteEmailAccount(id, in: account, at: clock.now) else { throw Self.notFound }
    }
}

/// What a bulk update sets; nil leaves a setting as it is.
public struct EmailAccountChanges: Sendable {
    public var senderFirstName: String
    public var senderLastName: String?
    public var dailyQuota: Int?
    /// Comma-separated addresses; empty clears the list.
    public var bcc: String?
    public var signatureHTML: String?
    public var intervalMinimum: Int?
    public var intervalMaximum: Int?
    /// Both above zero start a ramp-up (or change a running one); a percent of 0 stops it.
    public var rampUpInitialLimit: Int?
    public var rampUpPercent: Int?
    /// `.some(nil)` detaches the mailboxes from any client.
    public var clientID: ClientID??

    public init(
        senderFirstName: String, senderLastName: String? = nil, dailyQuota: Int? = nil, bcc: String? = nil, signatureHTML: String? = nil,
        intervalMinimum: Int? = nil, intervalMaximum: Int? = nil, rampUpInitialLimit: Int? = nil, rampUpPercent: Int? = nil,
        clientID: ClientID?? = nil
    ) {
        self.senderFirstName = senderFirstName
        self.senderLastName = senderLastName
        self.dailyQuota = dailyQuota
        self.bcc = bcc
        self.signatureHTML = signatureHTML
        self.intervalMinimum = intervalMinimum
        self.intervalMaximum = intervalMaximum
        self.rampUpInitialLimit = rampUpInitialLimit
        self.rampUpPercent = rampUpPercent
        self.clientID = clientID
    }

    func validate() throws(ReachError) {
        let first = senderFirstName.trimmingWhitespace()
        guard !first.isEmpty, first.count <= 50 else { throw ReachError.invalidInput("senderFirstName must be 1 to 50 characters", field: "senderFirstName") }
        if let last = senderLastName, last.count > 50 { throw ReachError.invalidInput("senderLastName must be at most 50 characters", field: "senderLastName") }
        if let quota = dailyQuota, !SendingLimits.quotaRange.contains(quota) {
            throw ReachError.invalidInput("dailyQuota must be \(SendingLimits.quotaRange.lowerBound) to \(SendingLimits.quotaRange.upperBound)", field: "dailyQuota")
        }
        for (name, value) in [("sendingIntervalMin", intervalMinimum), ("sendingIntervalMax", intervalMaximum)] {
            if let value, !SendingLimits.intervalRange.contains(value) {
                throw ReachError.invalidInput("\(name) must be 1 to 86400 seconds", field: name)
            }
        }
        if let minimum = intervalMinimum, let maximum = intervalMaximum, minimum > maximum {
            throw ReachError.invalidInput("sendingIntervalMin must not exceed sendingIntervalMax", field: "sendingIntervalMin")
        }
        if let initial = rampUpInitialLimit, !(1...SendingLimits.quotaRange.upperBound).contains(initial) {
            throw ReachError.invalidInput("rampUpInitialSendingLimit must be 1 to 2000", field: "rampUpInitialSendingLimit")
        }
        if let percent = rampUpPercent, !(0...100).contains(percent) {
            throw ReachError.invalidInput("rampUpPercent must be 0 to 100", field: "rampUpPercent")
        }
        if let bcc { _ = try Self.addresses(bcc) }
        if let signature = signatureHTML, signature.count > 10_000 {
            throw ReachError.invalidInput("signatureHtml must be at most 10000 characters", field: "signatureHtml")
        }
    }

    static func addresses(_ list: String) throws(ReachError) -> [String] {
        var addresses: [String] = []
        for item in list.split(separator: ",").map({ $0.trimmingWhitespace() }) where !item.isEmpty {
            guard let address = EmailAddress(item) else { throw ReachError.invalidInput("bcc: \(item) is not an email", field: "bcc") }
            addresses.append(address.address)
        }
        guard addresses.count <= 10 else { throw ReachError.invalidInput("bcc takes at most 10 addresses", field: "bcc") }
        return addresses
    }

    func apply(to mailbox: inout EmailAccount, now: Date) {
        mailbox.sender.firstName = senderFirstName.trimmingWhitespace()
        if let senderLastName { mailbox.sender.lastName = senderLastName.trimmingWhitespace() }
        mailbox.sender.fromName = [mailbox.sender.firstName, mailbox.sender.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        if let dailyQuota { mailbox.limits.dailyQuota = dailyQuota }
        if let intervalMinimum { mailbox.limits.intervalMinimum = intervalMinimum }
        if let intervalMaximum { mailbox.limits.intervalMaximum = intervalMaximum }
        // One bound given alone may cross the other: the other follows.
        if mailbox.limits.intervalMinimum > mailbox.limits.intervalMaximum {
            if intervalMinimum != nil { mailbox.limits.intervalMaximum = mailbox.limits.intervalMinimum } else { mailbox.limits.intervalMinimum = mailbox.limits.intervalMaximum }
        }
        if rampUpPercent == 0 {
            mailbox.limits.rampUp = nil
        } else if rampUpInitialLimit != nil || rampUpPercent != nil {
            var rampUp = mailbox.limits.rampUp ?? .init(initialDailyLimit: 10, percentPerDay: 20, startedAt: now)
            if let rampUpInitialLimit { rampUp.initialDailyLimit = rampUpInitialLimit }
            if let rampUpPercent { rampUp.percentPerDay = rampUpPercent }
            mailbox.limits.rampUp = rampUp
        }
        if let bcc { mailbox.bcc = (try? Self.addresses(bcc)) ?? mailbox.bcc }
        if let signatureHTML { mailbox.signatureHTML = signatureHTML }
        if let clientID { mailbox.clientID = clientID }
        mailbox.updatedAt = now
    }
}
