import ReachAPI
import ReachCore
import ReachJSON

/// Prospects in sequences: enrolling them, their status and outcomes, and which sequences a
/// prospect is in.
struct EnrolmentRoutes {
    let enrolments: EnrolmentService

    func register(on router: inout APIRouter) {
        router.add(SequencesAPI.addContacts) { request in
            let body = try request.decodeBody(SequencesAPI.AddContactsRequest.self)
            let (ids, undecodable) = request.ids(body.contactIds, as: Prospect.self)
            let step = request.id(body.stepId, as: SequenceStep.self)
            let result = try await enrolments.add(
                ids, undecodable: undecodable, to: try SequenceRoutes.sequenceID(request), at: step, undecodableStep: step == nil,
                in: request.account)
            return try request.respond(with: SequencesAPI.AddContactsResult(
                added: result.enrolment.added.count, alreadyInStep: result.enrolment.alreadyAtStep.count,
                refused: result.refused.map { .init(prospectId: request.encode($0.0), reason: $0.1) }
                    + result.enrolment.inAnotherStep.map { .init(prospectId: request.encode($0), reason: EnrolmentResult.inAnotherStepReason) }))
        }
        router.add(ProspectsAPI.sequences) { request in
            let id = try request.parameterID("prospectId", as: Prospect.self, notFound: ProspectService.notFound)
            let memberships = try await enrolments.memberships(of: id, in: request.account)
            return try request.respond(with: memberships.map {
                ProspectsAPI.SequenceMembership(
                    id: request.encode($0.enrolment.sequenceID), title: $0.title, status: $0.enrolment.status.rawValue,
                    stepId: $0.enrolment.stepID.map { request.encode($0) }, stepNumber: $0.stepNumber, outcome: $0.enrolment.outcome,
                    enrolledAt: ISO8601Parsing.string(from: $0.enrolment.enrolledAt))
            })
        }
        router.add(ProspectsAPI.updateStatus) { request in
            let body = try request.decodeBody(ProspectsAPI.StatusChangeRequest.self)
            let pairs = body.prospectAndSequenceIds.map {
                (request.id($0.prospectId, as: Prospect.self), request.id($0.sequenceId, as: EmailSequence.self))
            }
            let (success, failed) = try await enrolments.changeStatus(
                of: pairs, to: body.status, pauseDelayInDays: body.pauseDelayInDays, in: request.account)
            return try request.respond(with: ["success": JSONValue.integer(Int64(success)), "failed": .integer(Int64(failed))])
        }
        router.add(SequencesAPI.updateOutcome) { request in
            let body = try request.decodeBody(SequencesAPI.OutcomeRequest.self)
            let sequence = body.sequenceId.flatMap { $0 == .null ? nil : $0 }.map { request.id($0, as: EmailSequence.self) }
            let updated = try await enrolments.setOutcome(
                body.outcomeName, emails: body.prospectEmails, sequence: sequence ?? nil, undecodableSequence: sequence.map { $0 == nil } ?? false,
                dealValue: body.dealValue, in: request.account)
            return try request.respond(with: ["updated": JSONValue.integer(Int64(updated))])
        }
    }
}
