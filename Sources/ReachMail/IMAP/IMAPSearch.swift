import Foundation

/// UID SEARCH criteria (RFC 9051 §6.4.4), the ones incremental reading needs. Several are ANDed.
public enum IMAPSearch: Sendable, Equatable {
    case all
    /// UIDs from `first` up; `last` nil means to the highest.
    case uids(from: UInt32, through: UInt32?)
    /// Received on or after this day (the server's date, without time).
    case since(Date)
    /// A header containing the text, e.g. In-Reply-To and a Message-ID.
    case header(String, String)
    case unseen
    indirect case and([IMAPSearch])

    var arguments: [IMAPArgument] {
        switch self {
        case .all: [.atom("ALL")]
        case .uids(let from, let through): [.atom("UID"), .atom("\(from):\(through.map(String.init) ?? "*")")]
        case .since(let date): [.atom("SINCE"), .atom(Self.day(date))]
        case .header(let name, let value): [.atom("HEADER"), .string(name), .string(value)]
        case .unseen: [.atom("UNSEEN")]
        case .and(let criteria): criteria.flatMap(\.arguments)
        }
    }

    /// The UID ranges the criteria require, however deeply ANDed.
    var uidRanges: [(UInt32, UInt32?)] {
        switch self {
        case .uids(let from, let through): [(from, through)]
        case .and(let criteria): criteria.flatMap(\.uidRanges)
        default: []
        }
    }

    /// `1-Feb-2026`: RFC 3501's date, English month names whatever the locale.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(parts.day!)-\(months[parts.month! - 1])-\(parts.year!)"
    }
}

/// A command argument: atoms go as they are; strings are quoted when they can be and sent as
/// literals when they cannot (non-ASCII, line breaks, very long).
enum IMAPArgument: Sendable, Equatable {
    case atom(String)
    case string(String)
    case literal([UInt8])

    /// The pieces of a command line: text, and literals that must wait for the server's "+"
    /// unless it takes LITERAL+.
    var canBeQuoted: Bool {
        guard case .string(let text) = self else { return true }
        return text.utf8.count < 1000 && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}
