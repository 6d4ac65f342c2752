import Foundation
import GRDB

/// What SQLite said when it refused an operation: its extended result code and message (never bound values).
package struct SQLiteFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code, e.g. 13 (`SQLITE_FULL`).
    package let code: Int32
    package let message: String

    package init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// GRDB's error, or any other error's description under code 1 (`SQLITE_ERROR`).
    init(_ error: any Error) {
        if let error = error as? DatabaseError {
            self.init(code: error.extendedResultCode.rawValue, message: error.message ?? "unknown error")
        } else {
            self.init(code: 1, message: String(describing: error))
        }
    }

    /// `database or disk is full (SQLite error 13)`.
    package var description: String { "\(message) (SQLite error \(code))" }
}

/// Why a file could not be opened, created or locked.
package enum FileFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case noSuchFile
    case isDirectory
    case notRegularFile
    case symbolicLink
    /// Opening for writing was refused (`errno`: EACCES, EPERM, EROFS, ETXTBSY).
    case notWritable(errno: Int32)
    /// Any other system error.
    case system(errno: Int32)
    case sqlite(SQLiteFailure)

    /// The failure the system's `errno` stands for.
    static func fromErrno(_ code: Int32) -> FileFailure {
        code == ELOOP ? .symbolicLink : .system(errno: code)
    }

    package var description: String {
        switch self {
        case .noSuchFile: "no such file"
        case .isDirectory: "it is a directory"
        case .notRegularFile: "it is not a regular file"
        case .symbolicLink: "it is a symbolic link"
        case .notWritable(let code): "it is not writable: \(String(cString: strerror(code)))"
        case .system(let code): String(cString: strerror(code))
        case .sqlite(let failure): failure.description
        }
    }
}

/// Why `export` refused its source before writing anything.
package enum ExportRefusal: Error, Sendable, Equatable {
    /// No table or view of that name.
    case noSuchRelation(name: String, kind: ExportSource.Kind)
    /// The name is a relation of the other kind (`actual`).
    case wrongKind(name: String, actual: ExportSource.Kind)
    /// The query holds more than one statement.
    case multipleStatements
    /// The query writes.
    case notReadOnly
    /// The query returns no columns.
    case noColumns
    /// SQLite could not compile the query.
    case invalidQuery(SQLiteFailure)
}

/// Why the database could not be opened or written.
package enum ContactStoreError: Error, Sendable, CustomStringConvertible {
    /// The file could not be created or opened.
    case cannotOpen(path: String, reason: FileFailure)
    /// SQLite refused an operation.
    case sqlite(SQLiteFailure)
    /// The database was written by a newer ghl-to-sqlite (it has migrations this build does not know).
    case newerSchema(unknownMigrations: [String])
    /// A run that should be there is not.
    case noSuchRun(Int64)
    /// Another process holds the database's lock: a run is already writing it (its pid, when known).
    case locked(path: String, holder: Int32?)
    /// The lock file beside the database could not be created, opened or locked.
    case cannotLock(path: String, lockFile: String, reason: FileFailure)
    /// `export` was asked for a table or view that is not there, or for SQL that does not compile or writes.
    case invalidExport(ExportRefusal)
    /// `deferred_indexes` holds a definition that is not one this program deferred (edited by hand): not run.
    case unexpectedDeferredIndex(name: String)

    /// True when another run holds the database: a temporary condition, not a fault.
    package var isHeldByAnotherRun: Bool {
        if case .locked = self { return true }
        return false
    }

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .sqlite(let failure): "database error: \(failure)"
        case .newerSchema(let names):
            "database has migrations this version does not know (\(names.joined(separator: ", "))): upgrade ghl-to-sqlite"
        case .noSuchRun(let id): "no sync run \(id) in the database"
        case .locked(let path, let holder):
            "database \(path) is in use by another run (\(holder.map { "pid \($0)" } ?? "pid unknown")); "
                + "nothing was done: try again when it has finished"
        case .cannotLock(let path, let lockFile, let reason): "cannot lock database \(path): \(lockFile): \(reason)"
        case .invalidExport(let refusal): "cannot export: \(refusal)"
        case .unexpectedDeferredIndex(let name):
            "deferred_indexes holds \(name), which is not an index this program defers: remove the row, then run again"
        }
    }
}
