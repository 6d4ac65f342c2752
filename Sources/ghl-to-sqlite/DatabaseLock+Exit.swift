import ContactStore

extension DatabaseLock {
    /// Takes the database's lock before anything opens the database, or exits: 75 when another run holds
    /// it (cron tries again next time), 3 when the lock file cannot be used.
    static func acquireOrExit(forDatabaseAt path: String) -> DatabaseLock {
        do {
            return try DatabaseLock(forDatabaseAt: path)
        } catch {
            fail(error.description, code: error.isHeldByAnotherRun ? ExitStatus.busy : ExitStatus.aborted)
        }
    }
}
