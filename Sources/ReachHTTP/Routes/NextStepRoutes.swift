import ReachAPI
import ReachCore
import ReachJSON

struct NextStepRoutes {
    let sending: SendingEngine

    func register(on router: inout APIRouter) {
        router.add(NextStepAPI.get) { request in
            let sequence = try request.parameterID("sequenceId", as: EmailSequence.self, notFound: SendingEngine.enrolmentNotFound)
            let prospect = try request.parameterID("prospectId", as: Prospect.self, notFound: SendingEngine.enrolmentNotFound)
            let plan = try await sending.nextStep(of: prospect, in: sequence, account: request.account)
            return try request.respond(
                with: NextStepAPI.Plan(
                    state: plan.state.rawValue,
                    step: plan.step.map { NextStepAPI.Step(id: request.encode($0.id), number: $0.number, type: $0.channel.rawValue) },
                    plannedAt: plan.plannedAt.map(ISO8601Parsing.string),
                    emailAccount: plan.mailbox.map { NextStepAPI.Mailbox(id: request.encode($0.id), email: $0.sender.email.address) },
                    variant: plan.variantLetter, taskId: plan.taskID.map(request.encode),
                    reasons: plan.reasons.map { NextStepAPI.Reason(code: $0.code, message: $0.message) }))
        }
    }
}
