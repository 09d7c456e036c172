/// Every operation Reach serves. The OpenAPI document is built from this list, and a test
/// checks that the router serves exactly these operations.
public enum APICatalog {
    public static let version = "0.1.0"

    public static let operations: [APIOperation] = [
        SystemAPI.health,
        SystemAPI.metrics,
        SystemAPI.openAPIDocument,
        SystemAPI.mcp,
        TeamAPI.memberList,
        ClientsAPI.list,
        ClientsAPI.create,
        ClientsAPI.assign,
    ] + ProspectsAPI.all + FieldsAPI.all + NotesAPI.all + DoNotContactAPI.all
        + SchedulesAPI.all + SequencesAPI.all + SequenceStepsAPI.all + SubsequencesAPI.all + UnsubscribeAPI.all + TrackingAPI.all
        + EmailAccountsAPI.all + SequenceMailboxesAPI.all + TasksAPI.all + [NextStepAPI.get] + InboxAPI.all
        + WebhooksAPI.all + EventsAPI.all + AnalyticsAPI.all + LeadFinderAPI.all + EnrichmentAPI.all + SearchAPI.all

    public static var document: OpenAPIDocument { OpenAPIDocument(operations: operations, version: version) }
}
