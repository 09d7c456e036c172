/// Decides what an import chunk does, without touching storage: which rows are refused and
/// why, which prospects are created or changed, and the counts. Rows are applied in order, so a
/// second row for one email sees what the first did.
enum ImportPlanner {
    struct ReadRow {
        let number: Int
        let email: EmailAddress?
        let values: [FieldID: String]
        let problem: String?
    }

    struct Plan {
        var writes: [ProspectWrite] = []
        /// Normalized emails of the rows that were not refused, for tags and enrolment.
        var keptEmailKeys: [String] = []
        var issues: [ImportIssue] = []
        var counts = ImportCounts()
    }

    static func read(_ rows: ArraySlice<ImportRow>, catalog: FieldCatalog) -> [ReadRow] {
        rows.indices.map { index in
            let row = rows[index]
            let number = index + 1
            switch catalog.read(row.cells.map { ($0.field, $0.value) }) {
            case .failure(let errors):
                let email = row.cells.first { catalog.field($0.field)?.systemField == .email }?.value ?? ""
                return ReadRow(number: number, email: EmailAddress(email), values: [:], problem: errors.message)
            case .success(let read):
                return ReadRow(number: number, email: read.email, values: read.values, problem: read.email == nil ? "Email is required" : nil)
            }
        }
    }

    static func plan(
        _ rows: [ReadRow], existing: [String: Prospect], doNotContact: [String: String], action: ConflictAction, owner: UserID,
        catalog: FieldCatalog
    ) -> Plan {
        struct State {
            let id: ProspectID?
            let email: EmailAddress
            let owner: UserID?
            var values: [FieldID: String]
            var changed: Bool
        }
        var plan = Plan()
        var states: [String: State] = [:]
        var order: [String] = []
        var kept: Set<String> = []
        for row in rows {
            guard let email = row.email, row.problem == nil else {
                plan.issues.append(ImportIssue(rowNumber: row.number, email: row.email?.address ?? "", reason: row.problem ?? "Email is required"))
                plan.counts.skipped += 1
                continue
            }
            let key = email.normalized
            if !doNotContact.isEmpty, let reason = DoNotContactEntry.candidates(for: email).lazy.compactMap({ doNotContact[$0] }).first {
                plan.issues.append(ImportIssue(rowNumber: row.number, email: email.address, reason: reason))
                plan.counts.skipped += 1
                continue
            }
            if var state = states[key] ?? existing[key].map({ prospect in
                State(id: prospect.id, email: EmailAddress(stored: prospect.email), owner: prospect.ownerID, values: prospect.values, changed: false)
            }) {
                let merged = action.merge(row.values, into: state.values)
                if merged == state.values {
                    plan.counts.unchanged += 1
                } else {
                    state.values = merged
                    state.changed = true
                    plan.counts.updated += 1
                }
                if states[key] == nil { order.append(key) }
                states[key] = state
            } else {
                states[key] = State(id: nil, email: email, owner: owner, values: row.values.filter { !$0.value.isEmpty }, changed: true)
                order.append(key)
                plan.counts.created += 1
            }
            if kept.insert(key).inserted { plan.keptEmailKeys.append(key) }
        }
        plan.writes = order.compactMap { key in
            guard let state = states[key], state.changed else { return nil }
            return ProspectWrite(existingID: state.id, email: state.email, values: state.values, catalog: catalog, ownerID: state.owner)
        }
        return plan
    }
}
