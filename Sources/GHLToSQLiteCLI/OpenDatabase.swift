import ContactStore

/// A database opened for one run: its lock held, then the database opened and migrated.
struct OpenDatabase {
    let lock: DatabaseLock
    let store: ContactStore

    /// Takes the database's lock before anything opens the database, then opens it: exit 75 when another run
    /// holds the lock (cron tries again next time), 3 when the lock file or the database cannot be used.
    init(path: String) throws(CLIError) {
        do {
            lock = try DatabaseLock(forDatabaseAt: path)
        } catch {
            throw CLIError(error.description, exitCode: error.isHeldByAnotherRun ? ExitStatus.busy : ExitStatus.aborted)
        }
        do {
            store = try ContactStore(path: path)
        } catch {
            lock.release()
            throw .aborted(error.description)
        }
    }
}
