import ContactNormalization
import Foundation
import GRDB
import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

@Suite struct ContactStoreTests {
    static func sample(id: String = "abc123", tags: [String] = ["vip", "VIP"], name: String? = "Zoë") -> NormalizedContact {
        var row = ContactRow(id: id, rawJSON: #"{"id":"\#(id)","name":"\#(name ?? "")","tags":\#(tags)}"#)
        row.name = name
        row.dnd = true
        row.dateOfBirth = "1990-01-01"
        return NormalizedContact(
            contact: row,
            tags: tags.enumerated().map { TagRow(position: $0.offset, tag: $0.element) },
            customFields: [
                CustomFieldRow(fieldID: "f1", position: 0, valueType: .number, valueNumber: 2.5, valueJSON: "2.5"),
                CustomFieldRow(fieldID: "f2", position: 1, valueType: .string, valueNumber: nil, valueJSON: "\"x\""),
            ],
            attributions: [
                {
                    var item = AttributionRow(origin: .attributions, ordinal: 0, rawJSON: #"{"utmSource":"google","isFirst":true}"#)
                    item.utmSource = "google"
                    item.isFirst = true
                    return item
                }()
            ],
            dndSettings: [DNDSettingRow(direction: .outbound, channel: "SMS", status: "permanent", message: "STOP", code: "21610")]
        )
    }

    static func open() throws -> (TemporaryDirectory, ContactStore) {
        let directory = try TemporaryDirectory()
        return (directory, try ContactStore(path: directory.file("s.sqlite")))
    }

    @Test func savesAContactAndAllItsChildRows() throws {
        let (_, store) = try Self.open()
        let run = try store.beginRun()
        let result = try store.save([Self.sample()], failures: [], runID: run, counters: RunCounters())
        #expect(result == BatchResult(stored: 1, changed: 1, failures: 0))
        try store.database.read { db throws in
            let contact = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contacts WHERE id = 'abc123'"))
            #expect(contact["name"] as String? == "Zoë")
            #expect(contact["dnd"] as Int? == 1)
            #expect(contact["date_of_birth"] as String? == "1990-01-01")
            #expect(contact["email"] as String? == nil)
            #expect(contact["sync_run_id"] as Int64? == run)
            #expect(contact["raw_json"] as String? == Self.sample().contact.rawJSON)
            #expect(try String.fetchAll(db, sql: "SELECT tag FROM contact_tags ORDER BY position") == ["vip", "VIP"])
            let field = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contact_custom_fields WHERE field_id = 'f1'"))
            #expect(field["value_number"] as Double? == 2.5)
            #expect(field["value_json"] as String? == "2.5")
            #expect(field["value_text"] as String? == nil)
            let attribution = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contact_attributions"))
            #expect(attribution["utm_source"] as String? == "google")
            #expect(attribution["is_first"] as Int? == 1)
            #expect(attribution["is_last"] as Int? == nil)
            let dnd = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contact_dnd_settings"))
            #expect(dnd["channel"] as String? == "SMS")
            #expect(dnd["code"] as String? == "21610")
            #expect(try String.fetchAll(db, sql: "SELECT contact_id FROM sync_run_contacts WHERE run_id = ?", arguments: [run]) == ["abc123"])
        }
    }

    @Test func textWithNULCharactersAndEmptyStringsSurvive() throws {
        let (_, store) = try Self.open()
        let run = try store.beginRun()
        var contact = Self.sample(tags: ["a\u{0}b", ""])
        contact.contact.name = "Null\u{0}Byte"
        contact.contact.email = ""
        try store.save([contact], failures: [], runID: run, counters: RunCounters())
        try store.database.read { db throws in
            // GRDB reads text up to the first NUL, so read the bytes.
            let row = try #require(try Row.fetchOne(db, sql: "SELECT CAST(name AS BLOB) AS name, email, typeof(name) AS type FROM contacts"))
            #expect((row["name"] as Data?).map { String(decoding: $0, as: UTF8.self) } == "Null\u{0}Byte")
            #expect(row["type"] as String? == "text")
            #expect(row["email"] as String? == "", "an empty string stays empty, not NULL")
            let tags = try Data.fetchAll(db, sql: "SELECT CAST(tag AS BLOB) FROM contact_tags ORDER BY position")
            #expect(tags.map { String(decoding: $0, as: UTF8.self) } == ["a\u{0}b", ""])
        }
    }

    @Test func resyncingReplacesChildRowsSoNoStaleTagsRemain() throws {
        let (_, store) = try Self.open()
        let run = try store.beginRun()
        try store.save([Self.sample(tags: ["a", "b", "c"])], failures: [], runID: run, counters: RunCounters())
        let result = try store.save([Self.sample(tags: ["b"], name: "Other")], failures: [], runID: run, counters: RunCounters())
        #expect(result.changed == 1)
        try store.database.read { db throws in
            #expect(try String.fetchAll(db, sql: "SELECT tag FROM contact_tags WHERE contact_id = 'abc123'") == ["b"])
            #expect(try String.fetchOne(db, sql: "SELECT name FROM contacts") == "Other")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_custom_fields") == 2)
        }
    }

    @Test func savingTheSameContactAgainChangesNothing() throws {
        let (_, store) = try Self.open()
        let first = try store.beginRun()
        try store.save([Self.sample()], failures: [], runID: first, counters: RunCounters())
        let snapshot = try Self.dump(store)
        let second = try store.beginRun()
        let result = try store.save([Self.sample()], failures: [], runID: second, counters: RunCounters())
        #expect(result == BatchResult(stored: 1, changed: 0, failures: 0))
        #expect(try Self.dump(store) == snapshot)
        let changed = try store.database.read { db throws in
            try Bool.fetchOne(db, sql: "SELECT changed FROM sync_run_contacts WHERE run_id = ?", arguments: [second])
        }
        #expect(changed == false)
    }

    /// A fetched contact is normalized by the writer only when it changed: deferred, it lands exactly as if
    /// normalized at once; again unchanged it writes nothing (and is not normalized); changed, or marked
    /// deleted, it is written again.
    @Test func aDeferredContactIsNormalizedOnlyWhenItChanged() throws {
        let json = #"{"id":"def456","name":"Zoë","tags":["vip","b"],"dnd":true,"customFields":[{"id":"f1","value":2.5}]}"#
        let changedJSON = #"{"id":"def456","name":"Zoë","tags":["b"],"dnd":true,"customFields":[{"id":"f1","value":2.5}]}"#
        func deferred(_ text: String) throws -> NormalizedContact {
            NormalizedContact.deferred(id: "def456", rawJSON: text)
        }
        let (_, deferredStore) = try Self.open()
        let (_, directStore) = try Self.open()
        for store in [deferredStore, directStore] { _ = try store.beginRun() }
        let first = try deferredStore.save([try deferred(json)], failures: [], runID: 1, counters: RunCounters())
        try directStore.save([try deferred(json).normalized()], failures: [], runID: 1, counters: RunCounters())
        #expect(first == BatchResult(stored: 1, changed: 1, failures: 0))
        for store in [deferredStore, directStore] {  // the two saves ran at different instants
            try store.database.write { db in try db.execute(sql: "UPDATE contacts SET synced_at = '2026-12-01T00:00:00.000Z'") }
        }
        #expect(try Self.dump(deferredStore) == Self.dump(directStore), "the same rows as normalizing at once")

        let snapshot = try Self.dump(deferredStore)
        let again = try deferredStore.save([try deferred(json)], failures: [], runID: 1, counters: RunCounters())
        #expect(again == BatchResult(stored: 1, changed: 0, failures: 0))
        #expect(try Self.dump(deferredStore) == snapshot)

        try deferredStore.database.write { db in try db.execute(sql: "UPDATE contacts SET deleted_at = '2026-12-01T00:00:00.000Z'") }
        let returned = try deferredStore.save([try deferred(json)], failures: [], runID: 1, counters: RunCounters())
        #expect(returned.changed == 1, "a contact marked deleted and seen again is written (and live) again")
        let changed = try deferredStore.save([try deferred(changedJSON)], failures: [], runID: 1, counters: RunCounters())
        #expect(changed.changed == 1)
        try deferredStore.database.read { db throws in
            #expect(try String.fetchAll(db, sql: "SELECT tag FROM contact_tags ORDER BY position") == ["b"])
            #expect(try String?.fetchOne(db, sql: "SELECT deleted_at FROM contacts") == .some(nil))
        }
    }

    @Test func deletingAContactCascadesToItsChildRows() throws {
        let (_, store) = try Self.open()
        let run = try store.beginRun()
        try store.save([Self.sample(id: "one"), Self.sample(id: "two")], failures: [], runID: run, counters: RunCounters())
        try store.database.write { db in try db.execute(sql: "DELETE FROM contacts WHERE id = 'one'") }
        try store.database.read { db throws in
            for table in ["contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"] {
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE contact_id = 'one'") == 0)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE contact_id = 'two'")! > 0)
            }
        }
    }

    @Test func failuresAreRecordedAndClearedWhenTheIdLaterSyncs() throws {
        let (_, store) = try Self.open()
        let run = try store.beginRun()
        let failure = FailureRecord(contactID: "abc123", reason: .retriesExhausted, httpStatus: 503, message: "HTTP 503", attempts: 5, lineNumber: 3)
        var counters = RunCounters()
        counters.requests = 5
        counters.retries = 4
        counters.idsRead = 2
        try store.save([], failures: [failure, FailureRecord(contactID: "../x", reason: .invalidID, lineNumber: 4)], runID: run, counters: counters)
        #expect(try store.run(id: run)?.counters.failures == 2)
        let stored = try store.database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM sync_failures WHERE contact_id = 'abc123'") }
        #expect(stored?["http_status"] as Int? == 503)
        #expect(stored?["attempts"] as Int? == 5)
        #expect(stored?["line_number"] as Int? == 3)

        try store.save([Self.sample()], failures: [], runID: run, counters: RunCounters())
        try store.finishRun(id: run, status: .partial, message: nil)
        let record = try #require(try store.run(id: run))
        #expect(record.status == .partial)
        #expect(record.finishedAt != nil)
        #expect(record.counters.failures == 1)
        #expect(record.counters.contactsSynced == 1)
        #expect(record.counters.requests == 5)
        #expect(record.counters.retries == 4)
        #expect(record.counters.idsRead == 2)
        let remaining = try store.database.read { db in try String.fetchAll(db, sql: "SELECT contact_id FROM sync_failures") }
        #expect(remaining == ["../x"])
    }

    @Test func latestUnfinishedRunIsWhatResumeContinues() throws {
        let (_, store) = try Self.open()
        let first = try store.beginRun()
        try store.finishRun(id: first, status: .succeeded, message: nil)
        #expect(try store.latestUnfinishedRun() == nil)
        let second = try store.beginRun()
        try store.save([Self.sample(id: "done1")], failures: [], runID: second, counters: RunCounters())
        try store.finishRun(id: second, status: .interrupted, message: "signal")
        let unfinished = try #require(try store.latestUnfinishedRun())
        #expect(unfinished.id == second)
        #expect(unfinished.status == .interrupted)
        #expect(try store.storedContactIDs(runID: second) == ["done1"])
        try store.reopenRun(id: second)
        #expect(try store.run(id: second)?.status == .running)
        #expect(try store.run(id: second)?.finishedAt == nil)
    }

    /// Every row of every data table, as text, for before/after comparisons.
    static func dump(_ store: ContactStore) throws -> [String] {
        try store.database.read { db throws in
            var lines: [String] = []
            for table in ["contacts", "contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3") {
                    lines.append("\(table): \(row.description)")
                }
            }
            return lines
        }
    }
}
