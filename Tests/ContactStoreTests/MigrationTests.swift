import Foundation
import GRDB
import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

@Suite struct MigrationTests {
    /// The repository's `schema/` folder, found from this file's location.
    static let schemaDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schema")

    @Test func embeddedMigrationsAreExactlyTheSchemaFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemaDirectory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!files.isEmpty)
        #expect(SchemaMigrations.all.map(\.name) == files)
        for (name, sql) in SchemaMigrations.all {
            let onDisk = try String(contentsOf: Self.schemaDirectory.appendingPathComponent(name), encoding: .utf8)
            #expect(sql == onDisk.trimmingCharacters(in: .newlines), "run scripts/embed-schema after editing \(name)")
        }
    }

    @Test func openingAppliesEveryMigrationInOrder() throws {
        let directory = try TemporaryDirectory()
        let pool = try ContactDatabase.open(path: directory.file("m.sqlite"))
        let applied = try pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        #expect(applied == ContactDatabase.migrationNames)
        #expect(applied == SchemaMigrations.all.map { String($0.name.dropLast(4)) })
    }

    static let contract: [String: [String]] = [
        "contacts": [
            "id", "location_id", "name", "first_name", "last_name", "email", "email_lower_case", "timezone",
            "company_name", "phone", "dnd", "type", "source", "assigned_to", "address1", "city", "state", "country",
            "postal_code", "website", "date_of_birth", "date_added", "date_updated", "raw_json", "synced_at",
            "sync_run_id",
        ],
        "contact_tags": ["contact_id", "position", "tag"],
        "contact_custom_fields": [
            "contact_id", "field_id", "position", "value_type", "value_text", "value_number", "value_json",
        ],
        "contact_attributions": [
            "contact_id", "origin", "ordinal", "url", "campaign", "utm_source", "utm_medium", "utm_content", "utm_term",
            "utm_campaign", "referrer", "session_source", "medium", "medium_id", "fbclid", "gclid", "is_first",
            "is_last", "raw_json",
        ],
        "contact_dnd_settings": ["contact_id", "direction", "channel", "status", "message", "code"],
        "sync_runs": [
            "id", "started_at", "finished_at", "status", "ids_read", "contacts_synced", "failures", "requests",
            "retries", "rate_limited",
        ],
        "sync_failures": ["run_id", "contact_id", "reason", "http_status", "message", "trace_id", "attempts"],
    ]

    static let primaryKeys: [String: [String]] = [
        "contacts": ["id"],
        "contact_tags": ["contact_id", "position"],
        "contact_custom_fields": ["contact_id", "field_id"],
        "contact_attributions": ["contact_id", "origin", "ordinal"],
        "contact_dnd_settings": ["contact_id", "direction", "channel"],
    ]

    @Test func schemaHasTheContractColumnsAndKeys() throws {
        let directory = try TemporaryDirectory()
        let pool = try ContactDatabase.open(path: directory.file("c.sqlite"))
        try pool.read { db in
            for (table, columns) in Self.contract {
                let present = Set(try db.columns(in: table).map(\.name))
                for column in columns {
                    #expect(present.contains(column), "\(table).\(column) is part of the schema contract")
                }
            }
            for (table, key) in Self.primaryKeys {
                #expect(try db.primaryKey(table).columns == key, "primary key of \(table)")
            }
            for table in ["contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"] {
                let foreignKeys = try db.foreignKeys(on: table)
                #expect(foreignKeys.count == 1)
                #expect(foreignKeys.first?.destinationTable == "contacts")
                let onDelete = try Row.fetchOne(db, sql: "SELECT on_delete FROM pragma_foreign_key_list(?)", arguments: [table])?[0] as String?
                #expect(onDelete == "CASCADE", "\(table) cascades deletes")
                let leadsWithContactID = try db.primaryKey(table).columns.first == "contact_id"
                #expect(leadsWithContactID, "\(table)'s key serves joins on contact_id")
            }
        }
    }

    @Test func databaseIsPrivateAndInWALMode() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("p.sqlite")
        let pool = try ContactDatabase.open(path: path)
        try pool.write { db in try db.execute(sql: "INSERT INTO sync_runs (started_at, status) VALUES ('x', 'running')") }
        for file in [path, path + "-wal", path + "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "\(file) must be 0600, is \(String(mode ?? -1, radix: 8))")
        }
        let journal = try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let foreignKeys = try pool.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == true)
    }

    @Test func aNewDatabaseHasLargePagesAndAnExistingOneKeepsItsOwn() throws {
        let directory = try TemporaryDirectory()
        let fresh = try ContactDatabase.open(path: directory.file("new.sqlite"))
        let freshPageSize = try fresh.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
        #expect(freshPageSize == ContactDatabase.pageSize)
        #expect(ContactDatabase.pageSize != 4096, "the test below needs a size other than SQLite's default")

        // A database made elsewhere with SQLite's default pages (and already in WAL mode) is opened,
        // migrated and written as it is: its page size is not changed under it.
        let oldPath = directory.file("old.sqlite")
        do {
            let queue = try DatabaseQueue(path: oldPath)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = 4096")
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "CREATE TABLE made_elsewhere (x)")
            }
        }
        let old = try ContactDatabase.open(path: oldPath)
        try old.write { db in try db.execute(sql: "INSERT INTO sync_runs (started_at, status) VALUES ('x', 'running')") }
        let (pageSize, runs, integrity) = try old.read { db in
            (
                try Int.fetchOne(db, sql: "PRAGMA page_size"), try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_runs"),
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            )
        }
        #expect(pageSize == 4096)
        #expect(runs == 1)
        #expect(integrity == "ok")
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("n.sqlite")
        do {
            let pool = try ContactDatabase.open(path: path)
            try pool.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('999_future')") }
        }
        #expect {
            _ = try ContactDatabase.open(path: path)
        } throws: { error in
            guard case ContactStoreError.newerSchema(let names) = error else { return false }
            return names == ["999_future"]
        }
    }

    @Test func aDirectoryInPlaceOfTheDatabaseIsAClearError() throws {
        let directory = try TemporaryDirectory()
        #expect {
            _ = try ContactDatabase.open(path: directory.path)
        } throws: { error in
            (error as? ContactStoreError)?.description.contains("is a directory") == true
        }
    }
}
