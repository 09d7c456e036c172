import ReachCore
import SQLKit

/// Search conditions (`ProspectCondition`) as SQL over `prospects p`: field values are read from
/// the attributes JSON and compared in lower case, so the database counts and pages the matches
/// and only the returned rows reach Swift.
///
/// Lower case: PostgreSQL's `lower` follows the database's locale (every letter under a UTF-8
/// one); SQLite's folds only ASCII, so a needle with other letters is compared through
/// `reach_lower`, Swift's own lower-casing installed on every SQLite connection.
struct ProspectConditionSQL {
    let isPostgreSQL: Bool

    init(_ db: any SQLDatabase) { isPostgreSQL = db.isPostgreSQL }

    /// The rows conditions read. On PostgreSQL the attributes are parsed once per row (the
    /// `OFFSET 0` keeps the planner from inlining the parse into every use).
    var source: SQLQueryString {
        isPostgreSQL ? "prospects p CROSS JOIN LATERAL (SELECT p.attributes::jsonb AS a OFFSET 0) j" : "prospects p"
    }

    /// Every condition, joined with AND; TRUE when there are none.
    func all(_ conditions: [ProspectCondition]) -> SQLQueryString {
        conditions.isEmpty ? "1 = 1" : conditions.map { "(\(condition($0)))" as SQLQueryString }.joined(separator: " AND ")
    }

    func condition(_ condition: ProspectCondition) -> SQLQueryString {
        guard !condition.needles.isEmpty, !condition.texts.isEmpty else { return condition.negated ? "1 = 1" : "1 = 0" }
        let ascii = condition.needles.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        let folding = isPostgreSQL || ascii ? "lower" : SQLiteBackend.lowerFunction
        var matches: [SQLQueryString] = []
        for text in condition.texts {
            let value = lowered(text, folding: folding)
            for needle in condition.needles {
                switch condition.comparison {
                case .contains: matches.append("\(unsafeRaw: isPostgreSQL ? "strpos" : "instr")(\(value), \(bind: needle)) > 0")
                case .equals: matches.append("\(value) = \(bind: needle)")
                }
            }
        }
        let any = matches.joined(separator: " OR ")
        return condition.negated ? "NOT (\(any))" : any
    }

    /// The text in lower case: the key columns already are.
    func lowered(_ text: ProspectCondition.Text, folding: String) -> SQLQueryString {
        switch text {
        case .fullName: "p.full_name_key"
        case .email: "p.email_key"
        case .emailDomain: "p.email_domain"
        case .field, .firstOf, .joined: "\(unsafeRaw: folding)(\(value(text)))"
        }
    }

    /// The text as stored (field values trimmed).
    func value(_ text: ProspectCondition.Text) -> SQLQueryString {
        switch text {
        case .fullName: "p.full_name_key"
        case .email: "p.email_key"
        case .emailDomain: "p.email_domain"
        case .field(let id): field(id)
        case .firstOf(let ids): "COALESCE(\(ids.map { "NULLIF(\(field($0)), '')" as SQLQueryString }.joined(separator: ", ")), '')"
        case .joined(let ids): "concat_ws(', ', \(ids.map { "NULLIF(\(field($0)), '')" as SQLQueryString }.joined(separator: ", ")))"
        }
    }

    func field(_ id: FieldID?) -> SQLQueryString {
        guard let id else { return "''" }
        return isPostgreSQL
            ? "btrim(COALESCE(j.a ->> \(literal: String(id.rawValue)), ''))"
            : "trim(COALESCE(json_extract(p.attributes, \(literal: "$.\"\(id.rawValue)\"")), ''))"
    }
}
