import Foundation
import GRDB
import Testing

@testable import ContactStore

/// A database written by the first release (schema version 1, two runs over 40 contacts, 3 failures each)
/// must upgrade in place through every later migration without losing or altering a row.
@Suite struct SchemaUpgradeTests {
    static let dataTables = [
        "sync_runs", "contacts", "contact_tags", "contact_custom_fields", "contact_attributions",
        "contact_dnd_settings", "sync_failures", "sync_run_contacts",
    ]

    /// A private copy of `Fixtures/schema-v1.sqlite` (the fixture itself is never opened for writing).
    static func copyOfVersion1(in directory: TemporaryDirectory) throws -> String {
        let resources = try #require(Bundle.module.resourceURL)
        let fixture = resources.appendingPathComponent("Fixtures/schema-v1.sqlite")
        let copy = directory.file("v1.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
        return copy
    }

    /// Every row of every data table, as bytes, in primary-key order: what must survive the upgrade.
    static func snapshot(_ db: Database) throws -> [String: [[DatabaseValue]]] {
        var tables: [String: [[DatabaseValue]]] = [:]
        for table in dataTables {
            let columns = try db.columns(in: table).map(\.name)
            let key = try db.primaryKey(table).columns
            let select = columns.map { "CAST(\($0) AS BLOB)" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: "SELECT \(select) FROM \(table) ORDER BY \(key.joined(separator: ", "))")
            tables[table] = rows.map { Array($0.databaseValues) }
        }
        return tables
    }

    @Test func version1UpgradesThroughEveryMigrationKeepingEveryRow() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.copyOfVersion1(in: directory)
        let before = try DatabaseQueue(path: path).read { db in
            #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") == ["001_initial"])
            return try Self.snapshot(db)
        }
        #expect(before["contacts"]?.count == 40)
        #expect(before["contact_custom_fields"]?.count == 162)
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
        }
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
        let path = try Self.copyOfVersion1(in: directory)
        let once = try ContactDatabase.open(path: path).read(Self.snapshot)
        let twice = try ContactDatabase.open(path: path).read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == ContactDatabase.migrationNames.count)
            return try Self.snapshot(db)
        }
        #expect(once == twice)
    }
}
