import ReachCore
import SQLKit

/// LIKE patterns built from user text, with `%`, `_` and `\` escaped (use `ESCAPE '\'`), compared
/// in lower case on both backends (SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
enum SQLPattern {
    static func contains(_ text: String) -> String {
        "%" + escaped(text.lowercased()) + "%"
    }

    static func escaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

struct SQLDirection: SQLExpression {
    let direction: SortDirection

    init(_ direction: SortDirection) { self.direction = direction }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(direction == .ascending ? "ASC" : "DESC")
    }
}
