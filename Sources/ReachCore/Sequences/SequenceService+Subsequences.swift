/// A condition as a request writes it, before validation.
public struct ConditionInput: Sendable {
    public var name: String
    public var operation: String
    public var value: TriggerCondition.Value?

    public init(name: String, operation: String, value: TriggerCondition.Value?) {
        self.name = name
        self.operation = operation
        self.value = value
    }
}

extension SequenceService {
    /// The parent of a subsequence, or 1001 "Invalid sequence id" as Saleshandy answers.
    func parent(_ id: SequenceID?, in account: AccountID) async throws -> EmailSequence {
        guard let id, let parent = try await sequences.sequence(id, in: account), parent.trigger == nil else {
            throw ReachError.invalidInput("Invalid sequence id", field: "sequenceId", code: 1001)
        }
        return parent
    }

    func subsequence(_ id: SequenceID?, of parent: SequenceID?, in account: AccountID) async throws -> EmailSequence {
        guard let id, let subsequence = try await sequences.sequence(id, in: account), let trigger = subsequence.trigger,
              parent == nil || trigger.parentID == parent
        else { throw ReachError.invalidInput("Invalid subsequence id", field: "subsequenceId", code: 1001) }
        return subsequence
    }

    static func validConditions(_ inputs: [ConditionInput]) throws(ReachError) -> [TriggerCondition] {
        guard !inputs.isEmpty else { throw ReachError.invalidInput("conditions must contain at least 1 elements", field: "conditions", code: 4000) }
        var conditions: [TriggerCondition] = []
        for input in inputs {
            conditions.append(try TriggerCondition(name: input.name, operation: input.operation, value: input.value))
        }
        return conditions
    }

    static func validEntryDelay(_ days: Int?) throws(ReachError) -> Int? {
        if let days, !(1...365).contains(days) {
            throw ReachError.invalidInput("firstStepRelativeDays must be between 1 and 365", field: "firstStepRelativeDays", code: 4000)
        }
        return days
    }

    /// Creates a paused subsequence of `parentID`; add its steps with the steps API under its id.
    public func createSubsequence(
        of parentID: SequenceID?, in account: AccountID, owner: UserID, title: String, conditions: [ConditionInput], scheduleID: ScheduleID?,
        firstStepRelativeDays: Int?
    ) async throws -> EmailSequence {
        let parent = try await parent(parentID, in: account)
        let title = try Self.validTitle(title)
        let trigger = SubsequenceTrigger(
            parentID: parent.id, conditions: try Self.validConditions(conditions), firstStepRelativeDays: try Self.validEntryDelay(firstStepRelativeDays))
        let schedule = try await schedule(scheduleID, in: account)
        var new = NewSequence(title: title, ownerID: owner, scheduleID: schedule.id, priorityDistribution: .default, settings: parent.settings)
        new.trigger = trigger
        return try await sequences.createSequence(new, in: account, at: clock.now)
    }

    /// A parent's subsequences: `isActive` filters by state (progress 1 active, 2 paused),
    /// `owners` by who created them, `search` their titles.
    public func subsequences(
        of parentID: SequenceID?, in account: AccountID, search: String?, isActive: Bool?, owners: [UserID]?
    ) async throws -> [SequenceSummary] {
        let parent = try await parent(parentID, in: account)
        let search = search?.trimmingWhitespace()
        var query = SequenceListQuery(
            titleSearch: search?.isEmpty == false ? search : nil, clientIDs: nil,
            page: PageRequest(number: 1, size: Self.maximumPageSize, defaultSize: Self.maximumPageSize, maximumSize: Self.maximumPageSize),
            sortField: .createdAt, direction: .ascending)
        query.parentID = parent.id
        query.isActive = isActive
        query.ownerIDs = owners
        return try await sequences.sequences(in: account, matching: query).items
    }

    public func subsequenceSettings(_ id: SequenceID?, in account: AccountID) async throws -> (EmailSequence, Schedule) {
        let subsequence = try await subsequence(id, of: nil, in: account)
        return (subsequence, try await settings(of: subsequence.id, in: account).schedule)
    }

    /// Changes the schedule, entry delay or conditions. An empty conditions list changes
    /// nothing, as on Saleshandy, rather than leaving a subsequence no prospect can enter.
    public func updateSubsequence(
        _ id: SequenceID?, of parentID: SequenceID?, in account: AccountID, scheduleID: ScheduleID?,
        firstStepRelativeDays: Int?, conditions: [ConditionInput]?
    ) async throws {
        let parent = try await parent(parentID, in: account)
        let subsequence = try await subsequence(id, of: parent.id, in: account)
        var changes = SequenceChanges()
        if let conditions, !conditions.isEmpty { changes.conditions = try Self.validConditions(conditions) }
        changes.firstStepRelativeDays = try Self.validEntryDelay(firstStepRelativeDays)
        if let scheduleID { changes.scheduleID = try await schedule(scheduleID, in: account).id }
        _ = try await sequences.updateSequence(subsequence.id, in: account, changes: changes, at: clock.now)
    }
}
