import Hummingbird

/// Per-request state: Hummingbird's core context; who is calling is established by the
/// operation's own handler (see `APIRouter`), not stored here, so no handler can forget it.
public struct ReachRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are collected per operation with the operation's own limit.
    public var maxUploadSize: Int { 100 * 1024 * 1024 }
}
