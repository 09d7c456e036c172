import ReachJSON

/// Contact and company enrichment (§15.6–15.11): asynchronous jobs with status, results,
/// rate limits and credits, answered from the built-in provider (public facts only) or the
/// data service the server is configured with.
public enum EnrichmentAPI {
    public static let tag = "Enrichment"

    static let requestIdParameter = Parameter.path("requestId", .string(minLength: 1), "The requestId an enrich call answered with.")
    static let jobNotFound = DocumentedError(status: 404, code: 40000, message: "Enrichment job not found")

    static let status: JSONSchema = .object([
        .required("requestId", .string), .required("status", .string(oneOf: ["in-progress", "completed"])),
        .required("totalRecords", .integer(minimum: 0)), .required("processed", .integer(minimum: 0)),
        .required("succeeded", .integer(minimum: 0)), .required("failed", .integer(minimum: 0)),
        .required("creditsCharged", .number(minimum: 0)),
        .optional("webhookDelivery", .string, "What webhook_url answered when the results were posted, or why they were not delivered."),
    ])

    static let record: JSONSchema = .object([
        .required("input", .map(of: .any), "The request's value this record is about, under the field it came in."),
        .optional("prospectId", .string, "The prospect a lead_id named."),
        .required("status", .string(oneOf: ["pending", "enriched", "not-found", "failed"])),
        .optional("data", .map(of: .string), "What was found, by field."),
        .optional("sources", .map(of: .string), "Where each value in data came from."),
        .optional("notes", .array(of: .string), "What was asked for and could not be found."),
        .optional("reason", .string, "Why nothing was found, or why the attempt failed."),
        .optional("creditsCharged", .number(minimum: 0)),
    ])

    static let result: JSONSchema = .object(
        (status.objectProperties ?? []) + [.required("type", .string(oneOf: ["contact", "company"])), .required("results", .array(of: record))])

    static let providerNote = """
        The built-in provider derives only what public facts show, each value with its source: the company domain from a \
        work email (never a free-mail one), the company's name, description, website and LinkedIn page from its own home \
        page, its mail provider from MX, a work email from the company's mail server accepting one of the usual patterns \
        while refusing made-up addresses, and a time zone from a country that has one. Phones, personal emails, LinkedIn \
        profiles and Lead Finder ids need a configured data provider (reach serve --enrichment-url).
        """

    public static let enrichContact = APIOperation(
        id: "LeadFinderController_enrichLeads", method: .post, path: "/v1/enrich/contact", tag: tag,
        summary: "Enrich people (asynchronous)",
        description: """
            Answers at once with the job's status; poll GET /v1/enrich/status/{requestId}, then read \
            GET /v1/enrich/status/result/{requestId}, or name webhook_url to have the results posted there. lead_id names the \
            account's prospects (their ids); full_name_with_company takes objects with full_name (or first_name and \
            last_name) and company_name, company_domain or company_website. Up to 10,000 records per request. 
            """ + providerNote,
        requestBody: .json(.object([
            .optional("lead_id", .array(of: .id, maxItems: 10_000), "Prospect ids."),
            .optional("linkedin_url", .array(of: .string(minLength: 1, maxLength: 2048), maxItems: 10_000)),
            .optional("full_name_with_company", .array(of: .map(of: .any), maxItems: 10_000)),
            .optional("email_type", .string(oneOf: ["work_email", "personal_email"])),
            .optional("reveal_phone", .boolean), .optional("profile_only", .boolean),
            .optional("webhook_url", .string(minLength: 1, maxLength: 2048)),
        ])),
        response: .envelope(status: 200, message: "Enrichment started", payload: status),
        errors: [
            DocumentedError(status: 400, code: 4000, message: "Failed to enrich leads"),
            DocumentedError(status: 400, code: 1001, message: "profile_only cannot be combined with email_type or reveal_phone"),
            DocumentedError(status: 429, code: 4029, message: "Enrichment rate limit reached"),
        ])

    public static let enrichCompany = APIOperation(
        id: "LeadFinderController_enrichCompanies", method: .post, path: "/v1/enrich/company", tag: tag,
        summary: "Enrich companies (asynchronous)",
        description: "Answers at once with the job's status, like enrich contact. Up to 10,000 records per request. " + providerNote,
        requestBody: .json(.object([
            .optional("company_domain", .array(of: .string(minLength: 1, maxLength: 253), maxItems: 10_000)),
            .optional("company_website", .array(of: .string(minLength: 1, maxLength: 2048), maxItems: 10_000)),
            .optional("company_id", .array(of: .integer, maxItems: 10_000), "Lead Finder company ids: not found on a self-hosted server."),
            .optional("linkedin_url", .array(of: .string(minLength: 1, maxLength: 2048), maxItems: 10_000)),
            .optional("webhook_url", .string(minLength: 1, maxLength: 2048)),
        ])),
        response: .envelope(status: 200, message: "Enrichment started", payload: status),
        errors: [
            DocumentedError(status: 400, code: 4000, message: "Failed to enrich companies"),
            DocumentedError(status: 429, code: 4029, message: "Enrichment rate limit reached"),
        ])

    public static let jobStatus = APIOperation(
        id: "LeadFinderController_getEnrichmentStatus", method: .get, path: "/v1/enrich/status/{requestId}", tag: tag,
        summary: "Enrichment job status", description: "processed counts records with an outcome; succeeded ones found something, failed ones did not.",
        parameters: [requestIdParameter],
        response: .envelope(status: 200, message: "Success", payload: status), errors: [jobNotFound])

    public static let jobResult = APIOperation(
        id: "LeadFinderController_getEnrichmentResult", method: .get, path: "/v1/enrich/status/result/{requestId}", tag: tag,
        summary: "Enrichment job results",
        description: "Every record in request order: pending until worked, then enriched (data, sources, notes), not-found or failed (reason).",
        parameters: [requestIdParameter],
        response: .envelope(status: 200, message: "Success", payload: result), errors: [jobNotFound])

    static let window: JSONSchema = .object([
        .required("limit", .integer(minimum: 0)), .required("remaining", .integer(minimum: 0)),
        .required("resetAt", .integer(minimum: 0), "When the oldest request in the window leaves it (epoch seconds)."),
    ])

    public static let rateLimits = APIOperation(
        id: "LeadFinderController_getRateLimitStatus", method: .get, path: "/v1/enrich/rate-limits", tag: tag,
        summary: "Enrichment rate limits",
        description: "Enrichment requests allowed per account per minute, hour and day (30, 1,000 and 10,000 unless the server sets others), counted over a sliding window.",
        response: .envelope(
            status: 200, message: "Enrichment rate limit status fetched successfully",
            payload: .object([.required("perMinute", window), .required("perHour", window), .required("perDay", window)])))

    public static let credits = APIOperation(
        id: "LeadFinderController_getCreditDetails", method: .get, path: "/v1/credits", tag: tag,
        summary: "Enrichment credits",
        description: "What enrichment has cost the account. The built-in provider charges nothing; a data provider's charges are what it reported per record. A self-hosted server sets no credit limit, so remaining is null.",
        response: .envelope(
            status: 200, message: "Credit details fetched successfully",
            payload: .object([
                .required("provider", .string), .required("isUnlimited", .boolean), .required("remaining", .nullable(.number())),
                .required("used", .object([.required("today", .number(minimum: 0)), .required("thisMonth", .number(minimum: 0)), .required("total", .number(minimum: 0))])),
            ])))

    public struct ContactRequest: Codable, Sendable {
        public var lead_id: [JSONValue]?
        public var linkedin_url: [String]?
        public var full_name_with_company: [JSONValue]?
        public var email_type: String?
        public var reveal_phone: Bool?
        public var profile_only: Bool?
        public var webhook_url: String?
    }

    public struct CompanyRequest: Codable, Sendable {
        public var company_domain: [String]?
        public var company_website: [String]?
        public var company_id: [Int64]?
        public var linkedin_url: [String]?
        public var webhook_url: String?
    }

    public static let all = [enrichContact, enrichCompany, jobStatus, jobResult, rateLimits, credits]
}
