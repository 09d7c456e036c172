/// One condition of a subsequence's trigger: all of a subsequence's conditions must hold (AND)
/// for a prospect of the parent sequence to enter it. The engine evaluates them.
///
/// | name | operations | value |
/// |---|---|---|
/// | Replied, Email Opened, Bounced | is | true or false |
/// | Email Open Count, Link Click Count | greater than, less than, equal to | a whole number 0–1000 |
/// | Link Click | is any (no value), is (a URL) | |
/// | Outcome | is, is not | an outcome name |
public struct TriggerCondition: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable {
        case replied = "Replied"
        case emailOpened = "Email Opened"
        case bounced = "Bounced"
        case emailOpenCount = "Email Open Count"
        case linkClickCount = "Link Click Count"
        case linkClick = "Link Click"
        case outcome = "Outcome"

        var operations: [Operation] {
            switch self {
            case .replied, .emailOpened, .bounced: [.is]
            case .emailOpenCount, .linkClickCount: [.greaterThan, .lessThan, .equalTo]
            case .linkClick: [.isAny, .is]
            case .outcome: [.is, .isNot]
            }
        }
    }

    public enum Operation: String, Sendable, CaseIterable {
        case `is` = "is"
        case isNot = "is not"
        case isAny = "is any"
        case greaterThan = "greater than"
        case lessThan = "less than"
        case equalTo = "equal to"
    }

    public enum Value: Sendable, Equatable {
        case flag(Bool)
        case count(Int)
        case text(String)
    }

    public let name: Name
    public let operation: Operation
    public let value: Value?

    /// Checks the combination; names and operations are matched without regard to case.
    public init(name: String, operation: String, value: Value?) throws(ReachError) {
        guard let name = Name.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(name.trimmingWhitespace()) == .orderedSame }) else {
            throw Self.invalid("condition name must be one of \(Name.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let wanted = operation.trimmingWhitespace()
        guard let operation = name.operations.first(where: { $0.rawValue.caseInsensitiveCompare(wanted) == .orderedSame }) else {
            throw Self.invalid("\(name.rawValue) takes the operation \(name.operations.map(\.rawValue).joined(separator: " or "))")
        }
        switch (name, operation, value) {
        case (.replied, _, .flag?), (.emailOpened, _, .flag?), (.bounced, _, .flag?):
            break
        case (.emailOpenCount, _, .count(let count)?), (.linkClickCount, _, .count(let count)?):
            guard (0...1000).contains(count) else { throw Self.invalid("\(name.rawValue) takes a whole number from 0 to 1000") }
        case (.linkClick, .isAny, nil):
            break
        case (.linkClick, .is, .text(let url)?):
            guard !url.trimmingWhitespace().isEmpty, url.count <= 2000 else { throw Self.invalid("Link Click is takes the link's URL") }
        case (.outcome, _, .text(let outcome)?):
            guard !outcome.trimmingWhitespace().isEmpty, outcome.count <= 100 else { throw Self.invalid("Outcome takes an outcome name") }
        case (.replied, _, _), (.emailOpened, _, _), (.bounced, _, _):
            throw Self.invalid("\(name.rawValue) \(operation.rawValue) takes the value true or false")
        case (.emailOpenCount, _, _), (.linkClickCount, _, _):
            throw Self.invalid("\(name.rawValue) \(operation.rawValue) takes a whole number from 0 to 1000")
        case (.linkClick, .isAny, _):
            throw Self.invalid("Link Click is any takes no value")
        case (.linkClick, _, _):
            throw Self.invalid("Link Click is takes the link's URL")
        case (.outcome, _, _):
            throw Self.invalid("Outcome \(operation.rawValue) takes an outcome name")
        }
        self.name = name
        self.operation = operation
        self.value = value
    }

    static func invalid(_ reason: String) -> ReachError {
        ReachError.invalidInput("Invalid condition: \(reason)", field: "conditions", code: 4000)
    }
}

/// What makes a sequence a subsequence: the parent it branches from, and when prospects enter.
public struct SubsequenceTrigger: Sendable, Equatable {
    public let parentID: SequenceID
    public let conditions: [TriggerCondition]
    /// Days after the conditions are met before the first step; nil for at once.
    public let firstStepRelativeDays: Int?

    public init(parentID: SequenceID, conditions: [TriggerCondition], firstStepRelativeDays: Int?) {
        self.parentID = parentID
        self.conditions = conditions
        self.firstStepRelativeDays = firstStepRelativeDays
    }
}
