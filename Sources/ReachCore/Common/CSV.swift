/// Reports Reach hands out as CSV (RFC 4180).
public enum CSV {
    /// One field: quoted when it holds a comma, quote or line break. A field that a spreadsheet
    /// would run as a formula gets a leading apostrophe, so opening a report can never execute
    /// what a prospect list or a server's error message contained.
    public static func field(_ value: String?) -> String {
        var text = value ?? ""
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A header line and one line per row, CRLF-terminated.
    public static func document(header: [String], rows: [[String?]]) -> String {
        var text = header.joined(separator: ",") + "\r\n"
        for row in rows { text += row.map(field).joined(separator: ",") + "\r\n" }
        return text
    }
}
