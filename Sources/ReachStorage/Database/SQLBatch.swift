import ReachJSON
import SQLKit

/// Helpers the stores share for writing many rows and reading lists.
enum SQLBatch {
    /// Rows per multi-row statement: well under SQLite's 32,766 and PostgreSQL's 65,535
    /// parameters for the widest table Reach batches into.
    static let rowsPerStatement = 500

    /// Runs `body` for each slice of `items` small enough for one statement.
    static func inSlices<Item>(_ items: [Item], size: Int = rowsPerStatement, _ body: (ArraySlice<Item>) async throws -> Void) async throws {
        var start = items.startIndex
        while start < items.endIndex {
            let end = min(start + size, items.endIndex)
            try await body(items[start..<end])
            start = end
        }
    }

    /// A text value to bind, or NULL.
    static func optional(_ text: String?) -> any SQLExpression {
        text.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null
    }

    /// `[String]` as the JSON text array Reach stores lists in.
    static func jsonArray(_ strings: [String]) -> String {
        JSONWriter.string(.array(strings.map(JSONValue.string)))
    }

    static func stringArray(fromJSON text: String) -> [String] {
        (try? JSONParser.parse(text))?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The upper bound of a prefix range: every string starting with `prefix` sorts below it
    /// in byte order.
    static func prefixUpperBound(_ prefix: String) -> String {
        prefix + "\u{10FFFF}"
    }
}

extension SQLDatabase {
    var isPostgreSQL: Bool { dialect.name == "postgresql" }
}
