import Foundation

/// One row of an import: cells naming fields by label or id, in the order they were sent.
public struct ImportRow: Sendable, Equatable {
    public var cells: [ImportCell]

    public init(cells: [ImportCell]) { self.cells = cells }
}

public struct ImportCell: Sendable, Equatable {
    public var field: FieldReference
    public var value: String

    public init(field: FieldReference, value: String) {
        self.field = field
        self.value = value
    }
}

/// An asynchronous prospect import: a row in the database, processed in chunks by a worker.
public struct ImportJob: Sendable, Equatable, PubliclyIdentified {
    public static let publicIDKind = PublicIDKind.importJob

    public let id: EntityID<ImportJob>
    public let accountID: AccountID
    public let requestedBy: UserID
    public let conflictAction: ConflictAction
    public let verifyProspects: Bool
    public let tagNames: [String]
    /// The sequence step the prospects are enrolled into, for sequence imports.
    public let stepID: Int64?
    public let status: ImportStatus
    public let totalRows: Int
    public let processedRows: Int
    public let counts: ImportCounts
    public let error: String?
    public let createdAt: Date
    public let finishedAt: Date?

    public init(
        id: EntityID<ImportJob>, accountID: AccountID, requestedBy: UserID, conflictAction: ConflictAction, verifyProspects: Bool,
        tagNames: [String], stepID: Int64?, status: ImportStatus, totalRows: Int, processedRows: Int, counts: ImportCounts,
        error: String?, createdAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.accountID = accountID
        self.requestedBy = requestedBy
        self.conflictAction = conflictAction
        self.verifyProspects = verifyProspects
        self.tagNames = tagNames
        self.stepID = stepID
        self.status = status
        self.totalRows = totalRows
        self.processedRows = processedRows
        self.counts = counts
        self.error = error
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }

    public var isFinished: Bool { status == .completed || status == .failed }
}

public typealias ImportJobID = EntityID<ImportJob>

extension PublicIDKind {
    public static let importJob = PublicIDKind(rawValue: "import")
}

public enum ImportStatus: String, Sendable {
    case queued, running, completed, failed
}

/// What happened to the rows processed so far. They add up to the processed rows.
public struct ImportCounts: Sendable, Equatable {
    public var created: Int
    public var updated: Int
    /// Rows of prospects that existed and kept their values (`noUpdate`, or nothing new to add).
    public var unchanged: Int
    /// Rows refused, each listed in the report with its reason.
    public var skipped: Int

    public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0, skipped: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.skipped = skipped
    }

    public static func + (lhs: ImportCounts, rhs: ImportCounts) -> ImportCounts {
        ImportCounts(
            created: lhs.created + rhs.created, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged,
            skipped: lhs.skipped + rhs.skipped)
    }
}

/// A row that was not imported, and why: one line of the import's report.
public struct ImportIssue: Sendable, Equatable {
    /// 1-based position of the row in the request's list.
    public let rowNumber: Int
    public let email: String
    public let reason: String

    public init(rowNumber: Int, email: String, reason: String) {
        self.rowNumber = rowNumber
        self.email = email
        self.reason = reason
    }
}

public struct NewImportJob: Sendable {
    public let requestedBy: UserID
    public let conflictAction: ConflictAction
    public let verifyProspects: Bool
    public let tagNames: [String]
    public let stepID: Int64?
    public let totalRows: Int
}
