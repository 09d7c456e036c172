import PostgresNIO
import SQLiteNIO

/// Recognises the database errors stores turn into domain errors.
enum StorageErrors {
    /// A UNIQUE (or primary key) constraint refused the write, on either backend.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed: return true
            case .constraint: return error.message.contains("UNIQUE constraint failed")
            default: return false
            }
        }
        if let error = error as? PSQLError {
            return error.serverInfo?[.sqlState] == "23505"
        }
        return false
    }
}
