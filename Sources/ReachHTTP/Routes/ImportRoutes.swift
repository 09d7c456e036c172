import Foundation
import ReachAPI
import ReachCore
import ReachJSON

/// Asynchronous prospect imports and their reports.
struct ImportRoutes {
    let importer: ProspectImporter
    let enrolments: EnrolmentService
    let linkSigner: LinkSigner
    let publicURL: String
    let clock: any WallClock

    /// How long a report link from import-status stays valid.
    static let reportLinkLifetime: TimeInterval = 24 * 3600

    func register(on router: inout APIRouter) {
        for operation in [ProspectsAPI.importWithFieldNames, SequencesAPI.importIntoStep] {
            router.add(operation) { request in
                let body = try request.body.unwrapped()
                let rows = (body["prospectList"]?.arrayValue ?? []).map { row in
                    let members = row.objectValue ?? [:]
                    return ImportRow(cells: members.keys.sorted().map { ImportCell(field: .label($0), value: APIRequest.cellText(members[$0])) })
                }
                return try await start(request, rows: rows, tags: body["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
        }
        router.add(ProspectsAPI.importWithFieldIDs) { request in
            let body = try request.decodeBody(ProspectsAPI.ImportWithFieldIDsRequest.self)
            let rows = body.prospectList.map { row in
                ImportRow(cells: row.fields.map { ImportCell(field: ProspectRoutes.fieldReference($0.id, request), value: APIRequest.cellText($0.value)) })
            }
            return try await start(request, rows: rows, tags: [])
        }
        router.add(ProspectsAPI.importStatus) { request in
            let id = try request.parameterID("requestId", as: ImportJob.self, notFound: ProspectImporter.notFound)
            let job = try await importer.status(of: id, in: request.account)
            let encoded = request.encode(job.id)
            let signature = linkSigner.sign(Self.reportResource(job.id), validFor: Self.reportLinkLifetime, now: clock.now)
            let reportURL = "\(publicURL)/v1/prospects/import-status/\(encoded)/report?expires=\(signature.expires)&signature=\(signature.signature)"
            return try request.respond(with: ProspectsAPI.ImportStatus(
                isCompleted: job.isFinished, reportURL: reportURL, status: job.status.rawValue, totalRows: job.totalRows,
                processedRows: job.processedRows, created: job.counts.created, updated: job.counts.updated, unchanged: job.counts.unchanged,
                skipped: job.counts.skipped, error: job.error))
        }
        router.add(ProspectsAPI.importReport) { request in
            let id = try request.parameterID("requestId", as: ImportJob.self, notFound: ProspectImporter.notFound)
            let issues: [ImportIssue]
            if let principal = request.optionalPrincipal {
                issues = try await importer.report(of: id, in: principal.accountID).1
            } else {
                guard let expires = request.parameters["expires"]?.integerValue, let signature = request.parameter("signature"),
                    linkSigner.verify(Self.reportResource(id), expires: Int(expires), signature: signature, now: clock.now)
                else { throw ReachError.invalidToken }
                issues = try await importer.report(ofSignedLinkTo: id)
            }
            return .file(Array(Self.csv(issues).utf8), contentType: "text/csv; charset=utf-8", fileName: "import-\(request.encode(id))-report.csv")
        }
    }

    func start(_ request: APIRequest, rows: [ImportRow], tags: [String]) async throws -> APIResponse {
        let body = try request.body.unwrapped()
        guard let action = body["conflictAction"]?.stringValue.flatMap(ConflictAction.init) else { throw ReachError.internalFailure }
        let principal = try request.principal
        var step: StepLocation?
        if let value = body["stepId"], value != .null {
            let id = request.id(value, as: SequenceStep.self)
            step = try await enrolments.step(id, undecodable: id == nil, in: principal.accountID)
        }
        let job = try await importer.start(
            in: principal.accountID, by: principal.userID, rows: rows, conflictAction: action,
            verifyProspects: body["verifyProspects"]?.boolValue ?? false, tagNames: tags, stepID: step?.stepID.rawValue)
        return try request.respond(with: ProspectsAPI.ImportStarted(requestId: request.encode(job.id)))
    }

    static func reportResource(_ id: ImportJobID) -> String { "import-report:\(id.rawValue)" }

    static func csv(_ issues: [ImportIssue]) -> String {
        CSV.document(header: ["row", "email", "reason"], rows: issues.map { [String($0.rowNumber), $0.email, $0.reason] })
    }
}

extension Optional where Wrapped == JSONValue {
    /// The validated body of an operation that has one.
    func unwrapped() throws -> JSONValue {
        guard let self else { throw ReachError.internalFailure }
        return self
    }
}
