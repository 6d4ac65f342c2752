import ContactNormalization
import Foundation
import GRDB
import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

/// `contact_overview`, `contact_custom_field_values` and `contacts_fts`, over contacts saved by the writer.
@Suite struct AnalystViewsTests {
    static func contact(
        id: String, name: String?, email: String? = nil, phone: String? = nil, company: String? = nil,
        tags: [String] = [], customFields: [CustomFieldRow] = [], attributions: [AttributionRow] = [],
        dnd: [DNDSettingRow] = []
    ) -> NormalizedContact {
        var row = ContactRow(id: id, rawJSON: #"{"id":"\#(id)","v":"\#(name ?? "")\#(email ?? "")"}"#)
        row.name = name
        row.email = email
        row.phone = phone
        row.companyName = company
        return NormalizedContact(
            contact: row,
            tags: tags.enumerated().map { TagRow(position: $0.offset, tag: $0.element) },
            customFields: customFields, attributions: attributions, dndSettings: dnd
        )
    }

    static func attribution(
        _ origin: AttributionOrigin, ordinal: Int, source: String?, medium: String?, campaign: String?, isFirst: Bool? = nil
    ) -> AttributionRow {
        var row = AttributionRow(origin: origin, ordinal: ordinal, rawJSON: "{}")
        row.utmSource = source
        row.utmMedium = medium
        row.utmCampaign = campaign
        row.isFirst = isFirst
        return row
    }

    static func save(_ contacts: [NormalizedContact], in store: ContactStore) throws {
        let run = try store.beginRun()
        _ = try store.save(contacts, failures: [], runID: run, counters: RunCounters())
    }

    @Test func overviewHasOneRowPerContactWithTagsDNDAndFirstTouch() throws {
        let (_, store) = try ContactStoreTests.open()
        try Self.save([
            Self.contact(
                id: "full", name: "Ana Full", email: "ana@example.com", tags: ["vip", "b, with comma", "VIP"],
                attributions: [
                    Self.attribution(.attributions, ordinal: 0, source: "bing", medium: "cpc", campaign: "a0", isFirst: false),
                    Self.attribution(.attributions, ordinal: 1, source: "facebook", medium: "social", campaign: "a1", isFirst: true),
                    Self.attribution(.attributions, ordinal: 2, source: "tiktok", medium: "video", campaign: "a2", isFirst: true),
                    Self.attribution(.attributionSource, ordinal: 0, source: "google", medium: "cpc", campaign: "spring"),
                    Self.attribution(.lastAttributionSource, ordinal: 0, source: "newsletter", medium: "email", campaign: "fall"),
                ],
                dnd: [
                    DNDSettingRow(direction: .outbound, channel: "SMS", status: "permanent", message: "STOP", code: "21610"),
                    DNDSettingRow(direction: .outbound, channel: "Email", status: "active", message: nil, code: nil),
                    DNDSettingRow(direction: .outbound, channel: "Carrier Pigeon", status: "active", message: nil, code: nil),
                    DNDSettingRow(direction: .inbound, channel: "all", status: "inactive", message: nil, code: nil),
                ]
            ),
            Self.contact(
                id: "fallback", name: "Bo Fallback",
                attributions: [
                    Self.attribution(.attributions, ordinal: 0, source: "bing", medium: "cpc", campaign: "a0", isFirst: false),
                    Self.attribution(.attributions, ordinal: 1, source: "facebook", medium: "social", campaign: "a1", isFirst: true),
                    Self.attribution(.attributions, ordinal: 2, source: "tiktok", medium: "video", campaign: "a2", isFirst: true),
                ]
            ),
            Self.contact(id: "bare", name: nil),
        ], in: store)

        try store.database.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_overview") == 3)
            let full = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contact_overview WHERE id = 'full'"))
            #expect(full["name"] as String? == "Ana Full")
            #expect(full["email"] as String? == "ana@example.com")
            #expect(full["tags"] as String? == "vip, b, with comma, VIP")
            #expect(full["dnd_sms"] as String? == "permanent")
            #expect(full["dnd_email"] as String? == "active")
            #expect(full["dnd_call"] as String? == nil, "a channel that was not sent is NULL, not inactive")
            #expect(full["dnd_inbound_all"] as String? == "inactive")
            #expect(full["first_touch_source"] as String? == "google")
            #expect(full["first_touch_medium"] as String? == "cpc")
            #expect(full["first_touch_campaign"] as String? == "spring")

            let fallback = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contact_overview WHERE id = 'fallback'"))
            #expect(fallback["first_touch_source"] as String? == "facebook", "the first item marked isFirst")
            #expect(fallback["first_touch_campaign"] as String? == "a1")

            let bare = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contact_overview WHERE id = 'bare'"))
            #expect(bare["tags"] as String? == nil)
            #expect(bare["dnd_sms"] as String? == nil)
            #expect(bare["first_touch_source"] as String? == nil)
        }
    }

    @Test func customFieldValuesCarryTheirDefinitionsNameKeyAndType() throws {
        let (_, store) = try ContactStoreTests.open()
        try Self.save([
            Self.contact(id: "c1", name: "One", customFields: [
                CustomFieldRow(fieldID: "pin", position: 0, valueType: .string, valueNumber: nil, valueJSON: "\"90210\""),
                CustomFieldRow(fieldID: "score", position: 1, valueType: .number, valueNumber: 7.5, valueJSON: "7.5"),
                CustomFieldRow(fieldID: "unknown", position: 2, valueType: .boolean, valueNumber: nil, valueJSON: "true"),
            ])
        ], in: store)
        try store.database.write { db in
            for (id, name, key, type) in [("pin", "Pincode", "contact.pincode", "TEXT"), ("score", "Score", "contact.score", "NUMERICAL")] {
                try db.execute(
                    sql: """
                        INSERT INTO custom_field_definitions (id, location_id, name, field_key, data_type, raw_json, fetched_at)
                        VALUES (?, 'loc', ?, ?, ?, '{}', '2026-11-27T00:00:00.000Z')
                        """,
                    arguments: [id, name, key, type])
            }
        }
        try store.database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM contact_custom_field_values WHERE contact_id = 'c1' ORDER BY position")
            #expect(rows.count == 3, "values without a stored definition are kept, with NULL names")
            #expect(rows.map { $0["field_name"] as String? } == ["Pincode", "Score", nil])
            #expect(rows.map { $0["field_key"] as String? } == ["contact.pincode", "contact.score", nil])
            #expect(rows.map { $0["data_type"] as String? } == ["TEXT", "NUMERICAL", nil])
            #expect(rows[0]["value_text"] as String? == "90210")
            #expect(rows[1]["value_number"] as Double? == 7.5)
            #expect(rows[2]["value_json"] as String? == "true")
        }
    }

    @Test func fullTextSearchFollowsEveryWriteOfTheWriter() throws {
        let (_, store) = try ContactStoreTests.open()
        try Self.save([
            Self.contact(id: "z1", name: "Zoë Quintero", email: "zoe@acme.example", phone: "+1 555 0100", company: "Acme Widgets"),
            Self.contact(id: "z2", name: "Marek Nowak", email: "marek@globex.example", company: "Globex"),
        ], in: store)

        func search(_ query: String) throws -> [String] {
            try store.database.read { db in
                try String.fetchAll(
                    db, sql: "SELECT id FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY id", arguments: [query])
            }
        }
        #expect(try search("zoe") == ["z1"], "diacritics are folded")
        #expect(try search("quintero") == ["z1"])
        #expect(try search("\"marek@globex.example\"") == ["z2"])
        #expect(try search("widgets") == ["z1"])
        #expect(try search("0100") == ["z1"])
        #expect(try search("company_name:globex") == ["z2"])

        // A changed contact is re-indexed: the old name no longer matches, the new one does.
        try Self.save([Self.contact(id: "z2", name: "Marek Kowalski", email: "marek@initech.example", company: "Initech")], in: store)
        #expect(try search("nowak").isEmpty)
        #expect(try search("globex").isEmpty)
        #expect(try search("kowalski") == ["z2"])
        #expect(try search("initech") == ["z2"])

        // Deleting a contact removes it from the index.
        try store.database.write { db in try db.execute(sql: "DELETE FROM contacts WHERE id = 'z1'") }
        #expect(try search("zoe").isEmpty)
        try store.database.write { db in
            try db.execute(sql: "INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')")
        }
    }

    /// Datasette (0.65) and sqlite-utils find a table's full-text index with this query (Datasette's
    /// `detect_fts_sql`, with its one double-quoted string single-quoted: this SQLite refuses double-quoted
    /// strings); it must name `contacts_fts` for `contacts`, and what Datasette then runs for
    /// `?_search=` must return exactly what the index matches.
    @Test func datasetteFindsTheFullTextIndexOfContacts() throws {
        let (_, store) = try ContactStoreTests.open()
        try Self.save([
            Self.contact(id: "z1", name: "Zoë Quintero", email: "zoe@acme.example", company: "Acme Widgets"),
            Self.contact(id: "z2", name: "Marek Nowak", email: "marek@globex.example", company: "Globex"),
        ], in: store)
        try store.database.read { db throws in
            let detected = try String.fetchAll(db, sql: """
                select name from sqlite_master
                    where rootpage = 0
                    and (
                        sql like '%VIRTUAL TABLE%USING FTS%content="contacts"%'
                        or sql like '%VIRTUAL TABLE%USING FTS%content=[contacts]%'
                        or (
                            tbl_name = 'contacts'
                            and sql like '%VIRTUAL TABLE%USING FTS%'
                        )
                    )
                """)
            #expect(detected == ["contacts_fts"])
            let searched = try String.fetchAll(db, sql: """
                select id from contacts where rowid in (select rowid from [contacts_fts] where [contacts_fts] match ?)
                order by id
                """, arguments: ["acme"])
            #expect(searched == ["z1"])
        }
    }

    @Test func everyExampleQueryTheDemoPrintsRunsOnRealRows() throws {
        let (_, store) = try ContactStoreTests.open()
        try Self.save([
            Self.contact(id: "s1", name: "Jane Smith", email: "jane@example.com", company: "Smithy Ltd", tags: ["vip", "lead"],
                         dnd: [DNDSettingRow(direction: .outbound, channel: "SMS", status: "active", message: nil, code: nil)]),
            Self.contact(id: "s2", name: "Ola Nordmann", tags: ["cold"]),
        ], in: store)
        var rendered: [String: String] = [:]
        for query in ExampleQueries.all {
            rendered[query.title] = try ExampleQueries.render(query, in: store.database)
        }
        #expect(rendered.count == ExampleQueries.all.count)
        let search = try #require(rendered["Full-text search: smith"])
        #expect(search.contains("Jane Smith") && !search.contains("Ola Nordmann"))
        let overview = try #require(rendered["Contacts at a glance (contact_overview)"])
        #expect(overview.contains("vip, lead") && overview.contains("active"))
        #expect(rendered["Most used tags"]?.contains("cold") == true)
    }
}
