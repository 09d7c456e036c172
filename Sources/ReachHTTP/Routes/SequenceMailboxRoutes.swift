import ReachAPI
import ReachCore
import ReachJSON

struct SequenceMailboxRoutes {
    let sequenceMailboxes: SequenceMailboxService
    let emailAccounts: EmailAccountService
    let clock: any WallClock

    func register(on router: inout APIRouter) {
        router.add(SequenceMailboxesAPI.list) { request in
            let id = try Self.sequenceID(request)
            let (sequence, links) = try await sequenceMailboxes.links(of: id, in: request.account)
            let mailboxes = links.map(\.emailAccount)
            let details = try await emailAccounts.details(of: mailboxes, in: request.account)
            return try request.respond(with: SequenceMailboxesAPI.Links(
                id: request.encode(id), sequenceId: request.encode(id),
                createdAt: ISO8601Parsing.string(from: links.map(\.attachedAt).min() ?? sequence.createdAt),
                emailAccount: mailboxes.map { EmailAccountRoutes.wire($0, details, request, now: clock.now) }))
        }
        router.add(SequenceMailboxesAPI.add) { request in
            let body = try request.decodeBody(EmailAccountsAPI.IDsRequest.self)
            let (ids, undecodable) = request.ids(body.emailAccountIds, as: EmailAccount.self)
            try await sequenceMailboxes.attach(ids, undecodable: undecodable, to: try Self.sequenceID(request), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(SequenceMailboxesAPI.remove) { request in
            let body = try request.decodeBody(EmailAccountsAPI.IDsRequest.self)
            let (ids, undecodable) = request.ids(body.emailAccountIds, as: EmailAccount.self)
            try await sequenceMailboxes.detach(ids, undecodable: undecodable, from: try Self.sequenceID(request), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(SequenceMailboxesAPI.testEmail) { request in
            let body = try request.decodeBody(SequenceMailboxesAPI.TestEmailRequest.self)
            try await sequenceMailboxes.sendTestEmail(
                for: try Self.sequenceID(request), from: request.id(body.fromEmailAccountId, as: EmailAccount.self), to: body.to,
                subject: body.subject, content: body.content, preheader: body.preheader, in: request.account)
            return try request.respondWithoutPayload()
        }
    }

    static func sequenceID(_ request: APIRequest) throws -> SequenceID {
        try request.parameterID("sequenceId", as: EmailSequence.self, notFound: ReachError.invalidInput("Sequence is not found", field: "sequenceId", code: 40100))
    }
}
