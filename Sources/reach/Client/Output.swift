import Foundation
import ReachJSON

/// How a command prints what the API answered.
enum OutputFormat: Sendable {
    /// A table for lists, `key  value` lines for one object: for people.
    case table
    /// The payload as JSON: indented on a terminal, one line otherwise (for `jq` and scripts).
    case json
    /// Lists as CSV with a header row.
    case csv
    /// Nothing on success; the exit status says how it went.
    case quiet
}

/// Writes payloads to standard output in the chosen format.
struct Output {
    let format: OutputFormat
    let isTerminal: Bool
    /// Bold table headers only on a terminal, and never when NO_COLOR is set (no-color.org).
    let colour: Bool

    init(format: OutputFormat, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.format = format
        isTerminal = isatty(STDOUT_FILENO) == 1
        colour = isTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    /// The longest a table cell may be before it is cut: a table is for scanning, `--json` for all.
    static let cellWidth = 48

    /// `message` is the envelope's, shown on a table when there is no payload to show (a delete).
    func write(_ payload: JSONValue, message: String?) {
        switch format {
        case .quiet: return
        case .json: print(isTerminal ? JSONWriter.pretty(payload) : JSONWriter.string(payload))
        case .csv:
            guard let rows = Self.rows(in: payload) else {
                print(JSONWriter.string(payload))
                return
            }
            let columns = Self.columns(of: rows, limit: nil)
            print(columns.map(Self.csvField).joined(separator: ","))
            for row in rows { print(columns.map { Self.csvField(Self.text(row[$0])) }.joined(separator: ",")) }
        case .table:
            if payload == .null {
                if let message { print(message) }
            } else if let rows = Self.rows(in: payload) {
                if rows.isEmpty {
                    print("(none)")
                    return
                }
                let columns = Self.columns(of: rows, limit: 8)
                table(header: columns.map { $0.uppercased() }, rows.map { row in columns.map { Self.cut(Self.text(row[$0])) } })
            } else if case .object(let members) = payload {
                let keys = members.keys.sorted(by: Self.columnOrder)
                table(header: nil, keys.map { [$0, Self.cut(Self.text(members[$0]), width: 100)] })
            } else {
                print(Self.text(payload))
            }
        }
    }

    func table(header: [String]?, _ rows: [[String]]) {
        for (index, line) in Self.aligned((header.map { [$0] } ?? []) + rows).enumerated() {
            print(index == 0 && header != nil && colour ? "\u{1B}[1m\(line)\u{1B}[0m" : line)
        }
    }

    /// Rows as lines with their columns lined up, two spaces apart.
    static func aligned(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// The list a payload is: itself, or the one list of objects inside a page such as
    /// `{"events": [...], "nextCursor": "..."}`. An object with an id is one resource, whatever
    /// lists it holds (a sequence and its steps).
    static func rows(in payload: JSONValue) -> [[String: JSONValue]]? {
        if case .array(let items) = payload { return items.map { $0.objectValue ?? ["value": $0] } }
        guard case .object(let members) = payload, members["id"] == nil else { return nil }
        let lists = members.values.compactMap { value -> [JSONValue]? in
            guard case .array(let items) = value, items.allSatisfy({ $0.objectValue != nil }) else { return nil }
            return items
        }
        guard lists.count == 1, let list = lists.first, members.values.allSatisfy({ $0.arrayValue == nil || $0.arrayValue == list }) else { return nil }
        return list.map { $0.objectValue ?? [:] }
    }

    /// The columns of a list: those of its first rows, the identifying ones first.
    static func columns(of rows: [[String: JSONValue]], limit: Int?) -> [String] {
        var seen: [String] = []
        for row in rows.prefix(20) {
            for key in row.keys where !seen.contains(key) { seen.append(key) }
        }
        let ordered = seen.sorted(by: columnOrder)
        guard let limit else { return ordered }
        // On screen, scalar columns first: nested objects read badly in a cell.
        let scalar = ordered.filter { key in rows.prefix(20).allSatisfy { $0[key].map(isScalar) ?? true } }
        return Array((scalar + ordered.filter { !scalar.contains($0) }).prefix(limit))
    }

    static let leadingColumns = ["id", "name", "title", "email", "status"]

    static func columnOrder(_ a: String, _ b: String) -> Bool {
        let (ia, ib) = (leadingColumns.firstIndex(of: a) ?? Int.max, leadingColumns.firstIndex(of: b) ?? Int.max)
        return ia != ib ? ia < ib : a < b
    }

    static func isScalar(_ value: JSONValue) -> Bool {
        value.arrayValue == nil && value.objectValue == nil
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null: ""
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .some(let other): JSONWriter.string(other)
        }
    }

    static func cut(_ text: String, width: Int = cellWidth) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        return line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
