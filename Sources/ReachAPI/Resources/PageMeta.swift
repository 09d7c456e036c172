/// Paging facts for a list, in the shape Saleshandy uses for DNC items.
public struct PageMeta: Codable, Sendable, Equatable {
    public var totalItems: Int
    public var currentPage: Int
    public var itemsPerPage: Int
    public var totalPages: Int
    public var itemCount: Int

    public init(totalItems: Int, currentPage: Int, itemsPerPage: Int, itemCount: Int) {
        self.totalItems = totalItems
        self.currentPage = currentPage
        self.itemsPerPage = itemsPerPage
        self.totalPages = itemsPerPage > 0 ? (totalItems + itemsPerPage - 1) / itemsPerPage : 0
        self.itemCount = itemCount
    }

    public static let schema: JSONSchema = .component(
        name: "PageMeta",
        schema: .object([
            .required("totalItems", .integer(minimum: 0)),
            .required("currentPage", .integer(minimum: 1)),
            .required("itemsPerPage", .integer(minimum: 1)),
            .required("totalPages", .integer(minimum: 0)),
            .required("itemCount", .integer(minimum: 0)),
        ]))
}

/// Sort direction as Saleshandy spells it.
public enum SortOrder: String, Codable, Sendable, CaseIterable {
    case ascending = "ASC"
    case descending = "DESC"

    public static let schema: JSONSchema = .string(oneOf: allCases.map(\.rawValue))
}
