import Foundation

/// What a value may be for each field type, and the form it is stored in. The one place these
/// rules live: imports, attribute updates and single-prospect writes all call `normalize`.
public enum FieldValueRules {
    public static let maximumTextLength = 1_000
    public static let maximumLongTextLength = 20_000

    /// The stored form of `value` for `field`, "" meaning no value, or the reason it is refused.
    public static func normalize(_ value: String, for field: Field) -> Result<String, FieldValueError> {
        let trimmed = value.trimmingWhitespace()
        if trimmed.isEmpty { return .success("") }
        if field.systemField == .email {
            guard let email = EmailAddress(trimmed) else { return .failure(.init("\(trimmed) is not a valid email address")) }
            return .success(email.address)
        }
        switch field.type {
        case .text:
            return trimmed.count <= maximumTextLength
                ? .success(trimmed) : .failure(.init("\(field.label) is longer than \(maximumTextLength) characters"))
        case .longText:
            return trimmed.count <= maximumLongTextLength
                ? .success(trimmed) : .failure(.init("\(field.label) is longer than \(maximumLongTextLength) characters"))
        case .number, .currency:
            guard let number = Double(trimmed), number.isFinite else {
                return .failure(.init("\(field.label) must be a number, not \(trimmed)"))
            }
            _ = number
            return .success(trimmed)
        case .date:
            guard let day = Self.day(from: trimmed) else {
                return .failure(.init("\(field.label) must be a date in the form YYYY-MM-DD, not \(trimmed)"))
            }
            return .success(day)
        case .dropdown:
            guard let option = field.options.first(where: { $0.caseInsensitiveCompare(trimmed) == .orderedSame }) else {
                return .failure(.init("\(trimmed) is not one of the options of \(field.label)"))
            }
            return .success(option)
        }
    }

    /// YYYY-MM-DD from a day or an ISO 8601 timestamp.
    static func day(from text: String) -> String? {
        if let day = plainDay(text) { return day }
        let style = Date.ISO8601FormatStyle().year().month().day()
        if text.count == 10, let date = try? Date(text, strategy: style) { return date.formatted(style) }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date.formatted(style) }
        return nil
    }

    /// A valid `YYYY-MM-DD` as it is, checked without a date formatter (the common case).
    static func plainDay(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), year >= 1, (1...12).contains(month) else {
            return nil
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day) ? text : nil
    }
}

public struct FieldValueError: Error, Sendable, Equatable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}
