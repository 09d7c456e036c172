import Foundation
import ReachAPI
import ReachCore
import ReachJSON

/// §15.6–15.11: enrichment requests, their status and results, rate limits and credits.
struct EnrichmentRoutes {
    let enrichment: EnrichmentService

    func register(on router: inout APIRouter) {
        router.add(EnrichmentAPI.enrichContact) { request in
            let body = try request.decodeBody(EnrichmentAPI.ContactRequest.self)
            // A lead id that is not one of ours stays a record of its own, reported as not found.
            var records: [(input: EnrichmentInput, prospectID: ProspectID?)] = (body.lead_id ?? []).map {
                (EnrichmentInput(field: "lead_id", value: $0), request.id($0, as: Prospect.self))
            }
            records += (body.linkedin_url ?? []).map { (EnrichmentInput(field: "linkedin_url", value: .string($0)), nil) }
            records += (body.full_name_with_company ?? []).map { (EnrichmentInput(field: "full_name_with_company", value: $0), nil) }
            let options = ContactOptions(
                emailType: body.email_type.flatMap(ContactOptions.EmailType.init(rawValue:)) ?? .workEmail,
                revealPhone: body.reveal_phone ?? false, profileOnly: body.profile_only ?? false)
            let job = try await enrichment.enrichContacts(
                records, options: options, emailTypeGiven: body.email_type != nil, webhookURL: body.webhook_url,
                by: request.principal.userID, in: request.account)
            return try request.respond(with: JSONValue.object(enrichment.statusDocument(job)))
        }
        router.add(EnrichmentAPI.enrichCompany) { request in
            let body = try request.decodeBody(EnrichmentAPI.CompanyRequest.self)
            let inputs = (body.company_domain ?? []).map { EnrichmentInput(field: "company_domain", value: .string($0)) }
                + (body.company_website ?? []).map { EnrichmentInput(field: "company_website", value: .string($0)) }
                + (body.company_id ?? []).map { EnrichmentInput(field: "company_id", value: .integer($0)) }
                + (body.linkedin_url ?? []).map { EnrichmentInput(field: "linkedin_url", value: .string($0)) }
            let job = try await enrichment.enrichCompanies(inputs, webhookURL: body.webhook_url, by: request.principal.userID, in: request.account)
            return try request.respond(with: JSONValue.object(enrichment.statusDocument(job)))
        }
        router.add(EnrichmentAPI.jobStatus) { request in
            let id = try request.parameterID("requestId", as: EnrichmentJob.self, notFound: EnrichmentService.notFound)
            return try request.respond(with: JSONValue.object(enrichment.statusDocument(try await enrichment.job(id, in: request.account))))
        }
        router.add(EnrichmentAPI.jobResult) { request in
            let id = try request.parameterID("requestId", as: EnrichmentJob.self, notFound: EnrichmentService.notFound)
            return try request.respond(with: try await enrichment.result(of: id, in: request.account))
        }
        router.add(EnrichmentAPI.rateLimits) { request in
            var payload: [String: JSONValue] = [:]
            for (window, limit, remaining, resetAt) in try await enrichment.rateLimits(in: request.account) {
                let key = switch window {
                case .minute: "perMinute"
                case .hour: "perHour"
                case .day: "perDay"
                }
                payload[key] = .object([
                    "limit": .integer(Int64(limit)), "remaining": .integer(Int64(remaining)),
                    "resetAt": .integer(Int64(resetAt.timeIntervalSince1970.rounded(.up))),
                ])
            }
            return try request.respond(with: JSONValue.object(payload))
        }
        router.add(EnrichmentAPI.credits) { request in
            try request.respond(with: try await enrichment.credits(in: request.account))
        }
    }
}
