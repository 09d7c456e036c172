import Foundation

/// What happens when a message arrives in a user's mailbox: it is matched to the sequence email
/// it answers (or to a prospect who wrote first), classified, kept in the unified inbox, and
/// acted on. The one place that decides what a reply, an out-of-office or a bounce does.
public struct ReplyService: Sendable {
    let inbox: any InboxStore
    let enrolments: any EnrolmentStore
    let enrolmentService: EnrolmentService
    let sequences: any SequenceStore
    let prospects: any ProspectStore
    let events: any EventStore
    let classifier: ReplyClassifier
    let clock: any WallClock

    public init(
        inbox: any InboxStore, enrolments: any EnrolmentStore, enrolmentService: EnrolmentService, sequences: any SequenceStore,
        prospects: any ProspectStore, events: any EventStore, classifier: ReplyClassifier = ReplyClassifier(), clock: any WallClock
    ) {
        self.inbox = inbox
        self.enrolments = enrolments
        self.enrolmentService = enrolmentService
        self.sequences = sequences
        self.prospects = prospects
        self.events = events
        self.classifier = classifier
        self.clock = clock
    }

    public enum Outcome: Sendable, Equatable {
        /// Read before (same Message-ID in this mailbox).
        case duplicate
        /// Not about any prospect: left alone, not stored.
        case ignored
        case stored(InboxMessageID, MailClassification)
    }

    /// Where a received message was read: kept with it so a person can find it in the mailbox.
    public struct Origin: Sendable, Equatable {
        public let folder: String
        public let uid: Int64
        /// Used as the Message-ID when the message has none, so reading it again is recognised.
        public let fallbackMessageID: String

        public init(folder: String, uid: Int64, fallbackMessageID: String) {
            self.folder = folder
            self.uid = uid
            self.fallbackMessageID = fallbackMessageID
        }
    }

    /// How many of the newest emails to a sender are compared by subject when a reply names
    /// no Message-ID Reach sent.
    static let subjectMatchWindow = 20
    /// How far back a message's own date is believed.
    static let oldestDate: TimeInterval = 366 * 86_400
    /// An out-of-office pauses the prospect at most this long, whatever date it gives.
    static let longestAbsence: TimeInterval = 90 * 86_400

    public func receive(_ mail: InboundMail, in mailbox: EmailAccount, from origin: Origin) async throws -> Outcome {
        let messageID = mail.messageID ?? origin.fallbackMessageID
        if try await inbox.hasMessage(messageID, in: mailbox.id) { return .duplicate }
        let now = clock.now
        var mail = mail
        // The sender writes the Date header: kept within the last year and never in the future,
        // so no message can pin a thread to the top or be stored as an impossible time.
        mail.date = min(max(mail.date ?? now, now.addingTimeInterval(-Self.oldestDate)), now)
        let classification = classifier.classify(mail)
        // The mailbox's own copies (a BCC to itself, a sent folder) are not answers.
        if classification.kind != .bounce, mail.from == mailbox.sender.email.normalized { return .ignored }
        guard let match = try await match(mail, classification, in: mailbox) else { return .ignored }
        let thread = try await inbox.thread(
            mailbox: mailbox.id, prospect: match.prospect, sequence: match.sent?.sequenceID, account: mailbox.accountID,
            subject: match.sent?.subject ?? mail.subject, at: now)
        let new = NewInboxMessage(
            accountID: mailbox.accountID, threadID: thread.id, emailAccountID: mailbox.id, direction: .received, mail: mail, messageID: messageID,
            classification: classification, outboundID: match.sent?.id, folder: origin.folder, uid: origin.uid)
        guard let id = try await inbox.add(new, at: now) else { return .duplicate }
        do {
            try await act(on: classification, of: id, in: thread, match: match, account: mailbox.accountID)
        } catch {
            // Forgotten, so the next reading takes it again and acts then: a stored message is
            // one whose consequences happened.
            try? await inbox.removeMessage(id)
            throw error
        }
        return .stored(id, classification)
    }

    /// Whom a message is about: the sequence email it answers, or else a prospect writing first.
    struct Match {
        let prospect: ProspectID
        let sent: SentMessage?
    }

    func match(_ mail: InboundMail, _ classification: MailClassification, in mailbox: EmailAccount) async throws -> Match? {
        if classification.kind == .bounce {
            let ids = (mail.deliveryReport?.originalMessageID.map { [$0] } ?? []) + mail.answeredMessageIDs
            if let sent = try await inbox.sentMessage(withAnyOf: ids, in: mailbox.accountID) { return Match(prospect: sent.prospectID, sent: sent) }
            guard let address = classification.bouncedAddress.flatMap(EmailAddress.init),
                  let sent = try await inbox.sentMessages(to: address, from: mailbox.id, in: mailbox.accountID, limit: 1).first
            else { return nil }
            return Match(prospect: sent.prospectID, sent: sent)
        }
        if let sent = try await inbox.sentMessage(withAnyOf: mail.answeredMessageIDs, in: mailbox.accountID) {
            return Match(prospect: sent.prospectID, sent: sent)
        }
        guard let sender = mail.from, let address = EmailAddress(sender) else { return nil }
        // A reply whose threading headers were lost or broken: the same sender and conversation.
        let key = SubjectLine.conversationKey(mail.subject)
        let recent = try await inbox.sentMessages(to: address, from: mailbox.id, in: mailbox.accountID, limit: Self.subjectMatchWindow)
        if !key.isEmpty, let sent = recent.first(where: { SubjectLine.conversationKey($0.subject) == key }) {
            return Match(prospect: sent.prospectID, sent: sent)
        }
        // A prospect writing anew to the mailbox that writes to them answers its latest email.
        if let sent = recent.first { return Match(prospect: sent.prospectID, sent: sent) }
        guard let prospect = try await prospects.prospects(emails: [address], in: mailbox.accountID).first else { return nil }
        return Match(prospect: prospect.id, sent: nil)
    }

    func act(on classification: MailClassification, of message: InboxMessageID, in thread: InboxThread, match: Match, account: AccountID) async throws {
        let now = clock.now
        func event(_ kind: SendingEvent.Kind, sequence: SequenceID?) -> SendingEvent {
            SendingEvent(
                kind: kind, accountID: account, sequenceID: sequence, stepID: match.sent?.stepID, prospectID: match.prospect,
                emailAccountID: thread.emailAccountID, outboundID: match.sent?.id, inboxMessageID: message, detail: classification.rule, occurredAt: now)
        }
        switch classification.kind {
        case .unsubscribeRequest:
            // Whatever the sequences' settings: nothing more goes to someone who asked to be
            // removed, and a person decides about Do Not Contact.
            try await inbox.flagForReview(thread.id, reason: "Asked to be removed (\(classification.rule))")
            try await events.record(event(.replyReceived, sequence: match.sent?.sequenceID))
            let open = try await enrolments.memberships(of: match.prospect).filter { $0.enrolment.status.isOpen }
            _ = try await enrolmentService.apply(.replied, pausedUntil: nil, to: open.map { (match.prospect, $0.enrolment.sequenceID) }, in: account)
        case .reply:
            try await events.record(event(.replyReceived, sequence: match.sent?.sequenceID))
            guard let sent = match.sent else { return }
            try await stopOnReply(match.prospect, in: sent, account: account)
        case .autoReply:
            // Back on a known date: no follow-up lands while they are away; the engine resumes then.
            guard let sent = match.sent, let back = classification.returnDate, back > now else { return }
            let until = min(back, now.addingTimeInterval(Self.longestAbsence))
            let current = try await enrolments.memberships(of: match.prospect).filter { $0.enrolment.sequenceID == sent.sequenceID && $0.enrolment.status == .active }
            _ = try await enrolmentService.apply(.paused, pausedUntil: until, to: current.map { (match.prospect, $0.enrolment.sequenceID) }, in: account)
            _ = try await inbox.updateThread(thread.id, in: account, isRead: nil, isArchived: nil, category: "out_of_office")
        case .bounce:
            // A copy to someone else (settings 7 and 8) may bounce too: only the prospect's own
            // address failing stops the prospect.
            let isProspects = classification.bouncedAddress.map { $0.caseInsensitiveCompare(match.sent?.recipient ?? $0) == .orderedSame } ?? true
            guard classification.bounceSeverity == .hard, isProspects else { return }
            // The address takes no mail: nothing more goes to it from any sequence.
            let open = try await enrolments.memberships(of: match.prospect).filter { $0.enrolment.status.isOpen }
            _ = try await enrolmentService.apply(.bounced, pausedUntil: nil, to: open.map { (match.prospect, $0.enrolment.sequenceID) }, in: account)
            try await events.record(event(.bounced, sequence: match.sent?.sequenceID))
        }
    }

    /// The sequence's reply settings decide who stops: the prospect in this sequence (3), in
    /// their other sequences (14), and their colleagues at the same domain here (15).
    func stopOnReply(_ prospect: ProspectID, in sent: SentMessage, account: AccountID) async throws {
        guard let sequence = try await sequences.sequence(sent.sequenceID, in: account) else { return }
        let settings = sequence.settings
        var pairs: [(ProspectID, SequenceID)] = []
        let memberships = try await enrolments.memberships(of: prospect)
        for membership in memberships where membership.enrolment.status.isOpen || membership.enrolment.status == .finished {
            let other = membership.enrolment.sequenceID
            if other == sent.sequenceID ? settings.isOn(.markFinishedOnReply) : settings.isOn(.stopOtherSequencesOnReply) {
                pairs.append((prospect, other))
            }
        }
        if settings.isOn(.stopColleaguesOnReply), let address = EmailAddress(sent.recipient), !FreeMailDomains.contains(address.domain) {
            let colleagues = try await inbox.colleagues(of: prospect, at: address.domain.lowercased(), in: sent.sequenceID)
            pairs += colleagues.map { ($0, sent.sequenceID) }
        }
        guard !pairs.isEmpty else { return }
        _ = try await enrolmentService.apply(.replied, pausedUntil: nil, to: pairs, in: account)
    }
}

extension EnrolmentStatus {
    /// Still going: the engine may write to them.
    var isOpen: Bool { self == .active || self == .paused }
}
