import ReachAPI
import ReachCore
import ReachJSON

struct EventRoutes {
    let events: EventFeedService

    func register(on router: inout APIRouter) {
        router.add(EventsAPI.list) { request in
            let query = try request.decodeParameters(EventsAPI.Query.self)
            var filter = EventFilter()
            for name in query.type ?? [] {
                guard let kind = SendingEvent.Kind(rawValue: name) else { throw ReachError.invalidInput("type: \(name) is not an event type", field: "type") }
                filter.kinds.append(kind)
            }
            // An id that names nothing of this account matches no event, as a filter should.
            if let text = query.sequenceId { filter.sequenceID = request.codec.decode(text, as: EmailSequence.self) ?? SequenceID(-1) }
            if let text = query.prospectId { filter.prospectID = request.codec.decode(text, as: Prospect.self) ?? ProspectID(-1) }
            if let text = query.emailAccountId { filter.emailAccountID = request.codec.decode(text, as: EmailAccount.self) ?? EmailAccountID(-1) }
            let page = try await events.events(in: try request.account, after: query.after, filter: filter, limit: query.limit)
            let wire = page.events.map { event in
                EventsAPI.Event(
                    id: request.encode(event.id), type: event.kind.rawValue, occurredAt: ISO8601Parsing.string(from: event.occurredAt),
                    cursor: event.position.cursor, sequenceId: event.sequenceID.map(request.encode), stepId: event.stepID.map(request.encode),
                    prospectId: event.prospectID.map(request.encode), emailAccountId: event.emailAccountID.map(request.encode),
                    taskId: event.taskID.map(request.encode), detail: event.detail)
            }
            return try request.respond(with: EventsAPI.Feed(events: wire, nextCursor: page.next?.cursor ?? ""))
        }
    }
}
