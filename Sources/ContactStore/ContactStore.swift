package import ContactNormalization
package import GRDB
import LosslessJSON

/// The one writer of the database: runs, batches of contacts and failures, each batch one transaction.
///
/// Its methods are synchronous and must be called from one task at a time (the job's writer); GRDB
/// serializes them on its writer connection anyway.
package final class ContactStore: Sendable {
    /// The underlying database (for readers: tests, the demo's queries).
    package let database: DatabasePool

    package init(database: DatabasePool) {
        self.database = database
    }

    /// Opens and migrates the database at `path`.
    package convenience init(path: String) throws(ContactStoreError) {
        self.init(database: try ContactDatabase.open(path: path))
    }

    /// Starts a new run with status `running` and returns its id. Into an empty database (a first load), the
    /// secondary indexes are deferred to the run's end (see ``deferIndexesIfFirstLoad(runID:in:)``).
    package func beginRun() throws(ContactStoreError) -> Int64 {
        try write { db in
            var insert = try SQLStatement(db, cached: "INSERT INTO sync_runs (started_at, status) VALUES (?, 'running')")
            insert.bind(Timestamp.now().iso8601)
            try insert.execute()
            let runID = db.lastInsertedRowID
            try Self.deferIndexesIfFirstLoad(runID: runID, in: db)
            return runID
        }
    }

    /// The latest run unless it succeeded: what `--resume` continues.
    package func latestUnfinishedRun() throws(ContactStoreError) -> SyncRunRecord? {
        guard let latest = try latestRun(), latest.status != .succeeded else { return nil }
        return latest
    }

    /// The latest run, whatever its status.
    package func latestRun() throws(ContactStoreError) -> SyncRunRecord? {
        try read { db in try SyncRunRecord.fetch(db, where: "1 ORDER BY id DESC LIMIT 1") }
    }

    /// One run by id.
    package func run(id: Int64) throws(ContactStoreError) -> SyncRunRecord? {
        try read { db in try SyncRunRecord.fetch(db, where: "id = ?", id) }
    }

    /// Marks a run `running` again so it can be continued (a resumed first load defers indexes as a new one would).
    package func reopenRun(id: Int64) throws(ContactStoreError) {
        try write { db in
            var update = try SQLStatement(
                db, cached: "UPDATE sync_runs SET status = 'running', finished_at = NULL, message = NULL WHERE id = ?")
            update.bind(id)
            try update.execute()
            if db.changesCount == 0 { throw ContactStoreError.noSuchRun(id) }
            try Self.deferIndexesIfFirstLoad(runID: id, in: db)
        }
    }

    /// Calls `body` with each id the run has stored, streaming (a resumed million-id run never holds them all).
    package func forEachStoredContactID(runID: Int64, _ body: (String) throws -> Void) throws(ContactStoreError) {
        try forEachText("SELECT contact_id FROM sync_run_contacts WHERE run_id = ?", body) { $0.bind(runID) }
    }

    /// Calls `body` with the first column of each row `sql` selects (bound by `bind`), streaming.
    func forEachText(
        _ sql: String, _ body: (String) throws -> Void, bind: (inout SQLStatement) -> Void
    ) throws(ContactStoreError) {
        try read { db in
            var select = try SQLStatement(db, cached: sql)
            bind(&select)
            defer { select.reset() }
            while try select.step() { try body(select.text(0) ?? "") }
        }
    }

    /// One batch for ``save(_:runID:)``: contacts, failures and the counters to add to the run (and to
    /// `locationID`'s part of it, when given).
    package struct Batch: Sendable {
        package var contacts: [NormalizedContact]
        package var failures: [FailureRecord]
        package var locationID: String?
        package var counters: RunCounters

        package init(contacts: [NormalizedContact], failures: [FailureRecord], locationID: String? = nil, counters: RunCounters) {
            (self.contacts, self.failures, self.locationID, self.counters) = (contacts, failures, locationID, counters)
        }
    }

    /// Writes contacts and failures in one transaction and adds `counters` (requests, retries, 429s; ids read
    /// and duplicates as totals) to the run, and to `locationID`'s part of it when given. A stored contact
    /// clears an earlier failure of the same id in this run.
    @discardableResult
    package func save(
        _ contacts: [NormalizedContact], failures: [FailureRecord], runID: Int64, locationID: String? = nil,
        counters: RunCounters
    ) throws(ContactStoreError) -> BatchResult {
        try save([Batch(contacts: contacts, failures: failures, locationID: locationID, counters: counters)], runID: runID)[0]
    }

    /// Writes several batches (of different parts of a run) in one transaction; one result per batch.
    package func save(_ batches: [Batch], runID: Int64) throws(ContactStoreError) -> [BatchResult] {
        try writeKeepingStatementJournalsInMemory { db in
            let now = Timestamp.now().iso8601
            return try batches.map { batch in try Self.save(batch, runID: runID, at: now, in: db) }
        }
    }

    private static func save(_ batch: Batch, runID: Int64, at now: String, in db: Database) throws -> BatchResult {
        var result = BatchResult()
        var newlyStored = 0
        var cleared = 0
        var recorded = try SQLStatement(db, cached: """
            INSERT INTO sync_run_contacts (run_id, contact_id, changed) VALUES (?, ?, ?)
            ON CONFLICT (run_id, contact_id) DO NOTHING
            """)
        var clear = try SQLStatement(db, cached: "DELETE FROM sync_failures WHERE run_id = ? AND contact_id = ?")
        for contact in batch.contacts {
            let changed = try ContactRowWriter.upsert(contact, runID: runID, syncedAt: now, in: db)
            result.stored += 1
            if changed { result.changed += 1 }
            recorded.bind(runID)
            recorded.bind(contact.contact.id)
            recorded.bind(changed)
            try recorded.execute()
            newlyStored += db.changesCount
            clear.bind(runID)
            clear.bind(contact.contact.id)
            try clear.execute()
            cleared += db.changesCount
        }
        var added = 0
        var markDeleted = try SQLStatement(db, cached: "UPDATE contacts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
        for failure in batch.failures {
            if try record(failure, runID: runID, at: now, in: db) { added += 1 }
            // "No such contact" for one that is stored: it was deleted in HighLevel.
            guard failure.reason == .notFound else { continue }
            markDeleted.bind(now)
            markDeleted.bind(failure.contactID)
            try markDeleted.execute()
            result.deleted += db.changesCount
        }
        result.failures = batch.failures.count
        result.failuresAdded = added - cleared
        var counted = batch.counters
        (counted.contactsSynced, counted.contactsChanged) = (newlyStored, result.changed)
        (counted.contactsDeleted, counted.failures) = (result.deleted, result.failuresAdded)
        try add(counted, toRun: runID, locationID: batch.locationID, in: db)
        return result
    }

    /// Adds `counters` to run `runID`, and to `locationID`'s part of it when given.
    static func add(_ counters: RunCounters, toRun runID: Int64, locationID: String?, in db: Database) throws {
        try add(counters, to: "sync_runs", where: "id = ?", in: db) { $0.bind(runID) }
        guard let locationID else { return }
        try add(counters, to: "sync_run_locations", where: "run_id = ? AND location_id = ?", in: db) {
            $0.bind(runID)
            $0.bind(locationID)
        }
        // Each part reads its own ids: the run's totals are the parts' sum.
        var totals = try SQLStatement(db, cached: """
            UPDATE sync_runs SET
                ids_read = (SELECT sum(ids_read) FROM sync_run_locations WHERE run_id = ?1),
                duplicate_ids = (SELECT sum(duplicate_ids) FROM sync_run_locations WHERE run_id = ?1)
            WHERE id = ?1
            """)
        totals.bind(runID)
        try totals.execute()
    }

    /// Adds `counters` to the row of `table` that `condition` (bound by `bind`) selects; ids read and
    /// duplicates are totals, kept as the larger of the stored and the given.
    static func add(
        _ counters: RunCounters, to table: String, where condition: String, in db: Database, bind: (inout SQLStatement) -> Void
    ) throws {
        var update = try SQLStatement(db, cached: """
            UPDATE \(table) SET
                contacts_synced = contacts_synced + ?, contacts_changed = contacts_changed + ?,
                contacts_deleted = contacts_deleted + ?, failures = failures + ?, requests = requests + ?,
                retries = retries + ?, rate_limited = rate_limited + ?, ids_read = max(ids_read, ?),
                duplicate_ids = max(duplicate_ids, ?)
            WHERE \(condition)
            """)
        for value in [
            counters.contactsSynced, counters.contactsChanged, counters.contactsDeleted, counters.failures,
            counters.requests, counters.retries, counters.rateLimited, counters.idsRead, counters.duplicateIDs,
        ] { update.bind(value) }
        bind(&update)
        try update.execute()
    }

    /// A `sync_failures` row: the failure, its run and when it was recorded.
    struct FailureRow {
        let runID: Int64
        let failure: FailureRecord
        let failedAt: String
    }

    static let failureUpsertSQL = failureColumns.upsertSQL(conflictOn: ["run_id", "contact_id"])

    nonisolated(unsafe) static let failureColumns = ColumnTable<FailureRow>("sync_failures", [
        .integer("run_id", \.runID), .text("contact_id", \.failure.contactID), .code("reason", \.failure.reason),
        .integer("http_status", \.failure.httpStatus), .text("message", \.failure.message),
        .text("trace_id", \.failure.traceID), .integer("attempts", \.failure.attempts),
        .integer("line_number", \.failure.lineNumber), .text("failed_at", \.failedAt),
    ])

    /// Inserts or replaces one failure row; true when the id had no failure in this run yet.
    private static func record(_ failure: FailureRecord, runID: Int64, at now: String, in db: Database) throws -> Bool {
        var existed = try SQLStatement(db, cached: "SELECT 1 FROM sync_failures WHERE run_id = ? AND contact_id = ?")
        existed.bind(runID)
        existed.bind(failure.contactID)
        let isNew = try existed.fetchInt64() == nil
        var upsert = try SQLStatement(db, cached: failureUpsertSQL)
        failureColumns.bind(FailureRow(runID: runID, failure: failure, failedAt: now), to: &upsert)
        try upsert.execute()
        return isNew
    }

    /// Ends a run: its status, finish time and message (its counters are kept current by every batch), and builds
    /// the indexes deferred by a first load (this run's or a killed earlier one's).
    package func finishRun(id: Int64, status: RunStatus, message: String?) throws(ContactStoreError) {
        try write { db in
            // In the same transaction, and first: a run that made a whole pass over its ids is not recorded as
            // ended until the deferred indexes exist, and its finish time includes building them. An aborted or
            // interrupted run leaves them deferred: it stops promptly, a full disk does not also cost the record
            // of why the run stopped, and its `--resume` keeps loading without them.
            if status.completesAPass { try Self.buildDeferredIndexes(in: db) }
            var update = try SQLStatement(db, cached: "UPDATE sync_runs SET status = ?, finished_at = ?, message = ? WHERE id = ?")
            update.bind(status)
            update.bind(Timestamp.now().iso8601)
            update.bind(message)
            update.bind(id)
            try update.execute()
            if db.changesCount == 0 { throw ContactStoreError.noSuchRun(id) }
        }
    }

    /// Runs `body` in a write transaction, reporting SQLite's failure as ``ContactStoreError/sqlite(_:)``.
    func write<T>(_ body: (Database) throws -> T) throws(ContactStoreError) -> T {
        try reportingFailures { try database.write(body) }
    }

    /// Runs `body` in a write transaction whose statement journals stay in memory (`temp_store = MEMORY` for
    /// that transaction only), reporting SQLite's failure as ``ContactStoreError/sqlite(_:)``.
    ///
    /// A contact upsert fires the full-text triggers, so SQLite journals the prior content of each page the
    /// statement changes, in case it must undo just that statement. At 16 KiB pages that is 4-5 pages a contact,
    /// over the 64 KiB after which SQLite moves a statement journal to a temporary file: a 10,000-id first load
    /// wrote 628 MB to temporary files in 83,000 `pwrite`s. A batch's statements each journal a contact's worth,
    /// so memory holds them well. Everything else (building the deferred indexes, migrations) keeps the default,
    /// whose temporary files bound memory for statements that touch a whole table. (Raising the spill size
    /// instead, `SQLITE_CONFIG_STMTJRNL_SPILL`, made SQLite 3.40.1 fail the index build with SQLITE_FULL.)
    func writeKeepingStatementJournalsInMemory<T>(_ body: (Database) throws -> T) throws(ContactStoreError) -> T {
        try reportingFailures {
            try database.writeWithoutTransaction { db in
                // Outside a transaction: SQLite refuses to change temporary storage inside one, and reads the
                // setting when a transaction begins.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // Not thrown: the batch is committed (or rolled back) by then, and a connection left at MEMORY
                // only costs memory in a later whole-table statement, never data.
                defer { try? db.execute(sql: "PRAGMA temp_store = DEFAULT") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// Runs `body` in a read, reporting SQLite's failure as ``ContactStoreError/sqlite(_:)``.
    func read<T>(_ body: (Database) throws -> T) throws(ContactStoreError) -> T {
        try reportingFailures { try database.read(body) }
    }

    private func reportingFailures<T>(_ access: () throws -> T) throws(ContactStoreError) -> T {
        do {
            return try access()
        } catch let error as ContactStoreError {
            throw error
        } catch {
            throw .sqlite(SQLiteFailure(error))
        }
    }
}

extension SyncRunRecord {
    /// The first run matching `condition` (SQL after `WHERE`, with `?` for `argument`), if any.
    static func fetch(_ db: Database, where condition: String, _ argument: Int64? = nil) throws -> SyncRunRecord? {
        var select = try SQLStatement(db, cached: """
            SELECT id, started_at, finished_at, status, ids_read, duplicate_ids, contacts_synced, contacts_changed,
                failures, requests, retries, rate_limited, message, contacts_deleted
            FROM sync_runs WHERE \(condition)
            """)
        if let argument { select.bind(argument) }
        defer { select.reset() }
        guard try select.step() else { return nil }
        var counters = RunCounters()
        counters.idsRead = Int(select.int64(4))
        counters.duplicateIDs = Int(select.int64(5))
        counters.contactsSynced = Int(select.int64(6))
        counters.contactsChanged = Int(select.int64(7))
        counters.failures = Int(select.int64(8))
        counters.requests = Int(select.int64(9))
        counters.retries = Int(select.int64(10))
        counters.rateLimited = Int(select.int64(11))
        counters.contactsDeleted = Int(select.int64(13))
        return SyncRunRecord(
            id: select.int64(0), startedAt: select.text(1) ?? "", finishedAt: select.text(2),
            status: select.text(3).flatMap(RunStatus.init(rawValue:)) ?? .aborted, counters: counters,
            message: select.text(12)
        )
    }
}
