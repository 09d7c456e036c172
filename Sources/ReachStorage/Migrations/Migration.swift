/// One numbered, forward-only change to the schema. Once released, a migration never changes:
/// a later change is a new migration.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: @Sendable (DDL) -> [String]
}
