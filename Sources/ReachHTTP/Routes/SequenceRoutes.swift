import ReachAPI
import ReachCore
import ReachJSON

struct SequenceRoutes {
    let sequences: SequenceService
    let verification: VerificationService

    func register(on router: inout APIRouter) {
        router.add(SequencesAPI.list) { request in
            let query = try request.decodeParameters(SequencesAPI.ListQuery.self)
            // Unknown client ids match nothing rather than failing the list.
            let clients = query.clientIds.map { ids in ids.compactMap { request.id(.string($0), as: Client.self) } }
            let page = try await sequences.list(
                in: request.account, titleSearch: query.sequenceName, clientIDs: clients, page: query.page, pageSize: query.pageSize,
                sortField: query.sortBy.map { $0 == .title ? .title : .createdAt }, direction: query.sort.map(SortDirection.init))
            return try request.respond(with: page.items.map { Self.wire($0, request) })
        }
        router.add(SequencesAPI.create) { request in
            let body = try request.decodeBody(SequencesAPI.CreateRequest.self)
            let accountIDs = (body.emailAccountIds ?? []) + (body.emailAccountId.map { [$0] } ?? [])
            let created = try await sequences.create(
                in: request.account, owner: request.principal.userID, title: body.title,
                emailAccountIDs: accountIDs.compactMap { request.id($0, as: EmailAccount.self) },
                undecodableEmailAccountIDs: accountIDs.filter { request.id($0, as: EmailAccount.self) == nil }.map { APIRequest.idText($0) ?? "" },
                scheduleID: try Self.scheduleID(body.scheduleId, request))
            return try request.respond(with: Self.wire(created, request))
        }
        router.add(SequencesAPI.get) { request in
            try request.respond(with: Self.wire(try await sequences.summary(try Self.sequenceID(request), in: request.account), request))
        }
        router.add(SequencesAPI.rename) { request in
            let body = try request.decodeBody(SequencesAPI.RenameRequest.self)
            let renamed = try await sequences.rename(try Self.sequenceID(request), in: request.account, title: body.title)
            return try request.respond(with: Self.wire(renamed, request))
        }
        router.add(SequencesAPI.delete) { request in
            try await sequences.delete(try Self.sequenceID(request), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(SequencesAPI.verifyProspects) { request in
            let queued = try await verification.verifyProspects(ofSequence: try Self.sequenceID(request), in: request.account)
            return try request.respond(with: ["queued": JSONValue.integer(Int64(queued))])
        }
        router.add(SequencesAPI.clone) { request in
            let copy = try await sequences.clone(try Self.sequenceID(request), in: request.account, owner: request.principal.userID)
            return try request.respond(with: Self.wire(copy, request))
        }
        router.add(SequencesAPI.settings) { request in
            let query = try request.decodeParameters(SequencesAPI.SettingsQuery.self)
            let view = try await sequences.settings(of: try Self.sequenceID(request), in: request.account)
            return try request.respond(with: Self.wire(view, only: query.code, request))
        }
        router.add(SequencesAPI.updateSettings) { request in
            let body = try request.decodeBody(SequencesAPI.UpdateSettingsRequest.self)
            let changes = try (body.settings ?? []).enumerated().map { index, change in
                guard let code = APIRequest.idText(change.code).flatMap({ Int($0) }) else {
                    throw ReachError.invalidInput("settings[\(index)].code must be a number from 1 to \(SequenceSettingCode.allCases.count)", field: "settings", code: 1001)
                }
                let value: String =
                    switch change.value {
                    case .string(let text): text
                    case .integer(let number): String(number)
                    case .bool(let flag): flag ? "1" : "0"
                    default: ""
                    }
                return (code: code, value: value)
            }
            let view = try await sequences.updateSettings(
                of: try Self.sequenceID(request), in: request.account, scheduleID: try Self.scheduleID(body.scheduleId, request), changes: changes)
            return try request.respond(with: Self.wire(view, only: nil, request))
        }
        router.add(SequencesAPI.changeSchedule) { request in
            let body = try request.decodeBody(SequencesAPI.ScheduleRequest.self)
            guard let scheduleID = try Self.scheduleID(body.scheduleId, request) else { throw ReachError.invalidInput("Schedule not found") }
            let schedule = try await sequences.changeSchedule(of: try Self.sequenceID(request), in: request.account, to: scheduleID)
            return try request.respond(with: ScheduleRoutes.reference(schedule, request))
        }
        router.add(SequencesAPI.changeStatus) { request in
            let body = try request.decodeBody(SequencesAPI.StatusRequest.self)
            var ids: [SequenceID] = []
            var undecodable: [String] = []
            for value in body.sequenceIds {
                if let id = request.id(value, as: EmailSequence.self) { ids.append(id) } else { undecodable.append(APIRequest.idText(value) ?? "") }
            }
            try await sequences.changeStatus(of: ids, undecodable: undecodable, to: body.status == .pause ? .pause : .resume, in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(SequencesAPI.priorityDistribution) { request in
            let body = try request.decodeBody(SequencesAPI.PriorityRequest.self)
            let text = APIRequest.idText(body.priorityDistributionId) ?? ""
            guard let distribution = Int(text).flatMap(PriorityDistribution.init(rawValue:)) ?? PriorityDistribution(name: text) else {
                throw ReachError.invalidInput(
                    "priorityDistributionId must be one of \(SequencesAPI.priorityNames.joined(separator: ", ")) or 1 to 4",
                    field: "priorityDistributionId", code: 1001)
            }
            try await sequences.setPriorityDistribution(of: try Self.sequenceID(request), in: request.account, to: distribution)
            return try request.respondWithoutPayload()
        }
    }

    static func sequenceID(_ request: APIRequest) throws -> SequenceID {
        try request.parameterID("sequenceId", as: EmailSequence.self, notFound: SequenceService.notFound)
    }

    /// nil when absent; an id that cannot be ours is a schedule that does not exist.
    static func scheduleID(_ value: JSONValue?, _ request: APIRequest) throws -> ScheduleID? {
        guard let value, value != .null else { return nil }
        guard let id = request.id(value, as: Schedule.self) else { throw ReachError.invalidInput("Schedule not found", field: "scheduleId") }
        return id
    }

    static func wire(_ summary: SequenceSummary, _ request: APIRequest) -> SequencesAPI.Sequence {
        let sequence = summary.sequence
        return SequencesAPI.Sequence(
            id: request.encode(sequence.id), title: sequence.title, active: sequence.isActive,
            steps: summary.steps.map { SequencesAPI.StepReference(id: request.encode($0.id), name: $0.name) },
            client: summary.client.map { clientReference($0, request) },
            user: SequencesAPI.UserReference(
                id: request.encode(summary.owner.id), firstName: summary.owner.firstName, lastName: summary.owner.lastName, email: summary.owner.email),
            createdAt: ISO8601Parsing.string(from: sequence.createdAt))
    }

    static func clientReference(_ client: Client, _ request: APIRequest) -> SequencesAPI.ClientReference {
        SequencesAPI.ClientReference(id: request.encode(client.id), companyName: client.companyName, firstName: client.firstName, lastName: client.lastName)
    }

    static func wire(_ view: SequenceService.SettingsView, only code: Int?, _ request: APIRequest) -> SequencesAPI.Settings {
        let codes = SequenceSettingCode.allCases.filter { code == nil || $0.rawValue == code }
        return SequencesAPI.Settings(
            settings: codes.map { SequencesAPI.Setting(code: $0.rawValue, value: view.sequence.settings[$0]) },
            schedule: ScheduleRoutes.reference(view.schedule, request),
            priorityDistribution: PriorityDistribution.allCases.map {
                SequencesAPI.PriorityOption(id: $0.rawValue, name: $0.name, active: $0 == view.sequence.priorityDistribution)
            },
            client: view.client.map { clientReference($0, request) })
    }
}
