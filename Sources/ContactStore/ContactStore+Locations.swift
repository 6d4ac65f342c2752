import Foundation
import GRDB

extension ContactStore {
    /// Records where a run's ids come from.
    public func setSource(_ source: RunSource, runID: Int64) throws(ContactStoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE sync_runs SET id_source = ?, location_id = ?, changed_since = ? WHERE id = ?",
                arguments: [source.idSource, source.locationID, source.changedSince, runID]
            )
            if db.changesCount == 0 { throw ContactStoreError.noSuchRun(runID) }
        }
    }

    /// Where a run's ids came from; nil for a run recorded before schema version 3 (or no such run).
    public func source(runID: Int64) throws(ContactStoreError) -> RunSource? {
        try read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT id_source, location_id, changed_since FROM sync_runs WHERE id = ?", arguments: [runID]
            ), let idSource: String = row["id_source"] else { return nil }
            return RunSource(idSource: idSource, locationID: row["location_id"], changedSince: row["changed_since"])
        }
    }

    /// The `started_at` of the latest succeeded whole-location run of `locationID`: the watermark of
    /// `--changed-since last`. Nil when there is none.
    public func latestSucceededLocationRunStart(locationID: String) throws(ContactStoreError) -> String? {
        try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT started_at FROM sync_runs
                    WHERE status = 'succeeded' AND id_source = 'location' AND location_id = ?
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [locationID]
            )
        }
    }

    /// Replaces a location's custom field definitions with `definitions`, in one transaction.
    ///
    /// Each definition is inserted or updated (clearing `removed_at` if it had been removed); the location's
    /// definitions not in `definitions` keep their row and get `removed_at` set, so old values keep their name.
    public func refreshCustomFieldDefinitions(
        _ definitions: [CustomFieldDefinitionRow], locationID: String
    ) throws(ContactStoreError) {
        let now = Timestamp.now()
        let idList = String(decoding: (try? JSONSerialization.data(withJSONObject: definitions.map(\.id))) ?? Data("[]".utf8), as: UTF8.self)
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO custom_field_definitions
                    (id, location_id, name, field_key, data_type, picklist_options, position, raw_json, fetched_at, removed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (id) DO UPDATE SET
                    location_id = excluded.location_id, name = excluded.name, field_key = excluded.field_key,
                    data_type = excluded.data_type, picklist_options = excluded.picklist_options,
                    position = excluded.position, raw_json = excluded.raw_json, fetched_at = excluded.fetched_at,
                    removed_at = NULL
                """)
            for definition in definitions {
                try upsert.execute(arguments: [
                    definition.id, locationID, definition.name, definition.fieldKey, definition.dataType,
                    definition.picklistOptionsJSON, definition.position, definition.rawJSON, now,
                ])
            }
            try db.execute(
                sql: """
                    UPDATE custom_field_definitions SET removed_at = ?
                    WHERE location_id = ? AND removed_at IS NULL AND id NOT IN (SELECT value FROM json_each(?))
                    """,
                arguments: [now, locationID, idList]
            )
        }
    }
}
