import ReachAPI
import ReachCore

/// The unsubscribe links of emails: a confirmation page, and the POST that unsubscribes.
struct UnsubscribeRoutes {
    let engagement: EngagementService
    let links: EmailLinks
    let clock: any WallClock

    func register(on router: inout APIRouter) {
        router.add(UnsubscribeAPI.page) { request in
            _ = try verified(request)
            return .text(Self.page(
                title: "Unsubscribe",
                body: """
                    <p>Click below and you will receive no more emails from this sender.</p>
                    <form method="post"><button type="submit">Unsubscribe</button></form>
                    """), contentType: "text/html; charset=utf-8")
        }
        router.add(UnsubscribeAPI.confirm) { request in
            let (prospect, sequence) = try verified(request)
            guard try await engagement.unsubscribe(prospect, from: sequence) else { throw Self.invalidLink }
            return .text(Self.page(title: "Unsubscribed", body: "<p>You are unsubscribed and will receive no more emails from this sender.</p>"),
                         contentType: "text/html; charset=utf-8")
        }
    }

    static let invalidLink = ReachError.notFound("This unsubscribe link is not valid")

    func verified(_ request: APIRequest) throws -> (ProspectID, SequenceID) {
        guard let found = links.verifyUnsubscribe(
            prospect: request.parameter("prospectId") ?? "", sequence: request.parameter("sequenceId") ?? "",
            signature: request.parameter("signature") ?? "", now: clock.now)
        else { throw Self.invalidLink }
        return found
    }

    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
        <h1>\(title)</h1>
        \(body)
        </body></html>
        """
    }
}
