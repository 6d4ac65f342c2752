package import GRDB
import Foundation

/// Opens the SQLite file: created 0600 (it holds personal data), WAL, foreign keys on, migrated from `schema/`.
package enum ContactDatabase {
    /// The migration identifiers this build applies, in order (the `schema/` file names without `.sql`).
    package static var migrationNames: [String] {
        SchemaMigrations.all.map { String($0.name.dropLast(".sql".count)) }
    }

    /// The page size of a database this build creates (see `open(path:)`).
    package static let pageSize = 16_384

    /// Opens (creating if needed) and migrates the database at `path`.
    package static func open(path: String) throws(ContactStoreError) -> DatabasePool {
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
