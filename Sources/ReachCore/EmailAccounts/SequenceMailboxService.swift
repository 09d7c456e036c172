import Foundation

/// The mailboxes a sequence sends from, and its test emails: the rules of Saleshandy §5.12–5.15.
public struct SequenceMailboxService: Sendable {
    let mailboxes: any EmailAccountStore
    let sequences: any SequenceStore
    let prospects: any ProspectStore
    let fields: any FieldStore
    let transport: any MailTransport
    let secrets: SecretBox
    let clock: any WallClock

    public static let maximumAttachedAtOnce = 50

    public init(
        mailboxes: any EmailAccountStore, sequences: any SequenceStore, prospects: any ProspectStore, fields: any FieldStore,
        transport: any MailTransport, secrets: SecretBox, clock: any WallClock
    ) {
        self.mailboxes = mailboxes
        self.sequences = sequences
        self.prospects = prospects
        self.fields = fields
        self.transport = transport
        self.secrets = secrets
        self.clock = clock
    }

    static let sequenceNotFound = ReachError.invalidInput("Sequence is not found", field: "sequenceId", code: 40100)
    static let mailboxNotFound = ReachError.invalidInput("Email account is not found", field: "emailAccountIds", code: 40200)

    public func links(of sequenceID: SequenceID, in account: AccountID) async throws -> (EmailSequence, [SequenceMailboxLink]) {
        guard let sequence = try await sequences.sequence(sequenceID, in: account) else { throw Self.sequenceNotFound }
        return (sequence, try await mailboxes.links(of: sequenceID))
    }

    /// Attaches mailboxes, all or nothing: each must exist (40200), be active (40201) and not be
    /// attached already (40105); at most 50 per call (413, 40003).
    public func attach(_ ids: [EmailAccountID], undecodable: Int, to sequenceID: SequenceID, in account: AccountID) async throws {
        guard try await sequences.sequence(sequenceID, in: account) != nil else { throw Self.sequenceNotFound }
        guard ids.count + undecodable <= Self.maximumAttachedAtOnce else {
            throw ReachError(
                .payloadTooLarge, code: 40003,
                message: "The maximum email account limit has been exceeded. You can add up to \(Self.maximumAttachedAtOnce) email accounts at a time")
        }
        guard undecodable == 0, !ids.isEmpty else { throw Self.mailboxNotFound }
        let unique = Array(Set(ids)).sorted()
        let found = try await mailboxes.emailAccounts(unique, in: account)
        guard found.count == unique.count else { throw Self.mailboxNotFound }
        if let inactive = found.first(where: { !$0.canSend }) {
            throw ReachError.invalidInput("Email account \(inactive.sender.email.address) is inactive", field: "emailAccountIds", code: 40201)
        }
        let attached = Set(try await mailboxes.links(of: sequenceID).map(\.emailAccount.id))
        if let already = found.first(where: { attached.contains($0.id) }) {
            throw ReachError.invalidInput(
                "Email account \(already.sender.email.address) is already attached to this sequence", field: "emailAccountIds", code: 40105)
        }
        try await mailboxes.attach(unique, to: sequenceID, at: clock.now)
    }

    public func detach(_ ids: [EmailAccountID], undecodable: Int, from sequenceID: SequenceID, in account: AccountID) async throws {
        guard try await sequences.sequence(sequenceID, in: account) != nil else { throw Self.sequenceNotFound }
        guard undecodable == 0, !ids.isEmpty else { throw Self.mailboxNotFound }
        let attached = Set(try await mailboxes.links(of: sequenceID).map(\.emailAccount.id))
        guard Set(ids).isSubset(of: attached) else { throw Self.mailboxNotFound }
        try await mailboxes.detach(Array(Set(ids)), from: sequenceID)
    }

    /// Sends the given subject and content, rendered by the one renderer, from one of the
    /// sequence's mailboxes. Merge tags take the first recipient's values when they are a
    /// prospect of the account, otherwise their fallbacks.
    public func sendTestEmail(
        for sequenceID: SequenceID, from mailboxID: EmailAccountID?, to recipients: [String], subject: String, content: String, preheader: String?,
        in account: AccountID
    ) async throws {
        guard let sequence = try await sequences.sequence(sequenceID, in: account) else { throw Self.sequenceNotFound }
        let links = try await mailboxes.links(of: sequenceID)
        guard let mailboxID, let mailbox = links.first(where: { $0.emailAccount.id == mailboxID })?.emailAccount else {
            throw ReachError.invalidInput("Please connect email account with this sequence", field: "fromEmailAccountId", code: 1001)
        }
        guard mailbox.canSend else {
            throw ReachError.invalidInput(
                "Email account \(mailbox.sender.email.address) is inactive: reconnect or resume it first", field: "fromEmailAccountId", code: 40201)
        }
        guard !recipients.isEmpty, recipients.count <= 10 else { throw ReachError.invalidInput("to must list 1 to 10 addresses", field: "to") }
        var addresses: [EmailAddress] = []
        for recipient in recipients {
            guard let address = EmailAddress(recipient) else { throw ReachError.invalidInput("to: \(recipient) is not an email", field: "to") }
            addresses.append(address)
        }
        let catalog = FieldCatalog(try await fields.fields(in: account))
        let tags = MergeTagCatalog(fields: catalog)
        func parse(_ text: String, _ field: String) throws -> MessageTemplate {
            do {
                return try MessageTemplate.parse(text, tags: tags)
            } catch {
                throw ReachError.invalidInput("\(field): \(error.message)", field: field)
            }
        }
        guard !subject.trimmingWhitespace().isEmpty else { throw ReachError.invalidInput("subject should not be empty", field: "subject") }
        guard !content.trimmingWhitespace().isEmpty else { throw ReachError.invalidInput("content should not be empty", field: "content") }
        let prospect = try await prospects.prospects(emails: [addresses[0]], in: account).first
            ?? Prospect(
                id: ProspectID(0), accountID: account, email: addresses[0].address, values: [:], ownerID: nil, verificationStatus: .unverified,
                unsubscribedAt: nil, createdAt: clock.now, updatedAt: clock.now)
        // The unsubscribe link of a test email leads nowhere: clicking it must not unsubscribe
        // a real prospect who happens to be the tester.
        let renderer = TemplateRenderer(
            context: .init(
                prospect: prospect, fields: catalog,
                sender: .init(mailbox),
                unsubscribeURL: "#", unsubscribeHTML: sequence.settings[.unsubscribeLinkHTML], stepID: 0))
        let rendered = renderer.renderEmail(
            subject: try parse(subject, "subject"), content: try parse(content, "content"), preheader: try preheader.map { try parse($0, "preheader") })
        let smtp = MailServerSettings(address: mailbox.smtp, password: try secrets.open(mailbox.sealedSMTPPassword))
        do {
            try await transport.send(
                OutgoingEmail(from: mailbox.sender.email.address, fromName: mailbox.sender.fromName, to: addresses.map(\.address), content: rendered),
                through: smtp)
        } catch let failure as MailSendFailure {
            throw ReachError.invalidInput("The test email was not sent: \(failure.reason)", code: 4000)
        }
    }
}
