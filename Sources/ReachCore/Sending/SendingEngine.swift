import Foundation
import Logging

/// Sends sequences: each pass finds the enrolments whose next email is due, inside their
/// schedule's hours, and sends each from a mailbox that may send now (active, under its daily
/// limit, past its random interval), rendering with the one renderer and threading follow-ups.
/// Every claim is made in the database first, so a crash or a second engine never causes a
/// second copy of a step.
public struct SendingEngine: Sendable {
    let store: any SendingStore
    let sequences: any SequenceStore
    let schedules: any ScheduleStore
    let mailboxes: any EmailAccountStore
    let prospects: any ProspectStore
    let fields: any FieldStore
    let doNotContact: any DoNotContactStore
    let tasks: any TaskStore
    let subsequences: SubsequenceRouter
    let transport: any MailTransport
    let secrets: SecretBox
    let links: EmailLinks
    let clock: any WallClock
    let randomSeconds: @Sendable (ClosedRange<Int>) -> Int
    let outcomes: OutcomeRecorder
    /// Due enrolments read at a time.
    let batchSize: Int

    /// Due emails readied together: their prospects (and Do Not Contact matches) are read in one
    /// query each and their sends claimed in one go. One at a time, each read and each claim
    /// waited for the database behind the deliveries' writes; more at once would be older when
    /// used, and a claimed email waits for a free delivery.
    static let chunkSize = 16
    /// Due emails read per free mailbox of a sequence: each mailbox sends about once a pass, and
    /// a few more cover those passed over (a Do Not Contact entry, a verification under way).
    static let readsPerMailbox = 4
    /// Messages of one pass sent at the same time (each from a different mailbox).
    static let concurrentSends = 16
    /// The priority distribution holds over the sends of this long (a day of quota).
    static let distributionWindow: TimeInterval = 86_400
    /// A message still `sending` this long after it was claimed belongs to a process that died.
    static let sendingLease: TimeInterval = 600
    /// When a prospect on a Do Not Contact list is looked at again.
    static let blockedRecheck: TimeInterval = 86_400
    /// How soon a prospect whose address is being verified is looked at again.
    static let verificationRecheck: TimeInterval = 900
    /// How long a mailbox rests after its server failed.
    static let failureBackoff: TimeInterval = 300
    /// Ten failures of the mailbox's server in a row, five minutes apart: under an hour of a
    /// server that does not work before the mailbox stops trying and its user is told.
    static let failuresBeforePause = 10

    public init(
        store: any SendingStore, sequences: any SequenceStore, schedules: any ScheduleStore, mailboxes: any EmailAccountStore,
        prospects: any ProspectStore, fields: any FieldStore, doNotContact: any DoNotContactStore, tasks: any TaskStore,
        subsequences: SubsequenceRouter, transport: any MailTransport,
        secrets: SecretBox, links: EmailLinks,
        clock: any WallClock, batchSize: Int = 500, randomSeconds: @escaping @Sendable (ClosedRange<Int>) -> Int = { Int.random(in: $0) }
    ) {
        self.store = store
        self.sequences = sequences
        self.schedules = schedules
        self.mailboxes = mailboxes
        self.prospects = prospects
        self.fields = fields
        self.doNotContact = doNotContact
        self.tasks = tasks
        self.subsequences = subsequences
        self.transport = transport
        self.secrets = secrets
        self.links = links
        self.clock = clock
        self.randomSeconds = randomSeconds
        self.batchSize = batchSize
        outcomes = OutcomeRecorder(store: store)
    }

    /// The same engine reading `batchSize` due enrolments at a time.
    public func reading(batchSize: Int) -> SendingEngine {
        SendingEngine(
            store: store, sequences: sequences, schedules: schedules, mailboxes: mailboxes, prospects: prospects, fields: fields,
            doNotContact: doNotContact, tasks: tasks, subsequences: subsequences, transport: transport, secrets: secrets, links: links,
            clock: clock, batchSize: batchSize, randomSeconds: randomSeconds)
    }

    /// What one pass did.
    public struct PassReport: Sendable, Equatable {
        public var sent = 0
        public var bounced = 0
        public var failed = 0
        public var unknown = 0
        /// Tasks made by manual steps that came due.
        public var tasksCreated = 0
        /// Due emails read but not sent now (no mailbox free, on a DNC list, being verified). A
        /// sequence outside its hours, or whose mailboxes all wait, is not read at all.
        public var waiting = 0

        public var didWork: Bool { sent + bounced + failed + unknown + tasksCreated > 0 }

        static func += (report: inout PassReport, other: PassReport) {
            report.sent += other.sent
            report.bounced += other.bounced
            report.failed += other.failed
            report.unknown += other.unknown
            report.tasksCreated += other.tasksCreated
            report.waiting += other.waiting
        }
    }

    /// One pass over what is due now.
    public func runPass(logger: Logger) async throws -> PassReport {
        let started = ContinuousClock.now
        let now = clock.now
        let expired = try await store.expireSending(before: now.addingTimeInterval(-Self.sendingLease))
        if expired > 0 { logger.warning("\(expired) messages were being sent by a process that stopped: their outcome is unknown") }
        var report = PassReport()
        var pass = Pass(now: now)
        let running = try await sequences.runningSequences()
        for sequence in running { pass.sequences[sequence.id] = sequence }
        report.tasksCreated = try await createDueTasks(pass: &pass, logger: logger)
        let free = try await readSendSlots(of: running, at: now, pass: &pass)
        try await loadMailboxes(of: running.filter { free.contains($0.id) }, pass: &pass)
        let due = try await dueEmails(of: running, withFreeMailboxes: free, pass: &pass)
        // Messages are readied a chunk at a time, one after another (that decides mailboxes and
        // quotas), their sends claimed together, and sent side by side, each from its own
        // mailbox. A failure to read or claim ends the pass, after what is being sent (and what
        // was claimed before the failure) has been sent. So does a shutdown (cancellation):
        // nothing more is readied, and the emails already claimed are sent and finished, not
        // cut off with their outcome unknown.
        var failure: (any Error)?
        await withTaskGroup(of: PassReport.self) { deliveries in
            var running = 0
            do {
                for start in stride(from: 0, to: due.count, by: Self.chunkSize) {
                    if Task.isCancelled { break }
                    let chunk = due[start..<min(start + Self.chunkSize, due.count)]
                    let contacts = try await readContacts(of: chunk)
                    var readied: [ReadiedEmail] = []
                    for enrolment in chunk {
                        do {
                            if let email = try await ready(enrolment, contact: contacts[enrolment.prospectID], pass: &pass, report: &report, logger: logger) {
                                readied.append(email)
                            }
                        } catch let error as ReachError {
                            logger.error("could not send step \(enrolment.stepID) to prospect \(enrolment.prospectID): \(error)")
                            report.waiting += 1
                        }
                    }
                    let claims = await store.claimSends(readied.map(\.claim))
                    for (email, claim) in zip(readied, claims.answers) {
                        guard let outbound = settle(email, claim, pass: &pass, report: &report) else { continue }
                        if running == Self.concurrentSends, let done = await deliveries.next() {
                            report += done
                            running -= 1
                        }
                        let delivery = delivery(of: email, as: outbound)
                        deliveries.addTask {
                            do {
                                // A task of its own, which a shutdown's cancellation does not reach.
                                return try await Task { try await delivery(logger) }.value
                            } catch {
                                logger.error("could not finish sending step \(email.step.id) to prospect \(email.prospect.id): \(error)")
                                var waiting = PassReport()
                                waiting.waiting = 1
                                return waiting
                            }
                        }
                        running += 1
                    }
                    if let error = claims.failure { throw error }
                }
            } catch {
                failure = error
            }
            for await done in deliveries { report += done }
        }
        if let failure { throw failure }
        let took = (ContinuousClock.now - started).components
        logger.debug(
            "sending pass took \(took.seconds * 1000 + took.attoseconds / 1_000_000_000_000_000) ms: \(report.sent) sent, \(report.waiting) waiting")
        return report
    }

    /// The due emails of the sequences that can send now, in sending order. Only what can go now is
    /// read: a sequence outside its hours, or whose mailboxes all wait out their interval or
    /// quota, costs the same however many of its prospects are due.
    func dueEmails(of running: [EmailSequence], withFreeMailboxes free: Set<SequenceID>, pass: inout Pass) async throws -> [DueEnrolment] {
        let now = pass.now
        var followUps: [DueEnrolment] = []
        var newProspects: [DueEnrolment] = []
        for sequence in running where free.contains(sequence.id) {
            if pass.schedules[sequence.scheduleID] == nil {
                pass.schedules[sequence.scheduleID] = try await schedules.schedule(sequence.scheduleID, in: sequence.accountID)
            }
            guard let schedule = pass.schedules[sequence.scheduleID] ?? nil, schedule.isOpen(at: now) else { continue }
            let usable = try await usableMailboxes(of: sequence, at: now, pass: &pass)
            guard !usable.isEmpty else { continue }
            let limit = min(batchSize, usable.count * Self.readsPerMailbox)
            let waiting = Set(pass.links[sequence.id, default: []].filter(\.canSend).map(\.id)).subtracting(usable.map(\.id))
            followUps += try await store.dueEnrolments(in: sequence.id, now: now, limit: limit, newProspects: false, excludingMailboxes: waiting)
            newProspects += try await store.dueEnrolments(in: sequence.id, now: now, limit: limit, newProspects: true, excludingMailboxes: [])
        }
        let known = pass.sequences
        let recent = try await store.recentSends(
            of: Array(Set((followUps + newProspects).map(\.sequenceID))), since: now.addingTimeInterval(-Self.distributionWindow))
        return PriorityDistribution.sendingOrder(followUps: followUps, newProspects: newProspects, alreadySent: { recent[$0] ?? SendMix() }) {
            (known[$0] ?? nil)?.priorityDistribution ?? .default
        }
    }

    /// What one pass learns once and reuses: sequences, schedules, steps, mailboxes and their
    /// remaining quota, and when the mailboxes that used their send slot may send again.
    struct Pass {
        let now: Date
        var sequences: [SequenceID: EmailSequence?] = [:]
        var schedules: [ScheduleID: Schedule?] = [:]
        var steps: [SequenceID: [SequenceStep]] = [:]
        var links: [SequenceID: [EmailAccount]] = [:]
        var remaining: [EmailAccountID: Int] = [:]
        /// Until when each mailbox that sent in this pass waits. A pass lasts, so a mailbox whose
        /// interval has passed (a short one, or a fast sandbox clock) sends again in the same pass.
        var busyUntil: [EmailAccountID: Date] = [:]
        /// Sequences that cannot send now: paused, outside their hours, or without a free mailbox.
        var blockedSequences: Set<SequenceID> = []
        var catalogs: [AccountID: (fields: FieldCatalog, tags: MergeTagCatalog)] = [:]
        /// Each email variant's templates, parsed once (nil: one no longer parses).
        var templates: [VariantID: EmailTemplates?] = [:]

        func isBusy(_ mailbox: EmailAccountID, at date: Date) -> Bool {
            busyUntil[mailbox].map { $0 > date } ?? false
        }
    }

    /// Makes the task of each manual step that came due; the prospect waits at the step until a
    /// person completes or skips it. Tasks are made whatever the schedule's hours: a person
    /// plans their day with them.
    func createDueTasks(pass: inout Pass, logger: Logger) async throws -> Int {
        var created = 0
        for due in try await store.dueTaskSteps(now: pass.now, limit: batchSize) {
            if pass.sequences[due.sequenceID] == nil { pass.sequences[due.sequenceID] = try await sequences.sequence(due.sequenceID, in: due.accountID) }
            guard let sequence = pass.sequences[due.sequenceID] ?? nil else { continue }
            if pass.steps[sequence.id] == nil { pass.steps[sequence.id] = try await sequences.steps(of: sequence.id) }
            guard let step = pass.steps[sequence.id]?.first(where: { $0.id == due.stepID }) else { continue }
            let task = NewTask(
                accountID: due.accountID, prospectID: due.prospectID, sequenceID: sequence.id, stepID: step.id, type: step.channel,
                priority: step.priority, assigneeID: step.assigneeID ?? sequence.ownerID, dueAt: due.dueAt,
                note: try await taskNote(of: step, for: due, in: sequence, pass: &pass))
            guard let id = try await tasks.createStepTask(task, at: pass.now) else { continue }
            try await store.record(
                SendingEvent(
                    kind: .taskCreated, accountID: due.accountID, sequenceID: sequence.id, stepID: step.id, prospectID: due.prospectID,
                    emailAccountID: nil, outboundID: nil, taskID: id, detail: step.channel.name, occurredAt: pass.now))
            created += 1
        }
        if created > 0 { logger.info("made \(created) tasks of manual steps") }
        return created
    }

    /// The step's task note with the prospect's merge tags filled in ("Ask about {{Company}}").
    func taskNote(of step: SequenceStep, for due: DueEnrolment, in sequence: EmailSequence, pass: inout Pass) async throws -> String? {
        guard let note = step.variant(for: due.prospectID)?.taskNote, !note.isEmpty else { return nil }
        guard let prospect = try await prospects.prospect(due.prospectID, in: due.accountID) else { return note }
        let (catalog, tags) = try await catalogs(of: due.accountID, pass: &pass)
        guard let template = try? MessageTemplate.parse(note, tags: tags) else { return note }
        let renderer = TemplateRenderer(
            context: .init(
                prospect: prospect, fields: catalog, sender: .init(firstName: "", lastName: "", email: "", signature: ""),
                unsubscribeURL: links.unsubscribeURL(prospect: prospect.id, sequence: sequence.id),
                unsubscribeHTML: sequence.settings[.unsubscribeLinkHTML], stepID: step.id.rawValue))
        return renderer.render(template, as: .plain)
    }

    /// Readies the enrolment's email: decides the mailbox, renders the subject, and what to claim
    /// in the database. Nil when it cannot go now (`report` says why it waits). Runs one
    /// enrolment at a time, since the pass's state (caches, busy mailboxes, quotas) is decided
    /// here; the mailbox counts as taken until `settle` learns otherwise.
    func ready(_ due: DueEnrolment, contact: Contact?, pass: inout Pass, report: inout PassReport, logger: Logger) async throws -> ReadiedEmail? {
        // The time of this email, not of the pass's start: slots and events are as exact as the
        // clock, however long the pass runs.
        let now = clock.now
        if pass.sequences[due.sequenceID] == nil { pass.sequences[due.sequenceID] = try await sequences.sequence(due.sequenceID, in: due.accountID) }
        guard let sequence = pass.sequences[due.sequenceID] ?? nil, sequence.isActive else {
            pass.blockedSequences.insert(due.sequenceID)
            return nil
        }
        if pass.schedules[sequence.scheduleID] == nil { pass.schedules[sequence.scheduleID] = try await schedules.schedule(sequence.scheduleID, in: due.accountID) }
        guard let schedule = pass.schedules[sequence.scheduleID] ?? nil, schedule.isOpen(at: now) else {
            pass.blockedSequences.insert(sequence.id)
            report.waiting += 1
            return nil
        }
        // No mailbox can take it in this pass: the prospect's own is in its interval, or (for a
        // first email) none of the sequence's was free. Known without reading the prospect.
        try await loadMailboxes(of: [sequence], pass: &pass)
        if due.thread.mailbox.map({ pass.isBusy($0, at: now) }) ?? pass.blockedSequences.contains(sequence.id) {
            report.waiting += 1
            return nil
        }
        if pass.steps[sequence.id] == nil { pass.steps[sequence.id] = try await sequences.steps(of: sequence.id) }
        let steps = pass.steps[sequence.id] ?? []
        guard let index = steps.firstIndex(where: { $0.id == due.stepID }), steps[index].channel == .email,
              let variant = steps[index].variant(for: due.prospectID)
        else { return nil }
        let step = steps[index]
        guard let contact, let prospect = contact.prospect else { return nil }
        if prospect.unsubscribedAt != nil {
            try await store.setEnrolmentStatus(sequence: sequence.id, prospect: prospect.id, to: .unsubscribed, at: now)
            return nil
        }
        guard EmailAddress(prospect.email) != nil else { return nil }
        let hold = VerificationHold(prospect, sequenceSendsToRisky: sequence.settings.isOn(.sendToRiskyProspects))
        if hold == .pending {
            try await store.postpone(due, until: now.addingTimeInterval(Self.verificationRecheck), at: now)
            report.waiting += 1
            return nil
        }
        guard !contact.doNotContact, hold == nil else {
            // Looked at again tomorrow (the entry may be removed, the address verified again, the
            // sequence may allow risky addresses), so that a long Do Not Contact list or many bad
            // addresses never fill every read of due enrolments and hold back those who may be written to.
            try await store.postpone(due, until: now.addingTimeInterval(Self.blockedRecheck), at: now)
            report.waiting += 1
            return nil
        }
        guard let mailbox = try await chooseMailbox(for: due, sequence: sequence, at: now, pass: &pass) else {
            // Without a thread of its own, no mailbox of the sequence can send now.
            if due.thread.mailbox == nil { pass.blockedSequences.insert(sequence.id) }
            report.waiting += 1
            return nil
        }
        // Render with the one renderer, as the preview and the test email do.
        let (catalog, tags) = try await catalogs(of: due.accountID, pass: &pass)
        if pass.templates[variant.id] == nil { pass.templates[variant.id] = EmailTemplates(variant, tags: tags) }
        guard let templates = pass.templates[variant.id] ?? nil else {
            logger.error("step \(step.id) variant \(variant.letter) no longer renders (a merge tag's field was deleted?)")
            report.waiting += 1
            return nil
        }
        let unsubscribeURL = links.unsubscribeURL(prospect: prospect.id, sequence: sequence.id)
        let renderer = TemplateRenderer(
            context: .init(
                prospect: prospect, fields: catalog,
                sender: .init(mailbox),
                unsubscribeURL: unsubscribeURL, unsubscribeHTML: sequence.settings[.unsubscribeLinkHTML], stepID: step.id.rawValue))
        // Only the subject is rendered here: it decides the thread and is claimed with the send.
        // The body is rendered by the delivery, beside the other deliveries of the pass.
        var subject = renderer.renderSubject(templates.subject)

        // A follow-up with the thread's subject continues the thread; another subject starts a new one.
        var thread = due.thread.mailbox == mailbox.id ? due.thread : .new
        var inReplyTo: String?
        var references: [String] = []
        if let threadSubject = thread.subject, let last = thread.messageIDs.last, subject == threadSubject {
            inReplyTo = last
            references = thread.messageIDs
            subject = "Re: " + threadSubject
        } else {
            thread = ThreadState(mailbox: mailbox.id, subject: subject, messageIDs: [])
        }
        let messageID = "reach.\(UUID().uuidString.lowercased())@\(mailbox.sender.email.domain)"
        let interval = mailbox.limits.intervalMinimum...max(mailbox.limits.intervalMinimum, mailbox.limits.intervalMaximum)
        let dayStart = Calendar.utc.startOfDay(for: now)
        let nextSendAt = now.addingTimeInterval(Double(randomSeconds(interval)))
        let claim = SendClaimRequest(
            message: NewOutboundMessage(
                accountID: due.accountID, sequenceID: sequence.id, stepID: step.id, variantID: variant.id, prospectID: prospect.id,
                emailAccountID: mailbox.id, messageID: messageID, recipient: prospect.email, subject: subject,
                isFollowUp: !due.thread.messageIDs.isEmpty),
            now: now, nextSendAt: nextSendAt, dailyLimit: mailbox.limits.dailyLimit(on: dayStart), dayStart: dayStart)
        pass.busyUntil[mailbox.id] = nextSendAt
        pass.remaining[mailbox.id, default: 0] -= 1
        return ReadiedEmail(
            due: due, sequence: sequence, step: step, steps: steps, schedule: schedule, prospect: prospect, mailbox: mailbox, templates: templates,
            renderer: renderer, subject: subject, inReplyTo: inReplyTo, references: references, thread: thread, unsubscribeURL: unsubscribeURL,
            now: now, claim: claim)
    }

    /// An email readied to go: what its claim asks of the database and what its delivery needs.
    struct ReadiedEmail: Sendable {
        let due: DueEnrolment
        let sequence: EmailSequence
        let step: SequenceStep
        let steps: [SequenceStep]
        let schedule: Schedule
        let prospect: Prospect
        let mailbox: EmailAccount
        let templates: EmailTemplates
        let renderer: TemplateRenderer
        let subject: String
        let inReplyTo: String?
        let references: [String]
        /// The thread as it is before this email.
        let thread: ThreadState
        let unsubscribeURL: String
        let now: Date
        let claim: SendClaimRequest

        var messageID: String { claim.message.messageID }
    }

    /// Applies the database's answer to a readied email's claim: the message to deliver, or nil
    /// when it cannot go (`report` says why it waits), with the mailbox's state corrected.
    func settle(_ email: ReadiedEmail, _ claim: SendClaim, pass: inout Pass, report: inout PassReport) -> OutboundMessageID? {
        let mailbox = email.mailbox.id
        switch claim {
        case .claimed(let id):
            return id
        case .mailboxBusy:
            // Another engine sent from it, or its server asked it to rest: not again in this pass.
            pass.busyUntil[mailbox] = .distantFuture
            pass.remaining[mailbox, default: 0] += 1
            report.waiting += 1
        case .limitReached:
            pass.remaining[mailbox] = 0
            report.waiting += 1
        case .alreadySent:
            // Another engine sent this step. The quota counted taken is given back; the mailbox
            // rests until the slot it would have had, in this pass only.
            pass.remaining[mailbox, default: 0] += 1
        }
        return nil
    }

    /// A due email's prospect as read with its chunk: nil when deleted meanwhile; whether their address
    /// or its domain is on a Do Not Contact list or the blocklist.
    struct Contact {
        let prospect: Prospect?
        let doNotContact: Bool
    }

    /// Reads the prospects of `due` and their Do Not Contact matches, one query each per account.
    func readContacts(of due: some Collection<DueEnrolment>) async throws -> [ProspectID: Contact] {
        var contacts: [ProspectID: Contact] = [:]
        for (account, enrolments) in Dictionary(grouping: due, by: \.accountID) {
            let ids = enrolments.map(\.prospectID)
            let found = Dictionary(try await prospects.prospects(ids, in: account).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let candidates = found.compactMapValues { EmailAddress($0.email).map(DoNotContactEntry.candidates) }
            let listed = try await doNotContact.reasons(for: Array(Set(candidates.values.joined())), in: account)
            for id in ids {
                let covered = candidates[id]?.contains { listed[$0] != nil } ?? false
                contacts[id] = Contact(prospect: found[id], doNotContact: covered)
            }
        }
        return contacts
    }

    /// The account's fields and the merge tags they make, read once a pass.
    func catalogs(of account: AccountID, pass: inout Pass) async throws -> (fields: FieldCatalog, tags: MergeTagCatalog) {
        if let known = pass.catalogs[account] { return known }
        let fields = FieldCatalog(try await fields.fields(in: account))
        let read = (fields, MergeTagCatalog(fields: fields))
        pass.catalogs[account] = read
        return read
    }

    /// The prospect's own mailbox when it has one (their thread lives there), else the free
    /// mailbox of the sequence with the most quota left today.
    func chooseMailbox(for due: DueEnrolment, sequence: EmailSequence, at now: Date, pass: inout Pass) async throws -> EmailAccount? {
        let usable = try await usableMailboxes(of: sequence, at: now, pass: &pass)
        if let sticky = due.thread.mailbox, pass.links[sequence.id]?.contains(where: { $0.id == sticky && $0.canSend }) == true {
            return usable.first { $0.id == sticky }
        }
        var best: (EmailAccount, Int)?
        for mailbox in usable {
            let remaining = pass.remaining[mailbox.id] ?? 0
            if best.map({ remaining > $0.1 }) ?? true { best = (mailbox, remaining) }
        }
        return best?.0
    }

    /// The sequence's mailboxes that may send now: active, past their interval, with quota left
    /// today (counted once a pass, for all that come up free at once).
    func usableMailboxes(of sequence: EmailSequence, at now: Date, pass: inout Pass) async throws -> [EmailAccount] {
        try await loadMailboxes(of: [sequence], pass: &pass)
        let free = (pass.links[sequence.id] ?? []).filter { $0.canSend && !pass.isBusy($0.id, at: now) }
        let uncounted = free.filter { pass.remaining[$0.id] == nil }
        if !uncounted.isEmpty {
            let dayStart = Calendar.utc.startOfDay(for: now)
            let sent = try await store.sendCounts(of: uncounted.map(\.id), since: dayStart)
            for mailbox in uncounted { pass.remaining[mailbox.id] = mailbox.limits.dailyLimit(on: dayStart) - (sent[mailbox.id] ?? 0) }
        }
        return free.filter { (pass.remaining[$0.id] ?? 0) > 0 }
    }

    /// When each mailbox of the sequences may send next, so that those in their interval are
    /// known busy without a claim that would fail. Returns the sequences with a mailbox that can
    /// send now: only theirs are read in full.
    func readSendSlots(of sequences: [EmailSequence], at now: Date, pass: inout Pass) async throws -> Set<SequenceID> {
        let slots = try await store.sendSlots(of: Array(Set(sequences.flatMap { [$0.id] + ($0.trigger.map { [$0.parentID] } ?? []) })))
        var free: Set<SequenceID> = []
        for sequence in sequences {
            for slot in Self.ownAndParents(slots, of: sequence) {
                if let next = slot.nextSendAt, next > now {
                    pass.busyUntil[slot.mailbox] = max(pass.busyUntil[slot.mailbox] ?? next, next)
                } else if slot.status.canSend {
                    free.insert(sequence.id)
                }
            }
        }
        return free
    }

    /// The sequences' mailboxes, read once a pass.
    func loadMailboxes(of sequences: [EmailSequence], pass: inout Pass) async throws {
        let unread = sequences.filter { pass.links[$0.id] == nil }
        guard !unread.isEmpty else { return }
        let links = try await mailboxes.links(of: Array(Set(unread.flatMap { [$0.id] + ($0.trigger.map { [$0.parentID] } ?? []) })))
        for sequence in unread { pass.links[sequence.id] = Self.ownAndParents(links, of: sequence).map(\.emailAccount) }
    }

    /// A subsequence continues its parent's threads from the parent's mailboxes.
    static func ownAndParents<Item>(_ items: [SequenceID: [Item]], of sequence: EmailSequence) -> [Item] {
        (items[sequence.id] ?? []) + (sequence.trigger.flatMap { items[$0.parentID] } ?? [])
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

/// An email variant's subject, content and preheader, parsed against the account's merge tags.
struct EmailTemplates: Sendable {
    let subject: MessageTemplate
    let content: MessageTemplate
    let preheader: MessageTemplate?

    /// Nil when the subject or content is missing or no longer parses (a merge tag's field was deleted).
    init?(_ variant: StepVariant, tags: MergeTagCatalog) {
        guard let subject = variant.payload[.subject].flatMap({ try? MessageTemplate.parse($0, tags: tags) }),
            let content = variant.payload[.content].flatMap({ try? MessageTemplate.parse($0, tags: tags) })
        else { return nil }
        self.subject = subject
        self.content = content
        preheader = variant.payload[.preheader].flatMap { try? MessageTemplate.parse($0, tags: tags) }
    }
}

