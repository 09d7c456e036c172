import Foundation

public protocol FieldStore: Sendable {
    /// The account's fields: system fields first, in their order, then custom ones by creation.
    func fields(in account: AccountID) async throws -> [Field]
    /// Adds the system fields the account lacks (all of them for a new account).
    func ensureSystemFields(in account: AccountID, at date: Date) async throws
    /// Adds missing system fields to every account: run at start, so a new release's fields appear.
    func ensureSystemFieldsInAllAccounts(at date: Date) async throws
    /// Throws an `.invalidInput` (code 1001) ReachError when the label is taken.
    func createField(_ field: NewField, in account: AccountID, at date: Date) async throws -> Field
    func updateField(_ id: FieldID, in account: AccountID, label: String?, fallbackText: String?, tags: [String]?, at date: Date) async throws -> Field
}

public struct NewField: Sendable, Equatable {
    public let label: String
    public let type: FieldType
    public let fallbackText: String
    public let options: [String]
    public let currencyCode: String?
    public let tags: [String]
}
