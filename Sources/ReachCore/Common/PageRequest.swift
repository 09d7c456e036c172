/// Which page of a list a caller asked for, after the list's own limits were applied.
public struct PageRequest: Sendable, Equatable {
    public let number: Int
    public let size: Int

    /// Beyond any real list, and low enough that the row offset cannot overflow.
    static let largestPageNumber = 1_000_000_000

    /// Saleshandy's lists cap an oversized `pageSize` rather than refusing it; Reach does the same.
    public init(number: Int?, size: Int?, defaultSize: Int, maximumSize: Int) {
        self.number = min(max(1, number ?? 1), Self.largestPageNumber)
        self.size = min(max(1, size ?? defaultSize), maximumSize)
    }

    public var offset: Int { (number - 1) * size }
}

/// One page of a list and the size of the whole list.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let totalItems: Int
    public let request: PageRequest

    public init(items: [Item], totalItems: Int, request: PageRequest) {
        self.items = items
        self.totalItems = totalItems
        self.request = request
    }
}

public enum SortDirection: Sendable, Equatable {
    case ascending
    case descending
}
