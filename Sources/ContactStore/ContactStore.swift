public import ContactNormalization
public import GRDB
import Foundation

/// The one writer of the database: runs, batches of contacts and failures, each batch one transaction.
///
/// Its methods are synchronous and must be called from one task at a time (the job's write loop); GRDB
/// serializes them on its writer connection anyway.
public final class ContactStore: Sendable {
    /// Bumped whenever normalization changes what rows a given `raw_json` produces, so that re-syncing an
    /// unchanged contact still rewrites its child rows after an upgrade.
    public static let normalizationVersion = 1

    /// The underlying database (for readers: tests, the demo's queries).
    public let database: DatabasePool

    public init(database: DatabasePool) {
        self.database = database
    }

    /// Opens and migrates the database at `path`.
    public convenience init(path: String) throws(ContactStoreError) {
        self.init(database: try ContactDatabase.open(path: path))
    }

    /// Starts a new run with status `running` and returns its id.
    public func beginRun() throws(ContactStoreError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO sync_runs (started_at, status) VALUES (?, 'running')",
                arguments: [Timestamp.now()]
            )
            return db.lastInsertedRowID
        }
    }

    /// The latest run unless it succeeded: what `--resume` continues.
    public func latestUnfinishedRun() throws(ContactStoreError) -> SyncRunRecord? {
        guard let latest = try latestRun(), latest.status != .succeeded else { return nil }
        return latest
    }

    /// The latest run, whatever its status.
    public func latestRun() throws(ContactStoreError) -> SyncRunRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_runs ORDER BY id DESC LIMIT 1").map(SyncRunRecord.init(row:))
        }
    }

    /// One run by id.
    public func run(id: Int64) throws(ContactStoreError) -> SyncRunRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_runs WHERE id = ?", arguments: [id]).map(SyncRunRecord.init(row:))
        }
    }

    /// Marks a run `running` again so it can be continued.
    public func reopenRun(id: Int64) throws(ContactStoreError) {
        try write { db in
            try db.execute(sql: "UPDATE sync_runs SET status = 'running', finished_at = NULL, message = NULL WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw ContactStoreError.noSuchRun(id) }
        }
    }

    /// The ids a run has already stored (what `--resume` skips).
    public func storedContactIDs(runID: Int64) throws(ContactStoreError) -> Set<String> {
        try read { db in
            try String.fetchSet(db, sql: "SELECT contact_id FROM sync_run_contacts WHERE run_id = ?", arguments: [runID])
        }
    }

    /// Calls `body` with each id the run has stored, streaming (a resumed million-id run never holds them
    /// all as strings).
    public func forEachStoredContactID(runID: Int64, _ body: (String) -> Void) throws(ContactStoreError) {
        try read { db in
            let ids = try String.fetchCursor(db, sql: "SELECT contact_id FROM sync_run_contacts WHERE run_id = ?", arguments: [runID])
            while let id = try ids.next() { body(id) }
        }
    }

    /// Writes contacts and failures in one transaction and adds `counters` (requests, retries, 429s,
    /// ids read) to the run. A stored contact clears an earlier failure of the same id in this run.
    @discardableResult
    public func save(
        _ contacts: [NormalizedContact], failures: [FailureRecord], runID: Int64, requestCounters: RunCounters
    ) throws(ContactStoreError) -> BatchResult {
        try write { db in
            let now = Timestamp.now()
            var result = BatchResult()
            var newlyStored = 0
            var clearedFailures = 0
            for contact in contacts {
                let changed = try ContactRowWriter.upsert(contact, runID: runID, syncedAt: now, in: db)
                result.stored += 1
                if changed { result.changed += 1 }
                let recorded = try db.cachedStatement(sql: """
                    INSERT INTO sync_run_contacts (run_id, contact_id, changed) VALUES (?, ?, ?)
                    ON CONFLICT (run_id, contact_id) DO NOTHING
                    """)
                try recorded.execute(arguments: [runID, contact.contact.id, changed])
                newlyStored += db.changesCount
                let cleared = try db.cachedStatement(sql: "DELETE FROM sync_failures WHERE run_id = ? AND contact_id = ?")
                try cleared.execute(arguments: [runID, contact.contact.id])
                clearedFailures += db.changesCount
            }
            var newFailures = 0
            for failure in failures {
                let existed = try db.cachedStatement(sql: "SELECT 1 FROM sync_failures WHERE run_id = ? AND contact_id = ?")
                let isNew = try Int.fetchOne(existed, arguments: [runID, failure.contactID]) == nil
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO sync_failures
                        (run_id, contact_id, reason, http_status, message, trace_id, attempts, line_number, failed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (run_id, contact_id) DO UPDATE SET
                        reason = excluded.reason, http_status = excluded.http_status, message = excluded.message,
                        trace_id = excluded.trace_id, attempts = excluded.attempts,
                        line_number = excluded.line_number, failed_at = excluded.failed_at
                    """)
                try statement.execute(arguments: [
                    runID, failure.contactID, failure.reason, failure.httpStatus, failure.message, failure.traceID,
                    failure.attempts, failure.lineNumber, now,
                ])
                if isNew { newFailures += 1 }
            }
            result.failures = failures.count
            try db.execute(
                sql: """
                    UPDATE sync_runs SET
                        contacts_synced = contacts_synced + ?, contacts_changed = contacts_changed + ?,
                        failures = failures + ?, requests = requests + ?, retries = retries + ?,
                        rate_limited = rate_limited + ?, ids_read = max(ids_read, ?), duplicate_ids = max(duplicate_ids, ?)
                    WHERE id = ?
                    """,
                arguments: [
                    newlyStored, result.changed, newFailures - clearedFailures, requestCounters.requests,
                    requestCounters.retries, requestCounters.rateLimited, requestCounters.idsRead,
                    requestCounters.duplicateIDs, runID,
                ]
            )
            return result
        }
    }

    /// Ends a run: sets its status, finish time and message, and recounts what it stored and failed.
    public func finishRun(id: Int64, status: RunStatus, message: String?) throws(ContactStoreError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE sync_runs SET
                        status = ?, finished_at = ?, message = ?,
                        contacts_synced = (SELECT count(*) FROM sync_run_contacts WHERE run_id = sync_runs.id),
                        contacts_changed = (SELECT count(*) FROM sync_run_contacts WHERE run_id = sync_runs.id AND changed),
                        failures = (SELECT count(*) FROM sync_failures WHERE run_id = sync_runs.id)
                    WHERE id = ?
                    """,
                arguments: [status.rawValue, Timestamp.now(), message, id]
            )
        }
    }

    /// Runs `body` in a write transaction, reporting SQLite's failure as ``ContactStoreError/database(_:)``.
    func write<T>(_ body: (Database) throws -> T) throws(ContactStoreError) -> T {
        do {
            return try database.write(body)
        } catch let error as ContactStoreError {
            throw error
        } catch {
            throw .database(ContactDatabase.describe(error))
        }
    }

    /// Runs `body` in a read, reporting SQLite's failure as ``ContactStoreError/database(_:)``.
    func read<T>(_ body: (Database) throws -> T) throws(ContactStoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw .database(ContactDatabase.describe(error))
        }
    }
}

extension SyncRunRecord {
    init(row: Row) {
        var counters = RunCounters()
        counters.idsRead = row["ids_read"]
        counters.duplicateIDs = row["duplicate_ids"]
        counters.contactsSynced = row["contacts_synced"]
        counters.contactsChanged = row["contacts_changed"]
        counters.failures = row["failures"]
        counters.requests = row["requests"]
        counters.retries = row["retries"]
        counters.rateLimited = row["rate_limited"]
        self.init(
            id: row["id"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            status: RunStatus(rawValue: row["status"]) ?? .aborted, counters: counters, message: row["message"]
        )
    }
}

/// ISO-8601 UTC timestamps with milliseconds, the format of every time the store writes.
enum Timestamp {
    static func now() -> String {
        Date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
