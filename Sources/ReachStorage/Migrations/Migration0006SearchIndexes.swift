extension Migration {
    /// A search never reads the first-name index: every first-name match is also a full-name
    /// match (the full name starts with the first), so the full-name index answers both. One
    /// index less to maintain on every imported row.
    static let searchIndexes = Migration(version: 6, name: "search indexes") { _ in
        ["DROP INDEX prospects_by_first_name"]
    }
}
