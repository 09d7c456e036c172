import Foundation

/// Sequences, schedules, steps and variants: every rule about authoring a campaign. Templates
/// are parsed here when saved, so an unknown merge tag or unbalanced spintax is refused then
/// rather than discovered by the sender.
public struct SequenceService: Sendable {
    let sequences: any SequenceStore
    let schedules: any ScheduleStore
    let fields: any FieldStore
    let accounts: any AccountStore
    let clients: any ClientStore
    let attachments: any AttachmentStore
    let prospects: any ProspectStore
    let mailboxes: any EmailAccountStore
    let events: any EventStore
    let clock: any WallClock

    public static let defaultPageSize = 100
    public static let maximumPageSize = 1000

    public init(
        sequences: any SequenceStore, schedules: any ScheduleStore, fields: any FieldStore, accounts: any AccountStore,
        clients: any ClientStore, attachments: any AttachmentStore, prospects: any ProspectStore, mailboxes: any EmailAccountStore,
        events: any EventStore, clock: any WallClock
    ) {
        self.sequences = sequences
        self.schedules = schedules
        self.fields = fields
        self.accounts = accounts
        self.clients = clients
        self.attachments = attachments
        self.prospects = prospects
        self.mailboxes = mailboxes
        self.events = events
        self.clock = clock
    }

    public static let notFound = ReachError.notFound("Sequence not found")
    public static let stepNotFound = ReachError.notFound("Sequence step not found")
    public static let variantNotFound = ReachError.notFound("Step variant not found")

    // MARK: Schedules

    public func schedules(in account: AccountID) async throws -> [Schedule] {
        _ = try await schedules.defaultSchedule(in: account, at: clock.now)
        return try await schedules.schedules(in: account)
    }

    public func createSchedule(_ schedule: NewSchedule, in account: AccountID) async throws -> Schedule {
        _ = try await schedules.defaultSchedule(in: account, at: clock.now)
        return try await schedules.createSchedule(schedule, in: account, at: clock.now)
    }

    func schedule(_ id: ScheduleID?, in account: AccountID) async throws -> Schedule {
        guard let id else { return try await schedules.defaultSchedule(in: account, at: clock.now) }
        guard let schedule = try await schedules.schedule(id, in: account) else {
            throw ReachError.invalidInput("Schedule not found", field: "scheduleId")
        }
        return schedule
    }

    // MARK: Sequences

    public func list(
        in account: AccountID, titleSearch: String?, clientIDs: [ClientID]?, page: Int?, pageSize: Int?,
        sortField: SequenceSortField?, direction: SortDirection?
    ) async throws -> Page<SequenceSummary> {
        let search = titleSearch?.trimmingWhitespace()
        let query = SequenceListQuery(
            titleSearch: search?.isEmpty == false ? search : nil, clientIDs: clientIDs,
            page: PageRequest(number: page, size: pageSize, defaultSize: Self.defaultPageSize, maximumSize: Self.maximumPageSize),
            sortField: sortField ?? .createdAt, direction: direction ?? .descending)
        return try await sequences.sequences(in: account, matching: query)
    }

    public func summary(_ id: SequenceID, in account: AccountID) async throws -> SequenceSummary {
        guard let summary = try await sequences.summary(of: id, in: account) else { throw Self.notFound }
        return summary
    }

    /// Creates a paused sequence, all or nothing: every named email account and the schedule are
    /// checked before anything is written. `undecodableEmailAccountIDs` are ids that were not
    /// even well-formed.
    public func create(
        in account: AccountID, owner: UserID, title: String, emailAccountIDs: [EmailAccountID], undecodableEmailAccountIDs: [String],
        scheduleID: ScheduleID?
    ) async throws -> SequenceSummary {
        let title = try Self.validTitle(title)
        if let unknown = undecodableEmailAccountIDs.first {
            throw ReachError.invalidInput("Email account \(unknown) not found", field: "emailAccountIds", code: 40200)
        }
        let unique = Array(Set(emailAccountIDs)).sorted()
        let found = try await mailboxes.emailAccounts(unique, in: account)
        guard found.count == unique.count else {
            throw ReachError.invalidInput("Email account not found", field: "emailAccountIds", code: 40200)
        }
        let schedule = try await schedule(scheduleID, in: account)
        let created = try await sequences.createSequence(
            NewSequence(title: title, ownerID: owner, scheduleID: schedule.id, priorityDistribution: .default, settings: SequenceSettings()),
            in: account, at: clock.now)
        if !unique.isEmpty { try await mailboxes.attach(unique, to: created.id, at: clock.now) }
        return try await summary(created.id, in: account)
    }

    static func validTitle(_ title: String) throws(ReachError) -> String {
        let title = title.trimmingWhitespace()
        guard !title.isEmpty else { throw ReachError.invalidInput("title should not be empty", field: "title") }
        guard title.count <= 200 else { throw ReachError.invalidInput("title must be shorter than or equal to 200 characters", field: "title") }
        return title
    }

    /// A sequence with what its settings page shows.
    public struct SettingsView: Sendable, Equatable {
        public let sequence: EmailSequence
        public let schedule: Schedule
        public let client: Client?
    }

    public func settings(of id: SequenceID, in account: AccountID) async throws -> SettingsView {
        guard let sequence = try await sequences.sequence(id, in: account) else { throw Self.notFound }
        // A sequence's schedule cannot be deleted, so it is found; the default is a safe answer if not.
        var schedule = try await schedules.schedule(sequence.scheduleID, in: account)
        if schedule == nil { schedule = try await self.schedule(nil, in: account) }
        let client = try await sequence.clientID.asyncMap { try await clients.client($0, in: account) } ?? nil
        return SettingsView(sequence: sequence, schedule: schedule!, client: client)
    }

    public func updateSettings(
        of id: SequenceID, in account: AccountID, scheduleID: ScheduleID?, changes: [(code: Int, value: String)]
    ) async throws -> SettingsView {
        guard let sequence = try await sequences.sequence(id, in: account) else { throw Self.notFound }
        let settings = try sequence.settings.updating(changes)
        let schedule = try await scheduleID.asyncMap { try await self.schedule($0, in: account) }
        _ = try await sequences.updateSequence(id, in: account, changes: SequenceChanges(scheduleID: schedule?.id, settings: settings), at: clock.now)
        return try await self.settings(of: id, in: account)
    }

    public func changeSchedule(of id: SequenceID, in account: AccountID, to scheduleID: ScheduleID) async throws -> Schedule {
        let schedule = try await schedule(scheduleID, in: account)
        guard try await sequences.updateSequence(id, in: account, changes: SequenceChanges(scheduleID: schedule.id), at: clock.now) != nil else {
            throw Self.notFound
        }
        return schedule
    }

    public func rename(_ id: SequenceID, in account: AccountID, title: String) async throws -> SequenceSummary {
        guard try await sequences.updateSequence(id, in: account, changes: SequenceChanges(title: try Self.validTitle(title)), at: clock.now) != nil
        else { throw Self.notFound }
        return try await summary(id, in: account)
    }

    public enum StatusChange: Sendable { case pause, resume }

    /// Pauses or resumes sequences, all or nothing, with Saleshandy's codes: 40100 unknown,
    /// 40101 already paused, 40102 already active, 40103 no active email account to send from.
    public func changeStatus(of ids: [SequenceID], undecodable: [String], to change: StatusChange, in account: AccountID) async throws {
        if let text = undecodable.first { throw ReachError.invalidInput("Sequence \(text) not found", field: "sequenceIds", code: 40100) }
        var found: [EmailSequence] = []
        for id in Set(ids).sorted() {
            guard let sequence = try await sequences.sequence(id, in: account) else {
                throw ReachError.invalidInput("Sequence not found", field: "sequenceIds", code: 40100)
            }
            found.append(sequence)
        }
        for sequence in found {
            switch change {
            case .pause where !sequence.isActive:
                throw ReachError.invalidInput("Sequence \"\(sequence.title)\" is already paused", field: "sequenceIds", code: 40101)
            case .resume where sequence.isActive:
                throw ReachError.invalidInput("Sequence \"\(sequence.title)\" is already active", field: "sequenceIds", code: 40102)
            case .resume:
                // A running sequence needs a mailbox that can send. A subsequence continues its
                // parent's threads, so the parent's mailboxes count for it too.
                var links = try await mailboxes.links(of: sequence.id)
                if let parent = sequence.trigger?.parentID { links += try await mailboxes.links(of: parent) }
                guard links.contains(where: { $0.emailAccount.canSend }) else {
                    throw ReachError.invalidInput(
                        "Sequence \"\(sequence.title)\" has no active email account: attach one before resuming", field: "sequenceIds", code: 40103)
                }
            case .pause:
                break
            }
        }
        let now = clock.now
        for sequence in found {
            _ = try await sequences.updateSequence(sequence.id, in: account, changes: SequenceChanges(isActive: change == .resume), at: now)
        }
        if change == .pause {
            try await events.record(found.map {
                SendingEvent(
                    kind: .sequencePaused, accountID: account, sequenceID: $0.id, stepID: nil, prospectID: nil, emailAccountID: nil, outboundID: nil,
                    detail: "paused by a user", occurredAt: now)
            })
        }
    }

    public func setPriorityDistribution(of id: SequenceID, in account: AccountID, to distribution: PriorityDistribution) async throws {
        guard try await sequences.updateSequence(id, in: account, changes: SequenceChanges(priorityDistribution: distribution), at: clock.now) != nil
        else { throw Self.notFound }
    }

    public func delete(_ id: SequenceID, in account: AccountID) async throws {
        guard try await sequences.deleteSequence(id, in: account) else { throw Self.notFound }
    }

    /// A paused copy with the same settings, schedule, steps and variants, titled "Copy of ...".
    public func clone(_ id: SequenceID, in account: AccountID, owner: UserID) async throws -> SequenceSummary {
        guard let original = try await sequences.sequence(id, in: account) else { throw Self.notFound }
        let title = String(("Copy of " + original.title).prefix(200))
        var new = NewSequence(
            title: title, ownerID: owner, scheduleID: original.scheduleID, priorityDistribution: original.priorityDistribution,
            settings: original.settings)
        // A cloned subsequence branches from the same parent.
        new.trigger = original.trigger
        let copy = try await sequences.createSequence(new, in: account, at: clock.now)
        for step in try await sequences.steps(of: id) {
            let variants = step.variants.map {
                NewVariant(payload: $0.payload, taskNote: $0.taskNote, attachmentIDs: $0.attachmentIDs, isActive: $0.isActive)
            }
            _ = try await sequences.createStep(
                NewStep(channel: step.channel, absoluteDays: step.absoluteDays, priority: step.priority, assigneeID: step.assigneeID, variants: variants),
                in: copy.id, at: clock.now)
        }
        return try await summary(copy.id, in: account)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
