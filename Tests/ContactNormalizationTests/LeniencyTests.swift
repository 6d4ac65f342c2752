import ContactNormalization
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

/// Shapes the documentation does not promise: swapped types, wrong containers, duplicate keys.
@Suite("Normalizer leniency")
struct LeniencyTests {
    /// A value in a text column, and what the column stores: strings as sent, numbers and booleans as their JSON
    /// text, null and containers as NULL.
    static let textCases: [(json: String, stored: String?)] = [
        (#""text""#, "text"), (#""""#, ""), (#""null""#, "null"), ("12345", "12345"), ("-5.5", "-5.5"), ("-0", "-0"),
        ("1e400", "1e400"), ("1.50", "1.50"), ("true", "true"), ("false", "false"), ("null", nil), ("[]", nil),
        (#"["a"]"#, nil), ("{}", nil), (#"{"first": "Ann"}"#, nil),
    ]

    @Test("text columns take strings, numbers and booleans as text, and store NULL for null and containers",
          arguments: textColumns.keys.sorted(), textCases)
    func textColumn(key: String, value: (json: String, stored: String?)) throws {
        let normalized = try normalize(#"{"id": "abc", "\#(key)": \#(value.json)}"#)
        let column = try #require(textColumns[key])
        #expect(column(normalized.contact) == value.stored)
        for (otherKey, otherColumn) in textColumns where otherKey != key {
            #expect(otherColumn(normalized.contact) == nil, "\(otherKey) was set")
        }
        #expect(normalized.contact.id == "abc")
        #expect(normalized.contact.dnd == nil)
    }

    @Test("attribution text columns follow the same rule", arguments: attributionTextColumns.keys.sorted(), textCases)
    func attributionTextColumn(key: String, value: (json: String, stored: String?)) throws {
        let normalized = try normalize(#"{"id": "abc", "attributionSource": {"\#(key)": \#(value.json)}}"#)
        let row = try #require(normalized.attributions.first)
        let column = try #require(attributionTextColumns[key])
        #expect(column(row) == value.stored)
        #expect(normalized.attributions.count == 1)
    }

    @Test("0/1 columns: booleans, 0 and 1, and the strings \"true\" and \"false\"", arguments: [
        ("true", true), ("false", false), (#""true""#, true), (#""false""#, false), ("1", true), ("0", false),
        (#""TRUE""#, nil), (#""yes""#, nil), (#""1""#, nil), (#""""#, nil), ("2", nil), ("-1", nil), ("1.0", nil),
        ("0.0", nil), ("-0", nil), ("1e0", nil), ("null", nil), ("[]", nil), ("{}", nil), ("[true]", nil),
    ] as [(String, Bool?)])
    func boolColumns(json: String, stored: Bool?) throws {
        let normalized = try normalize(
            #"{"id": "abc", "dnd": \#(json), "attributions": [{"isFirst": \#(json), "isLast": \#(json)}]}"#
        )
        #expect(normalized.contact.dnd == stored)
        #expect(normalized.attributions.first?.isFirst == stored)
        #expect(normalized.attributions.first?.isLast == stored)
    }

    @Test("tags in any shape", arguments: [
        (#""single tag""#, [TagRow(position: 0, tag: "single tag")]),
        (#""a,b""#, [TagRow(position: 0, tag: "a,b")]),
        (#"["a", null, 5, true, {"x": 1}, ["y"], "", "b"]"#,
         [TagRow(position: 0, tag: "a"), TagRow(position: 2, tag: "5"), TagRow(position: 3, tag: "true"),
          TagRow(position: 6, tag: ""), TagRow(position: 7, tag: "b")]),
        (#"["vip", "vip", "VIP"]"#,
         [TagRow(position: 0, tag: "vip"), TagRow(position: 1, tag: "vip"), TagRow(position: 2, tag: "VIP")]),
        ("[]", []), ("null", []), ("5", []), ("true", []), ("{}", []), (#"{"0": "a"}"#, []), ("[null]", []),
    ] as [(String, [TagRow])])
    func tags(json: String, expected: [TagRow]) throws {
        let tags = try normalize(#"{"id": "abc", "tags": \#(json)}"#).tags
        #expect(tags == expected)
        #expect(Set(tags.map(\.position)).count == tags.count)
    }

    @Test("customFields that is not an array gives no rows", arguments: [
        #"{"id": "cf1", "value": "x"}"#, #""cf1""#, "null", "5", "true", "{}",
    ])
    func customFieldsNotAnArray(json: String) throws {
        #expect(try normalize(#"{"id": "abc", "customFields": \#(json)}"#).customFields == [])
    }

    @Test("custom field items: non-objects and items without a usable id are skipped, a missing value is null")
    func customFieldItems() throws {
        let normalized = try normalize(#"""
            {"id": "abc", "customFields": [
                5, "x", null, [], {"value": 1}, {"id": null, "value": 1}, {"id": {"a": 1}, "value": 1}, {"id": ["k"]},
                {"id": 7, "value": "seven"}, {"id": "k"}, {"id": "big", "value": 1e400}, {"id": "neg", "value": -0},
                {"id": "empty", "value": ""}, {"id": "nested", "value": [1, [true, null], {"a": "b"}]}
            ]}
            """#)
        #expect(normalized.customFields == [
            CustomFieldRow(fieldID: "7", position: 8, valueType: .string, valueNumber: nil,
                           valueJSON: "\"seven\""),
            CustomFieldRow(fieldID: "k", position: 9, valueType: .null, valueNumber: nil, valueJSON: "null"),
            CustomFieldRow(fieldID: "big", position: 10, valueType: .number, valueNumber: nil,
                           valueJSON: "1e400"),
            CustomFieldRow(fieldID: "neg", position: 11, valueType: .number, valueNumber: 0, valueJSON: "-0"),
            CustomFieldRow(fieldID: "empty", position: 12, valueType: .string, valueNumber: nil,
                           valueJSON: "\"\""),
            CustomFieldRow(fieldID: "nested", position: 13, valueType: .array, valueNumber: nil,
                           valueJSON: #"[1,[true,null],{"a":"b"}]"#),
        ])
        #expect(normalized.customFields.map(\.valueText) == ["seven", nil, nil, nil, "", nil])
    }

    @Test("a string value's text is decoded from its JSON, escapes and all")
    func customFieldText() throws {
        let normalized = try normalize(#"""
            {"id": "abc", "customFields": [
                {"id": "a", "value": "line 1\nline 2 \"quoted\" \u00e9 \ud83d\ude00 \\ /"}, {"id": "b", "value": "12"}
            ]}
            """#)
        #expect(normalized.customFields.map(\.valueText) == ["line 1\nline 2 \"quoted\" é 😀 \\ /", "12"])
    }

    @Test("a duplicated custom field id keeps its last occurrence, in the place of the first")
    func duplicateCustomField() throws {
        let normalized = try normalize(#"""
            {"id": "abc", "customFields": [
                {"id": "dup", "value": 1}, {"id": "other", "value": true}, {"id": "dup", "value": "two"},
                {"id": "gone", "value": 1}, {"id": "gone"}
            ]}
            """#)
        #expect(normalized.customFields == [
            CustomFieldRow(fieldID: "dup", position: 2, valueType: .string, valueNumber: nil,
                           valueJSON: "\"two\""),
            CustomFieldRow(fieldID: "other", position: 1, valueType: .boolean, valueNumber: nil,
                           valueJSON: "true"),
            CustomFieldRow(fieldID: "gone", position: 4, valueType: .null, valueNumber: nil, valueJSON: "null"),
        ])
    }

    @Test("DND channels in any shape")
    func dndShapes() throws {
        let normalized = try normalize(#"""
            {"id": "abc", "dndSettings": {
                "SMS": "active", "Email": null, "Call": {"status": "inactive", "message": "first", "code": "1"},
                "FB": ["active"], "GMB": true, "WhatsApp": {"status": {"x": 1}, "message": 5, "code": false},
                "Call": {"status": "permanent"}, "NewChannel": {}, "Fax": 3
            }}
            """#)
        #expect(normalized.dndSettings == [
            DNDSettingRow(direction: .outbound, channel: "SMS", status: "active", message: nil, code: nil),
            DNDSettingRow(direction: .outbound, channel: "Call", status: "permanent", message: nil, code: nil),
            DNDSettingRow(direction: .outbound, channel: "GMB", status: "true", message: nil, code: nil),
            DNDSettingRow(direction: .outbound, channel: "WhatsApp", status: nil, message: "5", code: "false"),
            DNDSettingRow(direction: .outbound, channel: "NewChannel", status: nil, message: nil, code: nil),
            DNDSettingRow(direction: .outbound, channel: "Fax", status: "3", message: nil, code: nil),
        ])
    }

    @Test("DND settings that are not an object give no rows", arguments: [#""all""#, "[]", "null", "true", "1"])
    func dndNotAnObject(json: String) throws {
        let normalized = try normalize(#"{"id": "abc", "dndSettings": \#(json), "inboundDndSettings": \#(json)}"#)
        #expect(normalized.dndSettings == [])
    }

    @Test("a duplicated DND channel keeps its last occurrence even when that one is null", arguments: ["null", "[]"])
    func duplicateChannelEndingInNull(last: String) throws {
        // ContactNormalizer's documentation: "a duplicated ... DND channel keeps its last occurrence"; the last
        // occurrence says the channel is not set (as a lone null would), so no row should remain.
        let normalized = try normalize(#"{"id": "abc", "dndSettings": {"SMS": {"status": "active"}, "SMS": \#(last)}}"#)
        #expect(normalized.dndSettings == [])
    }

    @Test("attributions that is not an array gives no rows", arguments: [
        #"{"url": "https://example.com"}"#, #""google""#, "null", "5", "true", "[]", "{}",
    ])
    func attributionsNotAnArray(json: String) throws {
        #expect(try normalize(#"{"id": "abc", "attributions": \#(json)}"#).attributions == [])
    }

    @Test("single sources that are not objects give no rows", arguments: [
        #""google""#, "null", "5", "true", "[]", #"[{"url": "x"}]"#,
    ])
    func sourcesNotObjects(json: String) throws {
        let normalized = try normalize(#"{"id": "abc", "attributionSource": \#(json), "lastAttributionSource": \#(json)}"#)
        #expect(normalized.attributions == [])
    }

    @Test("an empty single source is a row with only its raw JSON")
    func emptySource() throws {
        let normalized = try normalize(#"{"id": "abc", "attributionSource": {}}"#)
        #expect(normalized.attributions == [AttributionRow(origin: .attributionSource, ordinal: 0, rawJSON: "{}")])
    }

    @Test("attribution items that are not objects are skipped; ordinals stay the array index")
    func attributionItems() throws {
        let normalized = try normalize(#"""
            {"id": "abc", "attributions": ["x", null, {"url": "a"}, 5, [], {"url": "b", "isFirst": true}]}
            """#)
        var first = AttributionRow(origin: .attributions, ordinal: 2, rawJSON: #"{"url":"a"}"#)
        first.url = "a"
        var second = AttributionRow(origin: .attributions, ordinal: 5, rawJSON: #"{"url":"b","isFirst":true}"#)
        second.url = "b"
        second.isFirst = true
        #expect(normalized.attributions == [first, second])
    }

    @Test("a single source with swapped types")
    func swappedAttributionSource() throws {
        let normalized = try normalize(#"""
            {"id": "abc", "lastAttributionSource": {"url": 5, "isFirst": "false", "isLast": 1, "campaign": {"name": "x"},
             "gclid": "null", "medium": null, "fbclid": false, "unknownKey": [1]}}
            """#)
        var expected = AttributionRow(
            origin: .lastAttributionSource, ordinal: 0,
            rawJSON: #"{"url":5,"isFirst":"false","isLast":1,"campaign":{"name":"x"},"gclid":"null","medium":null,"fbclid":false,"unknownKey":[1]}"#
        )
        expected.url = "5"
        expected.isFirst = false
        expected.isLast = true
        expected.gclid = "null"
        expected.fbclid = "false"
        #expect(normalized.attributions == [expected])
    }

    @Test("repeated top-level keys: the last occurrence wins for columns and for every child table")
    func duplicateTopLevelKeys() throws {
        let normalized = try normalize(#"""
            {"id": "abc",
             "lastName": "Early", "lastName": null, "city": null, "city": "Austin",
             "dnd": true, "dnd": "false",
             "tags": ["a", "b"], "tags": ["c"],
             "customFields": [{"id": "x", "value": 1}], "customFields": [{"id": "y", "value": 2}],
             "attributions": [{"url": "a"}, {"url": "b"}], "attributionSource": {"url": "s"},
             "attributions": [{"url": "c"}],
             "lastAttributionSource": {"url": "l"}, "lastAttributionSource": null,
             "dndSettings": {"SMS": {"status": "active"}}, "inboundDndSettings": {"all": {"status": "active"}},
             "dndSettings": {"Email": {"status": "inactive"}}, "inboundDndSettings": "none",
             "dateOfBirth": "1990-01-15", "dateOfBirth": 0}
            """#)
        #expect(normalized.contact.lastName == nil)
        #expect(normalized.contact.city == "Austin")
        #expect(normalized.contact.dnd == false)
        #expect(normalized.contact.dateOfBirth == "1970-01-01")
        #expect(normalized.tags == [TagRow(position: 0, tag: "c")])
        #expect(normalized.customFields.map(\.fieldID) == ["y"])
        #expect(normalized.attributions.map(\.origin.rawValue) == ["attributionSource", "attributions"])
        #expect(normalized.attributions.map(\.url) == ["s", "c"])
        #expect(normalized.dndSettings == [
            DNDSettingRow(direction: .outbound, channel: "Email", status: "inactive", message: nil, code: nil),
        ])
    }

    @Test("the contact id comes from a string id only; the raw JSON is kept as given")
    func contactID() throws {
        #expect(try normalize(#"{"id": 5}"#).contact.id == "")
        #expect(try normalize(#"{"name": "x"}"#).contact.id == "")
        #expect(try normalize(#"{"id": "a", "id": "b"}"#).contact.id == "b")
        let text = #"{ "id" : "abc" ,"name":"x" }"#
        #expect(try normalize(text).contact.rawJSON == text)
    }

    @Test("a contact where every field has a swapped type")
    func everythingSwapped() throws {
        let text = #"""
            {"id": "swap1", "locationId": 12345, "name": {"first": "Ann"}, "firstName": ["Ann"], "lastName": true,
             "email": false, "emailLowerCase": null, "timezone": -5.5, "companyName": 1e400, "phone": 15551234567,
             "dnd": "true", "type": 0, "source": "", "assignedTo": [], "address1": {}, "city": "Zürich", "state": -0,
             "country": 1, "postalCode": 78701, "website": false, "dateOfBirth": "1990-02-30",
             "dateAdded": 1704888000000, "dateUpdated": {"$date": "2024-06-15"},
             "tags": "single tag", "customFields": {"id": "cf1", "value": "x"},
             "dndSettings": {"SMS": "active", "Email": null, "FB": ["x"]}, "inboundDndSettings": "all",
             "attributions": {"url": "https://example.com"}, "attributionSource": "google",
             "lastAttributionSource": [{"url": "x"}]}
            """#
        var row = ContactRow(id: "swap1", rawJSON: text)
        row.locationID = "12345"
        row.lastName = "true"
        row.email = "false"
        row.timezone = "-5.5"
        row.companyName = "1e400"
        row.phone = "15551234567"
        row.dnd = true
        row.type = "0"
        row.source = ""
        row.city = "Zürich"
        row.state = "-0"
        row.country = "1"
        row.postalCode = "78701"
        row.website = "false"
        row.dateAdded = "1704888000000"
        #expect(try normalize(text) == NormalizedContact(
            contact: row, tags: [TagRow(position: 0, tag: "single tag")], customFields: [], attributions: [],
            dndSettings: [DNDSettingRow(direction: .outbound, channel: "SMS", status: "active", message: nil, code: nil)]
        ))
    }

    static let knownKeys = [
        "id", "locationId", "name", "firstName", "lastName", "email", "emailLowerCase", "timezone", "companyName", "phone",
        "dnd", "type", "source", "assignedTo", "address1", "city", "state", "country", "postalCode", "website",
        "dateOfBirth", "dateAdded", "dateUpdated", "tags", "customFields", "attributions", "attributionSource",
        "lastAttributionSource", "dndSettings", "inboundDndSettings",
    ]

    static let shapes = [
        "null", "true", "0", "-1.5e308", "1e400", #""""#, #""x""#, "[]", "{}", #"[null, 1, "a", [], {}]"#,
        #"{"id": "k", "value": 1, "status": "active", "url": "u", "all": {"status": "active"}}"#,
        #"[{"id": "k", "value": {"a": [1]}}, {"id": "k"}, {"url": 1, "isFirst": 1}]"#,
        #"{"SMS": {"status": 1}, "SMS": "x", "all": null}"#,
    ]

    @Test("any key with any shape: no crash, and rows the schema accepts", arguments: knownKeys, shapes)
    func anyShape(key: String, shape: String) throws {
        let text = #"{"id": "abc", "\#(key)": \#(shape), "\#(key)": \#(shape)}"#
        let normalized = try normalize(text)
        #expect(normalized.contact.rawJSON == text)
        let expectedID = key == "id" ? try json(shape).stringValue ?? "" : "abc"
        #expect(normalized.contact.id == expectedID)
        #expect(Set(normalized.tags.map(\.position)).count == normalized.tags.count)
        #expect(Set(normalized.customFields.map(\.fieldID)).count == normalized.customFields.count)
        let valueTypes: Set<String> = ["string", "number", "boolean", "array", "object", "null"]
        for field in normalized.customFields {
            #expect(valueTypes.contains(field.valueType.rawValue))
            #expect((try? json(field.valueJSON)) != nil, "valueJSON \(field.valueJSON) is not JSON")
        }
        let attributionKeys = normalized.attributions.map { "\($0.origin)#\($0.ordinal)" }
        #expect(Set(attributionKeys).count == attributionKeys.count)
        let origins: Set<String> = ["attributions", "attributionSource", "lastAttributionSource"]
        #expect(normalized.attributions.allSatisfy { origins.contains($0.origin.rawValue) && (try? json($0.rawJSON))?.objectValue != nil })
        let channels = normalized.dndSettings.map { "\($0.direction)#\($0.channel)" }
        #expect(Set(channels).count == channels.count)
        #expect(normalized.dndSettings.allSatisfy { ["outbound", "inbound"].contains($0.direction.rawValue) })
        if let date = normalized.contact.dateOfBirth {
            #expect(date.utf8.count == 10)
        }
    }
}
