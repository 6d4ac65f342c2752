package import GRDB
import CSQLiteTuning
import Foundation

/// Opens the SQLite file: created 0600 (it holds personal data), WAL, foreign keys on, migrated from `schema/`.
package enum ContactDatabase {
    /// The migration identifiers this build applies, in order (the `schema/` file names without `.sql`).
    package static var migrationNames: [String] {
        SchemaMigrations.all.map { String($0.name.dropLast(".sql".count)) }
    }

    /// The page size of a database this build creates (see `open(path:)`).
    package static let pageSize = 16_384

    /// How large a statement's journal grows in memory before SQLite writes it to a temporary file.
    ///
    /// Every contact upsert fires the full-text triggers, so SQLite keeps a statement journal (the prior content
    /// of each page the statement changes) to undo just that statement if it fails. At 16 KiB pages a contact's
    /// journal is 4-5 pages, over SQLite's default 64 KiB: a first load of 10,000 contacts wrote 628 MB to
    /// temporary files in 83,000 `pwrite`s, truncated after each statement. 1 MiB keeps a contact's journal in
    /// memory, and still bounds what one statement holds there.
    package static let statementJournalSpillBytes = 1 << 20

    /// Whether SQLite took ``statementJournalSpillBytes``: the setting is process-wide and only taken before
    /// SQLite starts, so the first `open(path:)` makes it (false if something else in the process opened a
    /// database first; writes are then as fast as before this setting, no slower).
    package static let statementJournalSpillConfigured =
        ghl_sqlite_set_statement_journal_spill(Int32(statementJournalSpillBytes)) == 1

    /// Opens (creating if needed) and migrates the database at `path`.
    package static func open(path: String) throws(ContactStoreError) -> DatabasePool {
        _ = statementJournalSpillConfigured
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotOpen(path: path, reason: .isDirectory)
        }
        try createPrivateFile(path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "ghl-to-sqlite"
        configuration.prepareDatabase { db in
            // A new database gets 16 KiB pages (SQLite's default is 4 KiB). A contact's row averages ~6 KB of
            // raw JSON: at 4 KiB every row spilled into an overflow chain, and a first load spent ~10 % more
            // CPU (mostly WAL writes) for a ~12 % larger file. The pragma only takes effect before the first
            // table is written; an existing database keeps the page size it was created with.
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            // WAL makes NORMAL durable across application crashes; only an OS crash can lose the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 4 MiB of page cache (default 2 MiB): large contacts span many overflow pages, and at 2 MiB
            // re-reading them cost ~35 % more system time; 8 MiB bought little more for 4 MiB of RSS.
            try db.execute(sql: "PRAGMA cache_size = -4096")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: .sqlite(SQLiteFailure(error)))
        }
        try migrate(pool)
        return pool
    }

    /// Applies every migration not yet applied; refuses a database that a newer version migrated further.
    package static func migrate(_ writer: some DatabaseWriter) throws(ContactStoreError) {
        var migrator = DatabaseMigrator()
        for (name, sql) in zip(migrationNames, SchemaMigrations.all.map(\.sql)) {
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        do {
            let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrationNames).sorted()
            guard unknown.isEmpty else { throw ContactStoreError.newerSchema(unknownMigrations: unknown) }
            try migrator.migrate(writer)
        } catch let error as ContactStoreError {
            throw error
        } catch {
            throw .sqlite(SQLiteFailure(error))
        }
    }

    /// Creates the file with mode 0600 when it does not exist yet (SQLite gives its -wal and -shm files the
    /// same mode). An existing file keeps its mode: it is the owner's to choose. Either way the file must open
    /// for writing: SQLite would quietly open a read-only one and fail only at the first write.
    private static func createPrivateFile(_ path: String) throws(ContactStoreError) {
        let descriptor = Foundation.open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NONBLOCK, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        let code = errno
        switch code {
        case EACCES, EPERM, EROFS, ETXTBSY: throw .cannotOpen(path: path, reason: .notWritable(errno: code))
        default: throw .cannotOpen(path: path, reason: .system(errno: code))
        }
    }
}
