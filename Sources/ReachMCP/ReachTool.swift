import ReachAPI

/// One MCP tool: the API operation it calls, named as Saleshandy's MCP server names it (so
/// prompts and skills written for theirs work unchanged), and how careful an assistant must be.
struct ReachTool: Sendable {
    enum Effect: Sendable {
        /// Reads only.
        case read
        /// Adds or changes data, and can be repeated or undone.
        case write
        /// Sends email, starts a sequence, deletes or acts in bulk: runs only with `confirm: true`,
        /// and without it answers with the plan of what it would do.
        case needsConfirmation(destructive: Bool)
    }

    let name: String
    let operation: APIOperation
    let effect: Effect
    /// What the assistant should know beyond the operation's own summary and description.
    var guidance: String?

    var needsConfirmation: Bool {
        if case .needsConfirmation = effect { return true }
        return false
    }
}
