import GRDB
import LosslessJSON

/// One location's part of a run, as `sync_run_locations` records it.
package struct RunPartRecord: Sendable, Equatable {
    package let locationID: String
    package let status: RunStatus
    package let startedAt: String
    package let counters: RunCounters
    package let changedSince: String?
    package let changedSinceBasis: String?
    package let message: String?
}

extension ContactStore {
    /// Adds `counters` (requests made beside any batch: an agency's token and listing requests) to run `runID`.
    package func addToRun(_ counters: RunCounters, runID: Int64) throws(ContactStoreError) {
        guard counters != RunCounters() else { return }
        try write { db in try Self.add(counters, toRun: runID, locationID: nil, in: db) }
    }

    /// Records `locationID` (with its label, when given; an existing label is kept when none is).
    package func recordLocation(_ locationID: String, name: String?) throws(ContactStoreError) {
        try write { db in
            var upsert = try SQLStatement(db, cached: """
                INSERT INTO locations (id, name, first_seen_at) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = coalesce(excluded.name, locations.name)
                """)
            upsert.bind(locationID)
            upsert.bind(name)
            upsert.bind(Timestamp.now().iso8601)
            try upsert.execute()
        }
    }

    /// Starts (or, resuming, restarts) `locationID`'s part of run `runID`, listing from `source`'s watermark.
    package func beginPart(runID: Int64, locationID: String, source: RunSource) throws(ContactStoreError) {
        try write { db in
            var upsert = try SQLStatement(db, cached: """
                INSERT INTO sync_run_locations (run_id, location_id, status, started_at, changed_since, changed_since_basis)
                VALUES (?, ?, 'running', ?, ?, ?)
                ON CONFLICT (run_id, location_id) DO UPDATE SET status = 'running', finished_at = NULL, message = NULL
                """)
            upsert.bind(runID)
            upsert.bind(locationID)
            upsert.bind(Timestamp.now().iso8601)
            upsert.bind(source.changedSince)
            upsert.bind(source.changedSinceBasis)
            try upsert.execute()
        }
    }

    /// Ends `locationID`'s part of run `runID`; a part that succeeded is the location's last success.
    package func finishPart(runID: Int64, locationID: String, status: RunStatus, message: String?) throws(ContactStoreError) {
        try write { db in
            let now = Timestamp.now().iso8601
            var update = try SQLStatement(db, cached: """
                UPDATE sync_run_locations SET status = ?, finished_at = ?, message = ? WHERE run_id = ? AND location_id = ?
                """)
            update.bind(status)
            update.bind(now)
            update.bind(message)
            update.bind(runID)
            update.bind(locationID)
            try update.execute()
            guard status == .succeeded else { return }
            var success = try SQLStatement(db, cached: "UPDATE locations SET last_success_at = ?, last_success_run_id = ? WHERE id = ?")
            success.bind(now)
            success.bind(runID)
            success.bind(locationID)
            try success.execute()
        }
    }

    /// The parts of run `runID`, by location.
    package func parts(runID: Int64) throws(ContactStoreError) -> [RunPartRecord] {
        try read { db in
            var select = try SQLStatement(db, cached: """
                SELECT location_id, status, started_at, ids_read, duplicate_ids, contacts_synced, contacts_changed,
                    contacts_deleted, failures, requests, retries, rate_limited, changed_since, changed_since_basis, message
                FROM sync_run_locations WHERE run_id = ? ORDER BY location_id
                """)
            select.bind(runID)
            defer { select.reset() }
            var parts: [RunPartRecord] = []
            while try select.step() {
                var counters = RunCounters()
                (counters.idsRead, counters.duplicateIDs) = (Int(select.int64(3)), Int(select.int64(4)))
                (counters.contactsSynced, counters.contactsChanged) = (Int(select.int64(5)), Int(select.int64(6)))
                (counters.contactsDeleted, counters.failures) = (Int(select.int64(7)), Int(select.int64(8)))
                (counters.requests, counters.retries) = (Int(select.int64(9)), Int(select.int64(10)))
                counters.rateLimited = Int(select.int64(11))
                parts.append(RunPartRecord(
                    locationID: select.text(0) ?? "", status: select.text(1).flatMap(RunStatus.init(rawValue:)) ?? .aborted,
                    startedAt: select.text(2) ?? "", counters: counters, changedSince: select.text(12),
                    changedSinceBasis: select.text(13), message: select.text(14)
                ))
            }
            return parts
        }
    }
}
