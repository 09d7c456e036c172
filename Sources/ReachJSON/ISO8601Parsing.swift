import Foundation

/// The date forms Reach reads and writes on the wire.
///
/// Reach writes `2026-11-26T15:04:05.123Z` (UTC, milliseconds). It reads that, the same without
/// fractional seconds or with a numeric offset, and a bare `YYYY-MM-DD` (midnight UTC).
public enum ISO8601Parsing {
    public static func date(from text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if text.count == 10, let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) {
            return date
        }
        return nil
    }

    public static func string(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
