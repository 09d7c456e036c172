/// Saleshandy's operations that answer from its own database of people and companies (Lead
/// Finder, its AI chat, leads-to-email). A self-hosted server has no such database, so they are
/// served, documented and always answer 501 with code 50100, saying so, rather than 404 or an
/// empty success that a script might take for "no leads found".
public enum LeadFinderAPI {
    public static let tag = "Lead Finder"

    public static let notSelfHosted = DocumentedError(
        status: 501, code: 50100,
        message: "Not available on a self-hosted server: it needs Saleshandy's database of people and companies")

    static let explanation = "Always answers 501 (code 50100): Reach has no database of people and companies to search."

    public static let aiChat = APIOperation(
        id: "LeadFinderController_aiChat", method: .post, path: "/v1/leads/ai-chat", tag: tag,
        summary: "AI lead search chat (not self-hosted)", description: explanation,
        requestBody: .json(.object([
            .required("query", .string(minLength: 1, maxLength: 600)), .optional("conversationId", .string(maxLength: 200)),
            .optional("limit", .integer(minimum: 1, maximum: 100)),
        ])),
        response: .unavailable, errors: [notSelfHosted])

    public static let addLeadsToSequence = APIOperation(
        id: "LeadFinderController_bulkAddLeadsToSequence", method: .post, path: "/v1/leads/bulk-actions/add-to-sequence", tag: tag,
        summary: "Add Lead Finder leads to a sequence (not self-hosted)",
        description: explanation + " Prospects of the account are enrolled with POST /v1/sequences/{sequenceId}/contacts.",
        requestBody: .json(.object([
            .required("leadIds", .array(of: .integer, maxItems: 10_000)), .required("sequenceId", .id), .required("stepId", .id),
            .optional("newTags", .array(of: .string(maxLength: 100), maxItems: 100)), .optional("tagIds", .array(of: .id, maxItems: 100)),
        ])),
        response: .unavailable, errors: [notSelfHosted])

    public static let leadsToEmail = APIOperation(
        id: "LeadsToEmailController_createWorkflow", method: .post, path: "/v1/leads-to-email", tag: tag,
        summary: "Find emails for a CSV of leads (not self-hosted)", description: explanation,
        requestBody: RequestBody(schema: .any, contentType: .multipartFile(field: "file"), maximumBytes: 50 * 1024 * 1024 + 64 * 1024),
        response: .unavailable, errors: [notSelfHosted])

    public static let leadsToEmailFromDomains = APIOperation(
        id: "LeadsToEmailController_createDomainsWorkflow", method: .post, path: "/v1/leads-to-email/domains", tag: tag,
        summary: "Find leads and emails at domains (not self-hosted)", description: explanation,
        requestBody: .json(.object([
            .required("domains", .array(of: .anyOf([.string(maxLength: 253), .map(of: .string(maxLength: 200))]), minItems: 1, maxItems: 10_000)),
            .required("webhookUrl", .string(maxLength: 2048)), .optional("leadsPerDomain", .integer(minimum: 1, maximum: 100)),
            .optional("exportColumns", .array(of: .string(maxLength: 100), maxItems: 100)), .optional("filters", .map(of: .any)),
        ])),
        response: .unavailable, errors: [notSelfHosted])

    public static let all = [aiChat, addLeadsToSequence, leadsToEmail, leadsToEmailFromDomains]
}
