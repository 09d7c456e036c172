import ReachAPI
import ReachCore
import ReachJSON

struct SubsequenceRoutes {
    let sequences: SequenceService

    func register(on router: inout APIRouter) {
        router.add(SubsequencesAPI.create) { request in
            let body = try request.decodeBody(SubsequencesAPI.CreateRequest.self)
            let created = try await sequences.createSubsequence(
                of: request.id(request.parameters["sequenceId"], as: EmailSequence.self), in: request.account, owner: request.principal.userID,
                title: body.title, conditions: body.conditions.map(Self.input), scheduleID: try SequenceRoutes.scheduleID(body.scheduleId, request),
                firstStepRelativeDays: body.firstStepRelativeDays)
            return try request.respond(with: Self.wire(try await sequences.summary(created.id, in: request.account), request))
        }
        router.add(SubsequencesAPI.list) { request in
            let query = try request.decodeParameters(SubsequencesAPI.ListQuery.self)
            let progress = Set(query.progress ?? [])
            let owners = query.owners.map { $0.compactMap { request.id(.string($0), as: User.self) } }
            let found = try await sequences.subsequences(
                of: request.id(request.parameters["sequenceId"], as: EmailSequence.self), in: request.account, search: query.search,
                isActive: progress.count == 1 ? progress.contains(1) : nil, owners: owners)
            return try request.respond(with: found.map { Self.wire($0, request) })
        }
        router.add(SubsequencesAPI.settings) { request in
            let (subsequence, schedule) = try await sequences.subsequenceSettings(
                request.id(request.parameters["subsequenceId"], as: EmailSequence.self), in: request.account)
            return try request.respond(with: SubsequencesAPI.Settings(
                schedule: ScheduleRoutes.reference(schedule, request), firstStepRelativeDays: subsequence.trigger?.firstStepRelativeDays,
                conditions: (subsequence.trigger?.conditions ?? []).map(Self.wire)))
        }
        router.add(SubsequencesAPI.update) { request in
            let body = try request.decodeBody(SubsequencesAPI.UpdateRequest.self)
            try await sequences.updateSubsequence(
                request.id(request.parameters["subsequenceId"], as: EmailSequence.self),
                of: request.id(request.parameters["sequenceId"], as: EmailSequence.self), in: request.account,
                scheduleID: try SequenceRoutes.scheduleID(body.scheduleId, request), firstStepRelativeDays: body.firstStepRelativeDays,
                conditions: body.conditions?.map(Self.input))
            return try request.respondWithoutPayload()
        }
    }

    static func input(_ condition: SubsequencesAPI.Condition) -> ConditionInput {
        let value: TriggerCondition.Value? =
            switch condition.value {
            case .bool(let flag)?: .flag(flag)
            case .integer(let count)?: .count(Int(clamping: count))
            case .string(let text)?: .text(text)
            default: nil
            }
        return ConditionInput(name: condition.name, operation: condition.operation, value: value)
    }

    static func wire(_ condition: TriggerCondition) -> SubsequencesAPI.Condition {
        let value: JSONValue? =
            switch condition.value {
            case .flag(let flag)?: .bool(flag)
            case .count(let count)?: .integer(Int64(count))
            case .text(let text)?: .string(text)
            case nil: nil
            }
        return SubsequencesAPI.Condition(name: condition.name.rawValue, operation: condition.operation.rawValue, value: value)
    }

    static func wire(_ summary: SequenceSummary, _ request: APIRequest) -> SubsequencesAPI.Subsequence {
        let sequence = summary.sequence
        let listed = SequenceRoutes.wire(summary, request)
        return SubsequencesAPI.Subsequence(
            id: listed.id, title: listed.title, active: listed.active,
            parentSequenceId: sequence.trigger.map { request.encode($0.parentID) } ?? "", steps: listed.steps,
            conditions: (sequence.trigger?.conditions ?? []).map(wire), firstStepRelativeDays: sequence.trigger?.firstStepRelativeDays,
            user: listed.user, createdAt: listed.createdAt)
    }
}
