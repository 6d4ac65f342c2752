import Foundation
import GRDB
import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

/// A database at schema version 1 (two runs over 40 contacts, 3 failures each) must upgrade in place
/// through every later migration without losing or altering a row.
@Suite struct SchemaUpgradeTests {
    static let dataTables = [
        "sync_runs", "contacts", "contact_tags", "contact_custom_fields", "contact_attributions",
        "contact_dnd_settings", "sync_failures", "sync_run_contacts",
    ]

    /// A database as version 1 left it: only `001_initial` applied (by the same migrator mechanism, so
    /// `grdb_migrations` reads as a version-1 binary wrote it), holding two runs over 40 contacts with
    /// every child table, 6 failures, a NUL inside a value and a multi-kilobyte custom field.
    static func version1Database(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("v1.sqlite")
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        let (name, sql) = SchemaMigrations.all[0]
        migrator.registerMigration(String(name.dropLast(".sql".count))) { db in try db.execute(sql: sql) }
        try migrator.migrate(queue)
        try queue.write { db in
            for run in 1...2 {
                try db.execute(
                    sql: "INSERT INTO sync_runs (id, started_at, finished_at, status, ids_read, contacts_synced, failures) VALUES (?, ?, ?, 'partial', 43, 40, 3)",
                    arguments: [run, "2026-11-2\(run)T00:00:00.000Z", "2026-11-2\(run)T00:01:00.000Z"])
            }
            for index in 0..<40 {
                let id = "contact\(String(format: "%013d", index))"
                try db.execute(
                    sql: """
                        INSERT INTO contacts (id, location_id, name, email, dnd, date_of_birth, raw_json, normalization_version, synced_at, sync_run_id)
                        VALUES (?, 'loc1', ?, ?, ?, '1990-01-02', ?, 1, '2026-11-21T00:00:30.000Z', 1)
                        """,
                    arguments: [id, "Name\u{0}\(index)", "c\(index)@example.com", index % 2, "{\"id\":\"\(id)\",\"n\":\(index)}"])
                for position in 0..<(index % 4) {
                    try db.execute(sql: "INSERT INTO contact_tags VALUES (?, ?, ?)", arguments: [id, position, "tag\(position)"])
                }
                for field in 0..<4 {
                    // value_text as version 1 stored it, and value_json as the normalizer wrote it; from 004
                    // on value_text is computed from value_json, escapes included.
                    let (text, json) = switch field {
                    case 3: (String(repeating: "long value ", count: 300), "\"" + String(repeating: "long value ", count: 300) + "\"")
                    case 2: ("Zoë \"q\" back\\slash\ttab\nline 😀 \u{1}", #""Zoë \"q\" back\\slash\ttab\nline \ud83d\ude00 \u0001""#)
                    default: ("v\(field)", "\"v\(field)\"")
                    }
                    try db.execute(
                        sql: "INSERT INTO contact_custom_fields VALUES (?, ?, ?, 'string', ?, NULL, ?)",
                        arguments: [id, "cf\(field)", field, text, json])
                }
                try db.execute(
                    sql: "INSERT INTO contact_attributions (contact_id, origin, ordinal, utm_source, is_first, raw_json) VALUES (?, 'attributionSource', 0, 'google', 1, '{}')",
                    arguments: [id])
                try db.execute(
                    sql: "INSERT INTO contact_dnd_settings VALUES (?, 'outbound', 'SMS', 'active', NULL, NULL)", arguments: [id])
                for run in 1...2 {
                    try db.execute(sql: "INSERT INTO sync_run_contacts VALUES (?, ?, ?)", arguments: [run, id, run == 1])
                }
            }
            for run in 1...2 {
                for index in 0..<3 {
                    try db.execute(
                        sql: "INSERT INTO sync_failures (run_id, contact_id, reason, http_status, attempts, line_number, failed_at) VALUES (?, ?, 'not_found', 400, 1, ?, 'x')",
                        arguments: [run, "missing\(index)", index + 41])
                }
            }
        }
        return path
    }

    /// Columns later migrations add to version-1 tables (checked separately: NULL for old rows).
    static let columnsAddedAfterVersion1: [String: Set<String>] = [
        "sync_runs": ["id_source", "location_id", "changed_since", "contacts_deleted", "changed_since_basis"],
        "contacts": ["deleted_at"],
    ]

    /// Every row of every data table, as bytes, in primary-key order: what must survive the upgrade.
    static func snapshot(_ db: Database) throws -> [String: [[DatabaseValue]]] {
        var tables: [String: [[DatabaseValue]]] = [:]
        for table in dataTables {
            let columns = try db.columns(in: table).map(\.name)
                .filter { !(columnsAddedAfterVersion1[table]?.contains($0) ?? false) }
            let key = try db.primaryKey(table).columns
            let select = columns.map { "CAST(\($0) AS BLOB)" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: "SELECT \(select) FROM \(table) ORDER BY \(key.joined(separator: ", "))")
            tables[table] = rows.map { Array($0.databaseValues) }
        }
        return tables
    }

    @Test func version1UpgradesThroughEveryMigrationKeepingEveryRow() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.version1Database(in: directory)
        let before = try DatabaseQueue(path: path).read { db in
            #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") == ["001_initial"])
            return try Self.snapshot(db)
        }
        #expect(before["contacts"]?.count == 40)
        #expect(before["contact_custom_fields"]?.count == 160)
        #expect(before["sync_failures"]?.count == 6)

        let pool = try ContactDatabase.open(path: path)
        try pool.read { db in
            #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
                == ContactDatabase.migrationNames)
            #expect(try Self.snapshot(db) == before)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let customFieldsSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'contact_custom_fields'")
            #expect(customFieldsSQL?.contains("WITHOUT ROWID") == false, "002 makes contact_custom_fields a rowid table")
            #expect(try db.primaryKey("contact_custom_fields").columns == ["contact_id", "field_id"])
            #expect(try db.indexes(on: "contact_custom_fields").contains { $0.name == "contact_custom_fields_field_id" })
            // 004: value_text is a virtual generated column (stored once, as value_json); the snapshot above
            // shows it reads back byte for byte what version 1 stored.
            #expect(customFieldsSQL?.contains("GENERATED ALWAYS") == true)
            #expect(try Int.fetchOne(db, sql: "SELECT hidden FROM pragma_table_xinfo('contact_custom_fields') WHERE name = 'value_text'") == 2)
            #expect(try String.fetchOne(db, sql: "SELECT value_text FROM contact_custom_field_values WHERE field_id = 'cf2' LIMIT 1")
                == "Zoë \"q\" back\\slash\ttab\nline 😀 \u{1}")
            // 003: old runs have no id source or watermark; contacts stored before it are searchable at once.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_runs WHERE id_source IS NULL AND location_id IS NULL AND changed_since IS NULL") == 2)
            #expect(try String.fetchAll(db, sql: "SELECT id FROM contacts_fts WHERE contacts_fts MATCH '\"c17@example.com\"'") == ["contact0000000000017"])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'example'") == 40)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_overview") == 40)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_overview WHERE dnd_sms = 'active' AND first_touch_source = 'google'") == 40)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_custom_field_values WHERE field_name IS NULL") == 160)
            // 005: every contact of an upgraded database is live; no run marked any deleted.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts WHERE deleted_at IS NULL") == 40)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM deleted_contacts") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT sum(contacts_deleted) FROM sync_runs") == 0)
        }
        try pool.write { db in try db.execute(sql: "INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')") }
        try pool.close()

        // The upgraded database keeps working: the cascade still reaches custom fields, and a resumed
        // run finds what version 1 stored.
        let store = try ContactStore(path: path)
        #expect(try store.storedContactIDs(runID: 2).count == 40)
        let removed = try store.database.write { db -> Int in
            let id = try #require(try String.fetchOne(db, sql: "SELECT contact_id FROM contact_custom_fields LIMIT 1"))
            let fields = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_custom_fields WHERE contact_id = ?", arguments: [id]) ?? 0
            try db.execute(sql: "DELETE FROM contacts WHERE id = ?", arguments: [id])
            let left = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_custom_fields WHERE contact_id = ?", arguments: [id]) ?? -1
            #expect(left == 0)
            return fields
        }
        #expect(removed > 0)
    }

    @Test func reopeningAnUpgradedDatabaseAppliesNothingTwice() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.version1Database(in: directory)
        let once = try ContactDatabase.open(path: path).read(Self.snapshot)
        let twice = try ContactDatabase.open(path: path).read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == ContactDatabase.migrationNames.count)
            return try Self.snapshot(db)
        }
        #expect(once == twice)
    }
}
