import GRDB
import LosslessJSON

extension ContactStore {
    /// How many stored contacts of `locationID` are not marked deleted.
    package func liveContactCount(locationID: String) throws(ContactStoreError) -> Int {
        try read { db in
            var count = try SQLStatement(db, cached: "SELECT count(*) FROM contacts WHERE location_id = ? AND deleted_at IS NULL")
            count.bind(locationID)
            return Int(try count.fetchInt64() ?? 0)
        }
    }

    /// Calls `body` with the id of each stored contact of `locationID` that is not marked deleted, streaming.
    package func forEachLiveContactID(locationID: String, _ body: (String) throws -> Void) throws(ContactStoreError) {
        try forEachText("SELECT id FROM contacts WHERE location_id = ? AND deleted_at IS NULL", body) { $0.bind(locationID) }
    }

    /// Marks `ids` deleted now (those not marked yet) and counts them on run `runID` (and on `locationID`'s
    /// part of it); returns how many were marked.
    @discardableResult
    package func markDeleted(_ ids: [String], runID: Int64, locationID: String? = nil) throws(ContactStoreError) -> Int {
        let now = Timestamp.now().iso8601
        return try write { db in
            var mark = try SQLStatement(db, cached: "UPDATE contacts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
            var marked = 0
            for id in ids {
                mark.bind(now)
                mark.bind(id)
                try mark.execute()
                marked += db.changesCount
            }
            var counted = RunCounters()
            counted.contactsDeleted = marked
            try Self.add(counted, toRun: runID, locationID: locationID, in: db)
            return marked
        }
    }
}
