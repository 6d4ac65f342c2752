import GRDB
import LosslessJSON

/// A first load builds its secondary indexes at the end instead of row by row (schema 008).
///
/// The keys of these indexes arrive in random order (emails, update times, tags, campaigns), so keeping them
/// during a load touches pages all over each b-tree in every batch; `CREATE INDEX` over the finished tables
/// sorts once. A run that begins with no contacts stored drops them, each definition kept in
/// `deferred_indexes` in the same transaction; the end of a run that succeeded or was partial builds them
/// again in the transaction that records its end. A run killed, aborted or interrupted leaves the definitions
/// behind, and the next run to end succeeded or partial builds them. The primary keys, `contacts_location_id`
/// (listing a location, the deletion sweep) and the full-text index stay in place throughout: the writer's own
/// lookups need them.
extension ContactStore {
    /// The indexes a first load defers, by name (their definitions come from `sqlite_schema`).
    static let deferrableIndexes = [
        "contacts_email_lower_case", "contacts_date_updated", "contact_tags_tag", "contact_attributions_campaign",
        "contact_attributions_utm_campaign", "contact_dnd_settings_channel_status", "contact_custom_fields_field_id",
    ]

    /// The names of the indexes waiting in `deferred_indexes` to be built, in name order.
    package func deferredIndexNames() throws(ContactStoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM deferred_indexes ORDER BY name") }
    }

    /// Whether a first load is under way: indexes are waiting in `deferred_indexes` (this run's, or a killed or
    /// stopped first load's). Nearly every contact such a run fetches is new, so it normalizes them as they
    /// arrive instead of checking first whether they changed.
    package func isFirstLoad() throws(ContactStoreError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_indexes)") ?? false }
    }

    /// Drops the deferrable indexes when no contact is stored yet, recording their definitions for `runID`.
    /// Indexes already deferred by an earlier run stay deferred (and recorded) as they are.
    static func deferIndexesIfFirstLoad(runID: Int64, in db: Database) throws {
        var anyContact = try SQLStatement(db, cached: "SELECT 1 FROM contacts LIMIT 1")
        guard try anyContact.fetchInt64() == nil else { return }
        let now = Timestamp.now().iso8601
        for name in deferrableIndexes {
            var definition = try SQLStatement(db, cached: "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?")
            definition.bind(name)
            guard let sql = try definition.fetchText() else { continue }
            var record = try SQLStatement(
                db, cached: "INSERT OR REPLACE INTO deferred_indexes (name, sql, run_id, deferred_at) VALUES (?, ?, ?, ?)")
            record.bind(name)
            record.bind(sql)
            record.bind(runID)
            record.bind(now)
            try record.execute()
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
        }
    }

    /// Builds every index waiting in `deferred_indexes` and forgets it. A recorded definition that is not the
    /// `CREATE INDEX` of a deferrable index by its own name (the file was edited by hand) is refused rather than
    /// run.
    static func buildDeferredIndexes(in db: Database) throws {
        let waiting = try Row.fetchAll(db, sql: "SELECT name, sql FROM deferred_indexes ORDER BY name")
        for row in waiting {
            let name: String = row["name"]
            let sql: String = row["sql"]
            guard deferrableIndexes.contains(name), sql.hasPrefix("CREATE INDEX \(name) ON "), !sql.contains(";") else {
                throw ContactStoreError.unexpectedDeferredIndex(name: name)
            }
            var exists = try SQLStatement(db, cached: "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?")
            exists.bind(name)
            if try exists.fetchInt64() == nil { try db.execute(sql: sql) }
        }
        if !waiting.isEmpty { try db.execute(sql: "DELETE FROM deferred_indexes") }
    }
}
