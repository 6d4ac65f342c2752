/// Why the database could not be opened or written.
public enum ContactStoreError: Error, Sendable, CustomStringConvertible {
    /// The file could not be created or opened (path, and the system's reason).
    case cannotOpen(path: String, reason: String)
    /// SQLite refused an operation (the reason never includes bound values).
    case database(String)
    /// The database was written by a newer ghl-to-sqlite (it has migrations this build does not know).
    case newerSchema(unknownMigrations: [String])
    /// `--resume` named a run that is not there.
    case noSuchRun(Int64)
    /// Another process holds the database's lock: a run is already writing it (its pid, when known).
    case locked(path: String, holder: Int32?)
    /// The lock file beside the database could not be created, opened or locked.
    case cannotLock(path: String, lockFile: String, reason: String)
    /// `export` was asked for a table or view that is not there, or for SQL that does not compile or writes.
    case invalidExport(String)

    /// True when another run holds the database: a temporary condition, not a fault.
    public var isHeldByAnotherRun: Bool {
        if case .locked = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .database(let reason): "database error: \(reason)"
        case .newerSchema(let names): "database has migrations this version does not know (\(names.joined(separator: ", "))): upgrade ghl-to-sqlite"
        case .noSuchRun(let id): "no sync run \(id) in the database"
        case .locked(let path, let holder):
            "database \(path) is in use by another run (\(holder.map { "pid \($0)" } ?? "pid unknown")); "
                + "nothing was done: try again when it has finished"
        case .cannotLock(let path, let lockFile, let reason): "cannot lock database \(path): \(lockFile): \(reason)"
        case .invalidExport(let reason): "cannot export: \(reason)"
        }
    }
}
