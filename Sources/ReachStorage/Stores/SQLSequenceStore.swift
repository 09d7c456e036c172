import Foundation
import ReachCore
import ReachJSON
import SQLKit

public struct SQLSequenceStore: SequenceStore {
    let database: any DatabaseBackend

    public init(database: any DatabaseBackend) {
        self.database = database
    }

    static let columns: SQLQueryString = """
        s.id, s.account_id, s.owner_id, s.client_id, s.title, s.is_active, s.schedule_id, s.priority_distribution, s.settings, s.parent_id,
        s.conditions, s.first_step_relative_days, s.created_at
        """

    public func sequences(in account: AccountID, matching query: SequenceListQuery) async throws -> Page<SequenceSummary> {
        try await database.read { db in
            var filter: SQLQueryString = "s.account_id = \(bind: account.rawValue)"
            if let parent = query.parentID {
                filter = "\(filter) AND s.parent_id = \(bind: parent.rawValue)"
            } else {
                filter = "\(filter) AND s.parent_id IS NULL"
            }
            if let owners = query.ownerIDs {
                filter = "\(filter) AND s.owner_id IN (\(binds: owners.isEmpty ? [-1] : owners.map(\.rawValue)))"
            }
            if let active = query.isActive { filter = "\(filter) AND s.is_active = \(bind: active)" }
            if let search = query.titleSearch {
                filter = "\(filter) AND s.title_key LIKE \(bind: SQLPattern.contains(search)) ESCAPE '\\'"
            }
            if let clients = query.clientIDs {
                filter = "\(filter) AND s.client_id IN (\(binds: clients.isEmpty ? [-1] : clients.map(\.rawValue)))"
            }
            let total = try await db.raw("SELECT COUNT(*) AS n FROM sequences s WHERE \(filter)").first(decodingColumn: "n", as: Int.self) ?? 0
            let direction = SQLDirection(query.direction)
            let order = query.sortField == .title ? "title_key" : "created_at"
            let sequences = try await db.raw(
                """
                SELECT \(Self.columns) FROM sequences s WHERE \(filter)
                ORDER BY s.\(unsafeRaw: order) \(direction), s.id \(direction)
                LIMIT \(bind: query.page.size) OFFSET \(bind: query.page.offset)
                """
            ).all().map(Self.sequence)
            return Page(items: try await Self.summaries(of: sequences, db), totalItems: total, request: query.page)
        }
    }

    public func summary(of id: SequenceID, in account: AccountID) async throws -> SequenceSummary? {
        try await database.read { db in
            guard let sequence = try await Self.sequence(id, in: account, db) else { return nil }
            return try await Self.summaries(of: [sequence], db).first
        }
    }

    public func sequence(_ id: SequenceID, in account: AccountID) async throws -> EmailSequence? {
        try await database.read { db in try await Self.sequence(id, in: account, db) }
    }

    public func runningSequences() async throws -> [EmailSequence] {
        try await database.read { db in
            try await db.raw("SELECT \(Self.columns) FROM sequences s WHERE s.is_active ORDER BY s.id").all().map(Self.sequence)
        }
    }

    static func sequence(_ id: SequenceID, in account: AccountID, _ db: any SQLDatabase) async throws -> EmailSequence? {
        try await db.raw("SELECT \(columns) FROM sequences s WHERE s.id = \(bind: id.rawValue) AND s.account_id = \(bind: account.rawValue)")
            .first().map(sequence)
    }

    /// Adds steps, owners and clients to sequences with one query each.
    static func summaries(of sequences: [EmailSequence], _ db: any SQLDatabase) async throws -> [SequenceSummary] {
        guard !sequences.isEmpty else { return [] }
        let headings = try await stepHeadings(of: sequences.map(\.id), db)
        let ownerIDs = Set(sequences.map(\.ownerID.rawValue))
        let owners = try await db.select().columns(UserRow.columns).from("users").where("id", .in, Array(ownerIDs))
            .all(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { try $0.user() }
        let ownersByID = Dictionary(uniqueKeysWithValues: owners.map { ($0.id, $0) })
        var clients: [ClientID: Client] = [:]
        for clientID in Set(sequences.compactMap(\.clientID)) {
            clients[clientID] = try await SQLClientStore.client(clientID, db)
        }
        return try sequences.map { sequence in
            guard let owner = ownersByID[sequence.ownerID] else { throw ReachError.internalFailure }
            return SequenceSummary(
                sequence: sequence, steps: headings[sequence.id] ?? [], owner: owner, client: sequence.clientID.flatMap { clients[$0] })
        }
    }

    /// Steps in sending order: by day, then by when they were added. Their numbers follow.
    static func stepHeadings(of sequences: [SequenceID], _ db: any SQLDatabase) async throws -> [SequenceID: [StepHeading]] {
        let rows = try await db.raw(
            """
            SELECT id, sequence_id, channel, absolute_days FROM sequence_steps
            WHERE sequence_id IN (\(binds: sequences.map(\.rawValue))) ORDER BY sequence_id, absolute_days, id
            """
        ).all()
        var headings: [SequenceID: [StepHeading]] = [:]
        for row in rows {
            let sequence = SequenceID(try row.decode(column: "sequence_id", as: Int64.self))
            guard let channel = StepChannel(rawValue: try row.decode(column: "channel", as: Int.self)) else { throw ReachError.internalFailure }
            headings[sequence, default: []].append(
                StepHeading(
                    id: StepID(try row.decode(column: "id", as: Int64.self)), number: (headings[sequence]?.count ?? 0) + 1, channel: channel,
                    absoluteDays: try row.decode(column: "absolute_days", as: Int.self)))
        }
        return headings
    }

    public func createSequence(_ sequence: NewSequence, in account: AccountID, at date: Date) async throws -> EmailSequence {
        let id = try await database.write { db in
            try await db.raw(
                """
                INSERT INTO sequences (account_id, owner_id, title, title_key, is_active, schedule_id, priority_distribution, settings,
                                       parent_id, conditions, first_step_relative_days, created_at, updated_at)
                VALUES (\(bind: account.rawValue), \(bind: sequence.ownerID.rawValue), \(bind: sequence.title), \(bind: sequence.title.lowercased()),
                        \(bind: false), \(bind: sequence.scheduleID.rawValue), \(bind: sequence.priorityDistribution.rawValue),
                        \(bind: Self.json(sequence.settings)), \(bind: sequence.trigger?.parentID.rawValue),
                        \(bind: sequence.trigger.map { Self.json($0.conditions) }), \(bind: sequence.trigger?.firstStepRelativeDays),
                        \(bind: date), \(bind: date))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)!
        }
        return EmailSequence(
            id: SequenceID(id), accountID: account, ownerID: sequence.ownerID, clientID: nil, title: sequence.title, isActive: false,
            scheduleID: sequence.scheduleID, priorityDistribution: sequence.priorityDistribution, settings: sequence.settings,
            trigger: sequence.trigger, createdAt: date)
    }

    public func updateSequence(_ id: SequenceID, in account: AccountID, changes: SequenceChanges, at date: Date) async throws -> EmailSequence? {
        try await database.write { db in
            var update = db.update("sequences").set("updated_at", to: date)
                .where("id", .equal, id.rawValue).where("account_id", .equal, account.rawValue)
            if let title = changes.title { update = update.set("title", to: title).set("title_key", to: title.lowercased()) }
            if let active = changes.isActive { update = update.set("is_active", to: active) }
            if let schedule = changes.scheduleID { update = update.set("schedule_id", to: schedule.rawValue) }
            if let distribution = changes.priorityDistribution { update = update.set("priority_distribution", to: distribution.rawValue) }
            if let settings = changes.settings { update = update.set("settings", to: Self.json(settings)) }
            if let conditions = changes.conditions { update = update.set("conditions", to: Self.json(conditions)) }
            if let days = changes.firstStepRelativeDays { update = update.set("first_step_relative_days", to: days) }
            try await update.run()
            return try await Self.sequence(id, in: account, db)
        }
    }

    public func deleteSequence(_ id: SequenceID, in account: AccountID) async throws -> Bool {
        try await database.write { db in
            // Steps, variants and enrolments go with it (ON DELETE CASCADE).
            try await !db.raw("DELETE FROM sequences WHERE id = \(bind: id.rawValue) AND account_id = \(bind: account.rawValue) RETURNING id")
                .all().isEmpty
        }
    }

    // MARK: Steps and variants

    public func steps(of sequence: SequenceID) async throws -> [SequenceStep] {
        try await database.read { db in try await Self.steps(of: sequence, db) }
    }

    static func steps(of sequence: SequenceID, _ db: any SQLDatabase) async throws -> [SequenceStep] {
        let variantRows = try await db.raw(
            """
            SELECT v.id, v.step_id, v.letter_index, v.is_active, v.payload, v.task_note, v.attachment_ids
            FROM step_variants v JOIN sequence_steps t ON t.id = v.step_id
            WHERE t.sequence_id = \(bind: sequence.rawValue) ORDER BY v.letter_index
            """
        ).all()
        var variants: [StepID: [StepVariant]] = [:]
        for row in variantRows {
            let variant = try Self.variant(row)
            variants[variant.stepID, default: []].append(variant)
        }
        let stepRows = try await db.raw(
            """
            SELECT id, channel, absolute_days, priority, assignee_id, created_at FROM sequence_steps
            WHERE sequence_id = \(bind: sequence.rawValue) ORDER BY absolute_days, id
            """
        ).all()
        return try stepRows.enumerated().map { index, row in
            let id = StepID(try row.decode(column: "id", as: Int64.self))
            guard let channel = StepChannel(rawValue: try row.decode(column: "channel", as: Int.self)),
                  let priority = TaskPriority(rawValue: try row.decode(column: "priority", as: Int.self))
            else { throw ReachError.internalFailure }
            return SequenceStep(
                id: id, sequenceID: sequence, number: index + 1, channel: channel, absoluteDays: try row.decode(column: "absolute_days", as: Int.self),
                priority: priority, assigneeID: try row.decode(column: "assignee_id", as: Int64?.self).map(UserID.init),
                variants: variants[id] ?? [], createdAt: try row.decode(column: "created_at", as: Date.self))
        }
    }

    public func createStep(_ step: NewStep, in sequence: SequenceID, at date: Date) async throws -> SequenceStep {
        try await database.write { db in
            let id: Int64
            do {
                id = try await db.raw(
                    """
                    INSERT INTO sequence_steps (sequence_id, channel, absolute_days, priority, assignee_id, created_at, updated_at)
                    VALUES (\(bind: sequence.rawValue), \(bind: step.channel.rawValue), \(bind: step.absoluteDays), \(bind: step.priority.rawValue),
                            \(bind: step.assigneeID?.rawValue), \(bind: date), \(bind: date))
                    RETURNING id
                    """
                ).first(decodingColumn: "id", as: Int64.self)!
            } catch where StorageErrors.isUniqueViolation(error) {
                throw Self.emailDayTaken(step.absoluteDays)
            }
            for (index, variant) in step.variants.enumerated() {
                _ = try await Self.insertVariant(variant, step: StepID(id), channel: step.channel, letterIndex: index, at: date, db)
            }
            guard let created = try await Self.steps(of: sequence, db).first(where: { $0.id.rawValue == id }) else { throw ReachError.internalFailure }
            return created
        }
    }

    static func emailDayTaken(_ days: Int) -> ReachError {
        ReachError(.conflict, code: 4009, message: "Another email step already sends on day \(days): a sequence sends at most one email a day")
    }

    public func updateStep(_ id: StepID, absoluteDays: Int?, priority: TaskPriority?, assigneeID: UserID?, at date: Date) async throws {
        try await database.write { db in
            var update = db.update("sequence_steps").set("updated_at", to: date).where("id", .equal, id.rawValue)
            if let absoluteDays { update = update.set("absolute_days", to: absoluteDays) }
            if let priority { update = update.set("priority", to: priority.rawValue) }
            if let assigneeID { update = update.set("assignee_id", to: assigneeID.rawValue) }
            do {
                try await update.run()
            } catch where StorageErrors.isUniqueViolation(error) {
                throw Self.emailDayTaken(absoluteDays ?? 0)
            }
        }
    }

    public func deleteStep(_ id: StepID, in sequence: SequenceID) async throws -> Bool {
        try await database.write { db in
            // Variants go with it; enrolments at the step keep their place without a step.
            try await !db.raw(
                "DELETE FROM sequence_steps WHERE id = \(bind: id.rawValue) AND sequence_id = \(bind: sequence.rawValue) RETURNING id"
            ).all().isEmpty
        }
    }

    public func addVariant(_ variant: NewVariant, to step: StepID, letterIndex: Int, at date: Date) async throws -> StepVariant {
        try await database.write { db in
            guard let channel = try await db.raw("SELECT channel FROM sequence_steps WHERE id = \(bind: step.rawValue)")
                .first(decodingColumn: "channel", as: Int.self).flatMap(StepChannel.init(rawValue:))
            else { throw ReachError.internalFailure }
            do {
                return try await Self.insertVariant(variant, step: step, channel: channel, letterIndex: letterIndex, at: date, db)
            } catch where StorageErrors.isUniqueViolation(error) {
                throw ReachError(.conflict, code: 4009, message: "Another variant was added to this step at the same time: try again")
            }
        }
    }

    static func insertVariant(
        _ variant: NewVariant, step: StepID, channel: StepChannel, letterIndex: Int, at date: Date, _ db: any SQLDatabase
    ) async throws -> StepVariant {
        let id = try await db.raw(
            """
            INSERT INTO step_variants (step_id, channel, letter_index, is_active, payload, task_note, attachment_ids, created_at, updated_at)
            VALUES (\(bind: step.rawValue), \(bind: channel.rawValue), \(bind: letterIndex), \(bind: variant.isActive), \(bind: json(variant.payload)),
                    \(bind: variant.taskNote), \(bind: SQLBatch.jsonArray(variant.attachmentIDs.map { String($0.rawValue) })), \(bind: date), \(bind: date))
            RETURNING id
            """
        ).first(decodingColumn: "id", as: Int64.self)!
        return StepVariant(
            id: VariantID(id), stepID: step, letterIndex: letterIndex, isActive: variant.isActive, payload: variant.payload,
            taskNote: variant.taskNote, attachmentIDs: variant.attachmentIDs)
    }

    public func updateVariant(_ id: VariantID, of step: StepID, changes: VariantChanges, at date: Date) async throws -> StepVariant? {
        try await database.write { db in
            var update = db.update("step_variants").set("updated_at", to: date).where("id", .equal, id.rawValue).where("step_id", .equal, step.rawValue)
            if let active = changes.isActive { update = update.set("is_active", to: active) }
            if let payload = changes.payload { update = update.set("payload", to: Self.json(payload)) }
            if changes.payload != nil || changes.taskNote != nil { update = update.set("task_note", to: changes.taskNote) }
            if let attachments = changes.attachmentIDs {
                update = update.set("attachment_ids", to: SQLBatch.jsonArray(attachments.map { String($0.rawValue) }))
            }
            try await update.run()
            return try await db.raw(
                """
                SELECT id, step_id, letter_index, is_active, payload, task_note, attachment_ids FROM step_variants
                WHERE id = \(bind: id.rawValue) AND step_id = \(bind: step.rawValue)
                """
            ).first().map(Self.variant)
        }
    }

    public func deleteVariant(_ id: VariantID, of step: StepID) async throws -> Bool {
        try await database.write { db in
            try await !db.raw("DELETE FROM step_variants WHERE id = \(bind: id.rawValue) AND step_id = \(bind: step.rawValue) RETURNING id")
                .all().isEmpty
        }
    }

    // MARK: Rows

    static func sequence(_ row: any SQLRow) throws -> EmailSequence {
        guard let distribution = PriorityDistribution(rawValue: try row.decode(column: "priority_distribution", as: Int.self)) else {
            throw ReachError.internalFailure
        }
        return EmailSequence(
            id: SequenceID(try row.decode(column: "id", as: Int64.self)),
            accountID: AccountID(try row.decode(column: "account_id", as: Int64.self)),
            ownerID: UserID(try row.decode(column: "owner_id", as: Int64.self)),
            clientID: try row.decode(column: "client_id", as: Int64?.self).map(ClientID.init),
            title: try row.decode(column: "title", as: String.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            scheduleID: ScheduleID(try row.decode(column: "schedule_id", as: Int64.self)),
            priorityDistribution: distribution,
            settings: settings(fromJSON: try row.decode(column: "settings", as: String.self)),
            trigger: try row.decode(column: "parent_id", as: Int64?.self).map { parent in
                SubsequenceTrigger(
                    parentID: SequenceID(parent), conditions: try conditions(fromJSON: try row.decode(column: "conditions", as: String?.self) ?? "[]"),
                    firstStepRelativeDays: try row.decode(column: "first_step_relative_days", as: Int?.self))
            },
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    static func variant(_ row: any SQLRow) throws -> StepVariant {
        var payload: [VariantPayloadKey: String] = [:]
        for (key, value) in JSONParser.parseStringMap(try row.decode(column: "payload", as: String.self)) ?? [] {
            if let key = VariantPayloadKey(rawValue: key) { payload[key] = value }
        }
        return StepVariant(
            id: VariantID(try row.decode(column: "id", as: Int64.self)),
            stepID: StepID(try row.decode(column: "step_id", as: Int64.self)),
            letterIndex: try row.decode(column: "letter_index", as: Int.self),
            isActive: try row.decode(column: "is_active", as: Bool.self),
            payload: payload,
            taskNote: try row.decode(column: "task_note", as: String?.self),
            attachmentIDs: SQLBatch.stringArray(fromJSON: try row.decode(column: "attachment_ids", as: String.self)).compactMap(Int64.init)
                .map(AttachmentID.init))
    }

    /// Only the settings that differ from their defaults are stored, keyed by code.
    static func json(_ settings: SequenceSettings) -> String {
        JSONWriter.string(Dictionary(uniqueKeysWithValues: settings.values.map { (String($0.key.rawValue), $0.value) }))
    }

    static func settings(fromJSON text: String) -> SequenceSettings {
        var values: [SequenceSettingCode: String] = [:]
        for (key, value) in JSONParser.parseStringMap(text) ?? [] {
            if let code = Int(key).flatMap(SequenceSettingCode.init(rawValue:)) { values[code] = value }
        }
        return SequenceSettings(values: values)
    }

    static func json(_ conditions: [TriggerCondition]) -> String {
        JSONWriter.string(.array(conditions.map { condition in
            var members: [String: JSONValue] = ["name": .string(condition.name.rawValue), "operation": .string(condition.operation.rawValue)]
            switch condition.value {
            case .flag(let flag)?: members["value"] = .bool(flag)
            case .count(let count)?: members["value"] = .integer(Int64(count))
            case .text(let text)?: members["value"] = .string(text)
            case nil: break
            }
            return .object(members)
        }))
    }

    static func conditions(fromJSON text: String) throws -> [TriggerCondition] {
        try (JSONParser.parse(text).arrayValue ?? []).map { item in
            let value: TriggerCondition.Value? =
                switch item["value"] {
                case .bool(let flag)?: .flag(flag)
                case .integer(let count)?: .count(Int(count))
                case .string(let text)?: .text(text)
                default: nil
                }
            return try TriggerCondition(name: item["name"]?.stringValue ?? "", operation: item["operation"]?.stringValue ?? "", value: value)
        }
    }

    static func json(_ payload: [VariantPayloadKey: String]) -> String {
        JSONWriter.string(Dictionary(uniqueKeysWithValues: payload.map { ($0.key.rawValue, $0.value) }))
    }
}
