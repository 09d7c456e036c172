import ReachJSON
import SQLKit

/// Helpers the stores share for writing many rows and reading lists.
enum SQLBatch {
    /// Rows per multi-row statement: well under SQLite's 32,766 and PostgreSQL's 65,535
    /// parameters for the widest table Reach batches into.
    static let rowsPerStatement = 500
    /// The most parameters one statement may bind on both databases (PostgreSQL's limit; the
    /// bundled SQLite allows 250,000).
    static let maximumParameters = Int(UInt16.max)

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

/// The VALUES list of a multi-row insert, written straight into the statement with one bind
/// per value. SQLKit's own builder makes an expression object per value and walks them all to
/// write the text: 1.5 s of the 5 s a 100,000-row import spent writing prospects.
struct SQLValueRows: SQLExpression {
    let rows: [[any Encodable & Sendable]]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("VALUES ")
        for (number, row) in rows.enumerated() {
            serializer.write(number == 0 ? "(" : ", (")
            for (column, value) in row.enumerated() {
                if column > 0 { serializer.write(", ") }
                serializer.write(bind: value)
            }
            serializer.write(")")
        }
    }
}
