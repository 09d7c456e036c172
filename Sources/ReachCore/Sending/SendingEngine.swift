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
    /// Due enrolments read at a time.
    let batchSize: Int

    /// Reads of due enrolments per pass: each leaves out what the ones before found blocked.
    static let readsPerPass = 5
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
        /// Due but not sent now: outside the schedule's hours, no mailbox free, on a DNC list.
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
        let now = clock.now
        let expired = try await store.expireSending(before: now.addingTimeInterval(-Self.sendingLease))
        if expired > 0 { logger.warning("\(expired) messages were being sent by a process that stopped: their outcome is unknown") }
        var report = PassReport()
        var pass = Pass(now: now)
        report.tasksCreated = try await createDueTasks(pass: &pass, logger: logger)
        // Messages are readied one at a time (that decides mailboxes and quotas) and sent side by
        // side, each from its own mailbox. A failure to read ends the pass, after what is being
        // sent has been sent.
        var failure: (any Error)?
        await withTaskGroup(of: PassReport.self) { deliveries in
            var running = 0
            do {
                // A full batch may be all blocked (a sequence outside its hours, a busy mailbox):
                // read again without those, so they never hold back what can go now.
                for _ in 0..<Self.readsPerPass {
                    let (blockedSequences, busyMailboxes) = (pass.blockedSequences, pass.busy)
                    let followUps = try await store.dueEnrolments(
                        now: now, limit: batchSize, newProspects: false, excludingSequences: blockedSequences, excludingMailboxes: busyMailboxes)
                    let newProspects = try await store.dueEnrolments(
                        now: now, limit: batchSize, newProspects: true, excludingSequences: blockedSequences, excludingMailboxes: busyMailboxes)
                    for enrolment in followUps + newProspects where pass.sequences[enrolment.sequenceID] == nil {
                        pass.sequences[enrolment.sequenceID] = try await sequences.sequence(enrolment.sequenceID, in: enrolment.accountID)
                    }
                    let known = pass.sequences
                    let recent = try await store.recentSends(
                        of: Array(Set((followUps + newProspects).map(\.sequenceID))), since: now.addingTimeInterval(-Self.distributionWindow))
                    let due = PriorityDistribution.sendingOrder(followUps: followUps, newProspects: newProspects, alreadySent: { recent[$0] ?? SendMix() }) {
                        (known[$0] ?? nil)?.priorityDistribution ?? .default
                    }
                    for enrolment in due {
                        let delivery: Delivery
                        do {
                            guard let ready = try await prepare(enrolment, pass: &pass, report: &report, logger: logger) else { continue }
                            delivery = ready
                        } catch let error as ReachError {
                            logger.error("could not send step \(enrolment.stepID) to prospect \(enrolment.prospectID): \(error)")
                            report.waiting += 1
                            continue
                        }
                        if running == Self.concurrentSends, let done = await deliveries.next() {
                            report += done
                            running -= 1
                        }
                        deliveries.addTask {
                            do {
                                return try await delivery(logger)
                            } catch {
                                logger.error("could not finish sending step \(enrolment.stepID) to prospect \(enrolment.prospectID): \(error)")
                                var waiting = PassReport()
                                waiting.waiting = 1
                                return waiting
                            }
                        }
                        running += 1
                    }
                    guard followUps.count == batchSize || newProspects.count == batchSize,
                        pass.blockedSequences != blockedSequences || pass.busy != busyMailboxes
                    else { break }
                }
            } catch {
                failure = error
            }
            for await done in deliveries { report += done }
        }
        if let failure { throw failure }
        return report
    }

    /// What one pass learns once and reuses: sequences, schedules, steps, mailboxes and their
    /// remaining quota, and the mailboxes that used their send slot.
    struct Pass {
        let now: Date
        var sequences: [SequenceID: EmailSequence?] = [:]
        var schedules: [ScheduleID: Schedule?] = [:]
        var steps: [SequenceID: [SequenceStep]] = [:]
        var links: [SequenceID: [EmailAccount]] = [:]
        var remaining: [EmailAccountID: Int] = [:]
        var busy: Set<EmailAccountID> = []
        /// Sequences that cannot send now: paused, outside their hours, or without a free mailbox.
        var blockedSequences: Set<SequenceID> = []
        var catalogs: [AccountID: FieldCatalog] = [:]
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
        if pass.catalogs[due.accountID] == nil { pass.catalogs[due.accountID] = FieldCatalog(try await fields.fields(in: due.accountID)) }
        let catalog = pass.catalogs[due.accountID]!
        guard let template = try? MessageTemplate.parse(note, tags: MergeTagCatalog(fields: catalog)) else { return note }
        let renderer = TemplateRenderer(
            context: .init(
                prospect: prospect, fields: catalog, sender: .init(firstName: "", lastName: "", email: "", signature: ""),
                unsubscribeURL: links.unsubscribeURL(prospect: prospect.id, sequence: sequence.id),
                unsubscribeHTML: sequence.settings[.unsubscribeLinkHTML], stepID: step.id.rawValue))
        return renderer.render(template, as: .plain)
    }

    /// The sending of one claimed message: over SMTP, then its outcome recorded. Deliveries of
    /// one pass run side by side, each from its own mailbox.
    typealias Delivery = @Sendable (_ logger: Logger) async throws -> PassReport

    /// Readies the enrolment's email: decides the mailbox, renders, and claims the send in the
    /// database. Nil when it cannot go now (`report` says why it waits). Runs one enrolment at a
    /// time, since the pass's state (caches, busy mailboxes, quotas) is decided here.
    func prepare(_ due: DueEnrolment, pass: inout Pass, report: inout PassReport, logger: Logger) async throws -> Delivery? {
        let now = pass.now
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
        // No mailbox can take it in this pass: the prospect's own has sent already, or (for a
        // first email) none of the sequence's was free. Known without reading the prospect.
        if due.thread.mailbox.map({ pass.busy.contains($0) }) ?? pass.blockedSequences.contains(sequence.id) {
            report.waiting += 1
            return nil
        }
        if pass.steps[sequence.id] == nil { pass.steps[sequence.id] = try await sequences.steps(of: sequence.id) }
        let steps = pass.steps[sequence.id] ?? []
        guard let index = steps.firstIndex(where: { $0.id == due.stepID }), steps[index].channel == .email,
              let variant = steps[index].variant(for: due.prospectID)
        else { return nil }
        let step = steps[index]
        guard let prospect = try await prospects.prospect(due.prospectID, in: due.accountID) else { return nil }
        if prospect.unsubscribedAt != nil {
            try await store.setEnrolmentStatus(sequence: sequence.id, prospect: prospect.id, to: .unsubscribed, at: now)
            return nil
        }
        guard let address = EmailAddress(prospect.email) else { return nil }
        let hold = VerificationHold(prospect, sequenceSendsToRisky: sequence.settings.isOn(.sendToRiskyProspects))
        if hold == .pending {
            try await store.postpone(due, until: now.addingTimeInterval(Self.verificationRecheck), at: now)
            report.waiting += 1
            return nil
        }
        let blocked = try await doNotContact.reasons(for: DoNotContactEntry.candidates(for: address), in: due.accountID)
        guard blocked.isEmpty, hold == nil else {
            // Looked at again tomorrow (the entry may be removed, the address verified again, the
            // sequence may allow risky addresses), so that a long Do Not Contact list or many bad
            // addresses never fill every read of due enrolments and hold back those who may be written to.
            try await store.postpone(due, until: now.addingTimeInterval(Self.blockedRecheck), at: now)
            report.waiting += 1
            return nil
        }
        guard let mailbox = try await chooseMailbox(for: due, sequence: sequence, pass: &pass) else {
            // Without a thread of its own, no mailbox of the sequence can send now.
            if due.thread.mailbox == nil { pass.blockedSequences.insert(sequence.id) }
            report.waiting += 1
            return nil
        }
        // Render with the one renderer, as the preview and the test email do.
        if pass.catalogs[due.accountID] == nil { pass.catalogs[due.accountID] = FieldCatalog(try await fields.fields(in: due.accountID)) }
        let catalog = pass.catalogs[due.accountID]!
        let tags = MergeTagCatalog(fields: catalog)
        let unsubscribeURL = links.unsubscribeURL(prospect: prospect.id, sequence: sequence.id)
        let renderer = TemplateRenderer(
            context: .init(
                prospect: prospect, fields: catalog,
                sender: .init(mailbox),
                unsubscribeURL: unsubscribeURL, unsubscribeHTML: sequence.settings[.unsubscribeLinkHTML], stepID: step.id.rawValue))
        guard let subject = variant.payload[.subject].flatMap({ try? MessageTemplate.parse($0, tags: tags) }),
              let content = variant.payload[.content].flatMap({ try? MessageTemplate.parse($0, tags: tags) })
        else {
            logger.error("step \(step.id) variant \(variant.letter) no longer renders (a merge tag's field was deleted?)")
            report.waiting += 1
            return nil
        }
        var rendered = renderer.renderEmail(
            subject: subject, content: content, preheader: variant.payload[.preheader].flatMap { try? MessageTemplate.parse($0, tags: tags) })

        // A follow-up with the thread's subject continues the thread; another subject starts a new one.
        var thread = due.thread.mailbox == mailbox.id ? due.thread : .new
        var inReplyTo: String?
        var references: [String] = []
        if let threadSubject = thread.subject, let last = thread.messageIDs.last, rendered.subject == threadSubject {
            inReplyTo = last
            references = thread.messageIDs
            rendered = RenderedEmail(subject: "Re: " + threadSubject, html: rendered.html, text: rendered.text)
        } else {
            thread = ThreadState(mailbox: mailbox.id, subject: rendered.subject, messageIDs: [])
        }
        let messageID = "reach.\(UUID().uuidString.lowercased())@\(mailbox.sender.email.domain)"
        let interval = mailbox.limits.intervalMinimum...max(mailbox.limits.intervalMinimum, mailbox.limits.intervalMaximum)
        let dayStart = Calendar.utc.startOfDay(for: now)
        let claim = try await store.claimSend(
            NewOutboundMessage(
                accountID: due.accountID, sequenceID: sequence.id, stepID: step.id, variantID: variant.id, prospectID: prospect.id,
                emailAccountID: mailbox.id, messageID: messageID, recipient: prospect.email, subject: rendered.subject,
                isFollowUp: !due.thread.messageIDs.isEmpty),
            now: now, nextSendAt: now.addingTimeInterval(Double(randomSeconds(interval))), dailyLimit: mailbox.limits.dailyLimit(on: dayStart),
            since: dayStart)
        let outbound: OutboundMessageID
        switch claim {
        case .claimed(let id):
            outbound = id
            pass.busy.insert(mailbox.id)
            pass.remaining[mailbox.id, default: 0] -= 1
        case .mailboxBusy:
            pass.busy.insert(mailbox.id)
            report.waiting += 1
            return nil
        case .limitReached:
            pass.remaining[mailbox.id] = 0
            report.waiting += 1
            return nil
        case .alreadySent:
            return nil
        }
        // Tracking links name the message, so they are written once its row exists.
        let settings = sequence.settings
        rendered = RenderedEmail(
            subject: rendered.subject,
            html: TrackedHTML.instrument(
                rendered.html,
                opens: settings.isOn(.trackEmailOpens) ? links.openPixelURL(for: outbound) : nil,
                clicks: settings.isOn(.trackLinkClicks) ? { links.clickURL(for: outbound, target: $0) } : nil,
                untracked: [unsubscribeURL]),
            text: rendered.text)

        return { [rendered, inReplyTo, references, thread] logger in
            var report = PassReport()
            var thread = thread
            let event = { (kind: SendingEvent.Kind, detail: String?) in
                SendingEvent(
                    kind: kind, accountID: due.accountID, sequenceID: sequence.id, stepID: step.id, prospectID: prospect.id, emailAccountID: mailbox.id,
                    outboundID: outbound, detail: detail, occurredAt: now)
            }
            // About the mailbox, after its message was discarded: no message to point at.
            let mailboxEvent = { (kind: SendingEvent.Kind, detail: String) in
                SendingEvent(
                    kind: kind, accountID: due.accountID, sequenceID: sequence.id, stepID: nil, prospectID: nil, emailAccountID: mailbox.id,
                    outboundID: nil, detail: detail, occurredAt: now)
            }
            do {
                try await transport.send(
                    OutgoingEmail(
                        from: mailbox.sender.email.address, fromName: mailbox.sender.fromName, to: [prospect.email], bcc: mailbox.bcc, content: rendered,
                        messageID: messageID, inReplyTo: inReplyTo, references: references, unsubscribeURL: unsubscribeURL,
                        oneClickUnsubscribe: settings.isOn(.oneClickUnsubscribe)),
                    through: MailServerSettings(address: mailbox.smtp, password: try secrets.open(mailbox.sealedSMTPPassword)))
                try await store.finishOutbound(outbound, status: .sent, error: nil, at: now)
                try await store.record(event(.sent, nil))
                thread.messageIDs.append(messageID)
                try await advance(due, thread: thread, from: step, of: steps, schedule: schedule, now: now)
                report.sent += 1
            } catch let failure as MailSendFailure {
                switch failure {
                case .recipientRefused(permanent: true, let reason):
                    try await store.finishOutbound(outbound, status: .failed, error: reason, at: now)
                    try await store.setEnrolmentStatus(sequence: sequence.id, prospect: prospect.id, to: .bounced, at: now)
                    try await store.record(event(.bounced, reason))
                    try await subsequences.evaluate(prospect: prospect.id, in: sequence.id, account: due.accountID)
                    report.bounced += 1
                case .notAccepted(permanent: true, let reason):
                    // The server refused this message: the prospect waits, paused, for a person to look.
                    try await store.finishOutbound(outbound, status: .failed, error: reason, at: now)
                    try await store.setEnrolmentStatus(sequence: sequence.id, prospect: prospect.id, to: .paused, at: now)
                    try await store.record(event(.failed, reason))
                    report.failed += 1
                case .outcomeUnknown(let reason):
                    try await store.finishOutbound(outbound, status: .unknown, error: reason, at: now)
                    try await store.record(event(.outcomeUnknown, reason))
                    thread.messageIDs.append(messageID)
                    try await advance(due, thread: thread, from: step, of: steps, schedule: schedule, now: now)
                    report.unknown += 1
                case .mailboxUnusable(let reason):
                    try await store.discardOutbound(outbound)
                    var disconnected = mailbox
                    disconnected.status = .disconnected
                    disconnected.smtpError = reason
                    disconnected.updatedAt = now
                    try await mailboxes.updateEmailAccount(disconnected)
                    try await store.record(mailboxEvent(.mailboxDisconnected, reason))
                    logger.warning("mailbox \(mailbox.sender.email.address) was disconnected: \(reason)")
                case .recipientRefused(permanent: false, let reason):
                    // The recipient's server asked to try later: nothing was delivered, the step is
                    // tried again once the mailbox has rested; it says nothing about the mailbox.
                    try await store.discardOutbound(outbound)
                    try await store.deferSendSlot(of: mailbox.id, until: now.addingTimeInterval(Self.failureBackoff))
                    logger.info("sending from \(mailbox.sender.email.address) waits: \(reason)")
                    report.waiting += 1
                case .notAccepted(permanent: false, let reason), .unavailable(let reason):
                    // The mailbox's own server failed: it rests, and after too many failures in a row
                    // it is paused until its user resumes it.
                    try await store.discardOutbound(outbound)
                    let failures = try await store.recordSendFailure(of: mailbox.id, restUntil: now.addingTimeInterval(Self.failureBackoff))
                    logger.info("sending from \(mailbox.sender.email.address) failed for now (\(failures) in a row): \(reason)")
                    if failures >= Self.failuresBeforePause,
                        try await store.pauseMailbox(
                            mailbox.id, reason: reason, at: now, raising: mailboxEvent(.mailboxPaused, "\(failures) failures in a row: \(reason)"))
                    {
                        logger.warning("mailbox \(mailbox.sender.email.address) was paused after \(failures) failures in a row: \(reason)")
                    }
                    report.waiting += 1
                }
            }
            return report
        }
    }

    /// The prospect's own mailbox when it has one (their thread lives there), else the free
    /// mailbox of the sequence with the most quota left today.
    func chooseMailbox(for due: DueEnrolment, sequence: EmailSequence, pass: inout Pass) async throws -> EmailAccount? {
        if pass.links[sequence.id] == nil {
            var links = try await mailboxes.links(of: sequence.id).map(\.emailAccount)
            // A subsequence continues its parent's threads from the parent's mailboxes.
            if let parent = sequence.trigger?.parentID { links += try await mailboxes.links(of: parent).map(\.emailAccount) }
            pass.links[sequence.id] = links
        }
        var best: (EmailAccount, Int)?
        for mailbox in pass.links[sequence.id] ?? [] where mailbox.canSend && !pass.busy.contains(mailbox.id) {
            if let sticky = due.thread.mailbox, sticky != mailbox.id, pass.links[sequence.id]?.contains(where: { $0.id == sticky && $0.canSend }) == true {
                continue
            }
            if pass.remaining[mailbox.id] == nil {
                let dayStart = Calendar.utc.startOfDay(for: pass.now)
                pass.remaining[mailbox.id] = mailbox.limits.dailyLimit(on: dayStart) - (try await store.sendCount(of: mailbox.id, since: dayStart))
            }
            let remaining = pass.remaining[mailbox.id] ?? 0
            guard remaining > 0 else { continue }
            if best == nil || remaining > best!.1 { best = (mailbox, remaining) }
        }
        return best?.0
    }

    func advance(_ due: DueEnrolment, thread: ThreadState, from step: SequenceStep, of steps: [SequenceStep], schedule: Schedule, now: Date) async throws {
        let move = EnrolmentMove.after(step, of: steps, schedule: schedule, now: now)
        try await store.advance(due, thread: thread, next: move.nextStep, nextDueAt: move.dueAt, at: now)
        guard move.nextStep == nil else { return }
        try await store.record(
            SendingEvent(
                kind: .finished, accountID: due.accountID, sequenceID: due.sequenceID, stepID: step.id, prospectID: due.prospectID,
                emailAccountID: thread.mailbox, outboundID: nil, detail: nil, occurredAt: now))
        // Finishing is the last chance for conditions such as "Email Opened is false".
        try await subsequences.evaluate(prospect: due.prospectID, in: due.sequenceID, account: due.accountID)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
