import ReachJSON

/// People and company search (§15.2–15.4) over the account's own prospects and their companies.
public enum SearchAPI {
    public static let tag = "Search"

    static let textFilter: JSONSchema = .object([
        .optional("includes", .array(of: .string(maxLength: 500), maxItems: 100)),
        .optional("excludes", .array(of: .string(maxLength: 500), maxItems: 100)),
        .optional("exactMatch", .anyOf([.integer(oneOf: [0, 1]), .boolean])),
        .optional("shouldSearchPast", .anyOf([.integer(oneOf: [0, 1]), .boolean]), "Reach keeps no past jobs: 1 is refused."),
    ])

    static let unsupported = "Needs Lead Finder's data, which a self-hosted server does not have: refused with code 1001."

    /// Saleshandy's people filters that Reach's data cannot answer.
    public static let unsupportedPeopleFilters = [
        "certifications", "company_annual_revenue", "company_bootstraped", "company_founded_year", "company_funding_amount",
        "company_funding_date", "company_hq_location", "company_size", "current_company_experience", "current_role_tenure",
        "decision_maker", "education_degrees", "is_b2b", "jobs_changed_within", "linkedin_connection_count", "linkedin_followers_count",
        "management_level", "projected_base_salary", "skills", "social_link", "total_experience",
    ]

    /// Saleshandy's company filters that Reach's data cannot answer.
    public static let unsupportedCompanyFilters = [
        "active_job_postings_count", "active_job_postings_title", "base_salary", "company_annual_revenue", "company_founded_year",
        "company_funding_amount", "company_funding_date", "company_hq_location", "company_size", "employee_count_department",
        "employee_count_seniority", "employee_reviews_aggregate_score", "employee_reviews_business_outlook",
        "employee_reviews_career_opportunities", "employee_reviews_ceo_approval", "employee_reviews_culture_values",
        "employee_reviews_recommend", "employee_reviews_total_count", "employee_reviews_work_life_balance", "followers_count_linkedin",
        "funding_rounds_name", "is_b2b", "last_funding_round_amount_raised", "last_funding_round_announced_date",
        "last_funding_round_name", "look_alike_company_name", "naics_codes", "newsIds", "ownership_status", "product_reviews_aggregate_score",
        "product_reviews_count", "product_reviews_score_change", "rank_global", "sic_codes", "signalIds", "social_urls", "technologies_used",
        "total_website_visits_monthly", "type", "visits_breakdown_by_country", "visits_breakdown_by_gender",
    ]

    static let refusal = DocumentedError(status: 400, code: 1001, message: "A filter needs data Reach does not hold")

    public static let people = APIOperation(
        id: "LeadFinderController_searchLeads", method: .post, path: "/v1/search/people", tag: tag,
        summary: "Search the account's prospects",
        description: """
            Searches the account's own prospects (not a database of people): every filter given must match. Text filters \
            take includes (any may match) and excludes (none may), found anywhere in the field, case-insensitively, or equal \
            to it with exactMatch 1; linkedin_url takes profile URLs. 25 people a page, in the order they were added; \
            limitPerCompany keeps at most that many per company domain. GET /v1/search/filters lists which prospect fields \
            each filter reads. Filters that need Lead Finder's data (funding, head count, seniority, skills...) are refused.
            """,
        requestBody: .json(.object(
            [
                .optional("full_name", textFilter), .optional("job_title", textFilter), .optional("department", textFilter),
                .optional("company_name", textFilter), .optional("company_domain", textFilter), .optional("company_industry", textFilter),
                .optional("location", textFilter), .optional("keywords", textFilter),
                .optional("linkedin_url", .array(of: .string(maxLength: 2048), maxItems: 1000)),
                .optional("limitPerCompany", .integer(minimum: 1, maximum: 1000)), .optional("page", .integer(minimum: 1, maximum: 100_000)),
            ] + unsupportedPeopleFilters.map { .optional($0, .any, unsupported) })),
        response: .envelope(
            status: 200, message: "Success",
            payload: .object([
                .required("people", .array(of: .object([
                    .required("prospectId", .string), .required("email", .string), .required("fullName", .string),
                    .required("firstName", .string), .required("lastName", .string), .required("jobTitle", .string),
                    .required("department", .string), .required("companyName", .string), .required("companyDomain", .string),
                    .required("companyIndustry", .string), .required("location", .string), .required("linkedinUrl", .string),
                ]))),
                .required("page", .integer(minimum: 1)), .required("pageSize", .integer(minimum: 1)), .required("total", .integer(minimum: 0)),
            ])),
        errors: [refusal])

    public static let companies = APIOperation(
        id: "LeadFinderController_searchCompanies", method: .post, path: "/v1/search/companies", tag: tag,
        summary: "Search the companies of the account's prospects",
        description: """
            The companies the account's prospects work at, one per company domain (or per name when no domain is known), \
            described by the values most of their prospects give; largest first, 25 a page. Text filters as in people search. \
            Filters that need Lead Finder's data are refused.
            """,
        requestBody: .json(.object(
            [
                .optional("company_name", textFilter), .optional("company_domain", textFilter), .optional("company_industry", textFilter),
                .optional("website", textFilter), .optional("linkedin_url", textFilter), .optional("keywords", textFilter),
                .optional("page", .integer(minimum: 1, maximum: 100_000)),
            ] + unsupportedCompanyFilters.map { .optional($0, .any, unsupported) })),
        response: .envelope(
            status: 200, message: "Success",
            payload: .object([
                .required("companies", .array(of: .object([
                    .required("companyName", .string), .required("companyDomain", .string), .required("website", .string),
                    .required("industry", .string), .required("linkedinUrl", .string), .required("prospectCount", .integer(minimum: 1)),
                ]))),
                .required("page", .integer(minimum: 1)), .required("pageSize", .integer(minimum: 1)), .required("total", .integer(minimum: 0)),
            ])),
        errors: [refusal])

    static let filterList: JSONSchema = .array(of: .object([.required("name", .string), .required("reads", .string)]))

    public static let filters = APIOperation(
        id: "LeadFinderController_getLeadFinderFilters", method: .get, path: "/v1/search/filters", tag: tag,
        summary: "Search filters",
        description: "Which filters people and company search answer, the prospect fields each reads, and which of Saleshandy's are refused.",
        response: .envelope(
            status: 200, message: "Success",
            payload: .object([
                .required("people", filterList), .required("companies", filterList),
                .required("unsupported", .object([.required("people", .array(of: .string)), .required("companies", .array(of: .string))])),
            ])))

    public static let all = [people, companies, filters]
}
