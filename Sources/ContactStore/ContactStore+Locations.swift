package import ContactNormalization
import GRDB
import LosslessJSON

extension ContactStore {
    /// Records where a run's ids come from.
    package func setSource(_ source: RunSource, runID: Int64) throws(ContactStoreError) {
        try write { db in
            var update = try SQLStatement(db, cached: """
                UPDATE sync_runs SET id_source = ?, location_id = ?, changed_since = ?, changed_since_basis = ? WHERE id = ?
                """)
            update.bind(source.idSource)
            update.bind(source.locationID)
            update.bind(source.changedSince)
            update.bind(source.changedSinceBasis)
            update.bind(runID)
            try update.execute()
            if db.changesCount == 0 { throw ContactStoreError.noSuchRun(runID) }
        }
    }

    /// Where a run's ids came from; nil for a run recorded before schema version 3 (or no such run).
    package func source(runID: Int64) throws(ContactStoreError) -> RunSource? {
        try read { db in
            var select = try SQLStatement(
                db, cached: "SELECT id_source, location_id, changed_since, changed_since_basis FROM sync_runs WHERE id = ?")
            select.bind(runID)
            defer { select.reset() }
            guard try select.step(), let idSource = select.text(0).flatMap(IDSource.init(rawValue:)) else { return nil }
            return RunSource(
                idSource: idSource, locationID: select.text(1), changedSince: select.text(2), changedSinceBasis: select.text(3))
        }
    }

    /// The id and `started_at` of the latest succeeded whole-location run of `locationID`: where
    /// `--changed-since last` starts from. Nil when there is none.
    package func latestSucceededLocationRun(locationID: String) throws(ContactStoreError) -> (id: Int64, startedAt: String)? {
        try read { db in
            // A run over many locations records each one's part, with its own start; a single-location run
            // records its own row too (and, from schema 6 on, a part starting a moment later: the run's
            // earlier start is the one taken).
            var select = try SQLStatement(db, cached: """
                SELECT run_id, started_at FROM sync_run_locations WHERE location_id = ? AND status = 'succeeded'
                UNION ALL
                SELECT id, started_at FROM sync_runs
                WHERE status = 'succeeded' AND id_source = 'location' AND location_id = ?
                ORDER BY 1 DESC, 2 ASC LIMIT 1
                """)
            select.bind(locationID)
            select.bind(locationID)
            defer { select.reset() }
            guard try select.step(), let startedAt = select.text(1) else { return nil }
            return (select.int64(0), startedAt)
        }
    }

    /// When the latest succeeded run finished (nil when none has), and when each location was last synced
    /// completely (`locations.last_success_at`): what `--metrics-file` reports as the last success.
    package func lastSuccesses() throws(ContactStoreError) -> (run: String?, locations: [String: String]) {
        try read { db in
            var select = try SQLStatement(db, cached: "SELECT max(finished_at) FROM sync_runs WHERE status = 'succeeded'")
            defer { select.reset() }
            let run = try select.step() ? select.text(0) : nil
            var locations: [String: String] = [:]
            var each = try SQLStatement(db, cached: "SELECT id, last_success_at FROM locations WHERE last_success_at IS NOT NULL")
            defer { each.reset() }
            while try each.step() {
                if let id = each.text(0), let at = each.text(1) { locations[id] = at }
            }
            return (run, locations)
        }
    }

    /// A `custom_field_definitions` row: the definition, its location and when it was fetched.
    struct DefinitionRow {
        let locationID: String
        let definition: CustomFieldDefinitionRow
        let fetchedAt: String
    }

    nonisolated(unsafe) static let definitionColumns = ColumnTable<DefinitionRow>("custom_field_definitions", [
        .text("id", \.definition.id), .text("location_id", \.locationID), .text("name", \.definition.name),
        .text("field_key", \.definition.fieldKey), .text("data_type", \.definition.dataType),
        .text("picklist_options", \.definition.picklistOptionsJSON), .integer("position", \.definition.position),
        .text("raw_json", \.definition.rawJSON), .text("fetched_at", \.fetchedAt), .null("removed_at"),
    ])

    /// Replaces a location's custom field definitions with `definitions`, in one transaction.
    ///
    /// Each definition is inserted or updated (clearing `removed_at` if it had been removed); the location's
    /// definitions not in `definitions` keep their row and get `removed_at` set, so old values keep their name.
    package func refreshCustomFieldDefinitions(
        _ definitions: [CustomFieldDefinitionRow], locationID: String
    ) throws(ContactStoreError) {
        let now = Timestamp.now().iso8601
        let idList = JSONValue.array(definitions.map { .string($0.id) }).jsonText
        try write { db in
            var upsert = try SQLStatement(db, cached: Self.definitionColumns.upsertSQL(conflictOn: ["id"]))
            for definition in definitions {
                Self.definitionColumns.bind(DefinitionRow(locationID: locationID, definition: definition, fetchedAt: now), to: &upsert)
                try upsert.execute()
            }
            var markRemoved = try SQLStatement(db, cached: """
                UPDATE custom_field_definitions SET removed_at = ?
                WHERE location_id = ? AND removed_at IS NULL AND id NOT IN (SELECT value FROM json_each(?))
                """)
            markRemoved.bind(now)
            markRemoved.bind(locationID)
            markRemoved.bind(idList)
            try markRemoved.execute()
        }
    }
}
