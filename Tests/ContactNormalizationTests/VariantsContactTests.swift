import ContactNormalization
import Foundation
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

@Suite("Normalizing the variants contact")
struct VariantsContactTests {
    @Test("the contacts row: nulls and missing fields are nil, the epoch dateOfBirth is a date")
    func contactRow() throws {
        let response = try ContactFixture.variants.response()
        var expected = ContactRow(id: "seD4PfOuKoVMLkEZqohJ", rawJSON: response.rawJSON)
        expected.locationID = "ve9EPM428h8vShlRW1KT"
        expected.name = "Zoë O'Brien"
        expected.firstName = "Zoë"
        expected.email = "Zoe@Example.COM"
        expected.emailLowerCase = "zoe@example.com"
        expected.phone = "+18832327657"
        expected.timezone = "Asia/Kolkata"
        expected.dnd = true
        expected.type = "customer"
        expected.source = "Facebook Lead Ad"
        expected.dateOfBirth = "1990-01-01"
        expected.dateAdded = "2021-07-02T05:18:26.704Z"
        let row = try ContactNormalizer.normalize(contact: response.contact, rawJSON: response.rawJSON).contact
        #expect(row == expected)
        #expect(row.lastName == nil)
        #expect(row.companyName == nil)
        #expect(row.address1 == nil)
        #expect(row.dateUpdated == nil)
    }

    @Test("each text column equals what Foundation reads: a string, or nil for null and missing",
          arguments: textColumns.keys.sorted())
    func textColumnMatchesFoundation(key: String) throws {
        let row = try ContactFixture.variants.normalized().contact
        let foundation = try ContactFixture.variants.foundationContact()
        let column = try #require(textColumns[key])
        #expect(column(row) == foundation[key] as? String)
    }

    @Test("raw_json is the contact object exactly as sent, byte for byte")
    func rawJSON() throws {
        let normalized = try ContactFixture.variants.normalized()
        let bytes = try ContactFixture.variants.bytes()
        let raw = Array(normalized.contact.rawJSON.utf8)
        let offset = try #require(bytes.firstRange(of: Array("\"contact\": ".utf8))).upperBound
        #expect(Array(bytes[offset..<(offset + raw.count)]) == raw)
        #expect(normalized.contact.rawJSON.contains("\"dateOfBirth\": 631152000000,"))
        #expect(normalized.contact.rawJSON.contains("\"lastName\": null,"))
        #expect(normalized.contact.rawJSON.contains("\"someFieldAddedNextYear\""))
        #expect(!normalized.contact.rawJSON.contains("traceId"))
    }

    @Test("tags keep case variants, emoji and commas, in order")
    func tags() throws {
        #expect(try ContactFixture.variants.normalized().tags == [
            TagRow(position: 0, tag: "vip"), TagRow(position: 1, tag: "VIP"), TagRow(position: 2, tag: "🔥hot"),
            TagRow(position: 3, tag: "a,b"),
        ])
    }

    @Test("each custom field value type")
    func customFields() throws {
        let rows = try ContactFixture.variants.normalized().customFields
        try #require(rows.count == 7)
        #expect(Array(rows[0..<6]) == [
            CustomFieldRow(fieldID: "QJ3ojljITTgfjhZFNR5J", position: 0, valueType: .string, valueNumber: nil,
                           valueJSON: "\"gate code 1234\""),
            CustomFieldRow(fieldID: "4Y8sW8JKNFAMbuH1jcun", position: 1, valueType: .number, valueNumber: 2,
                           valueJSON: "2"),
            CustomFieldRow(fieldID: "KYALsCnk6LD648bhbvjo", position: 2, valueType: .number, valueNumber: 3422.5,
                           valueJSON: "3422.5"),
            CustomFieldRow(fieldID: "QPQCb7cCLTOIwJe1Z5Ga", position: 3, valueType: .array, valueNumber: nil,
                           valueJSON: #"["Pending","Approved"]"#),
            CustomFieldRow(fieldID: "Xb2kq0aP7cLmT9rVw1Ye", position: 4, valueType: .boolean, valueNumber: nil,
                           valueJSON: "true"),
            CustomFieldRow(fieldID: "Nn4uR8sT2wQ6yE0iO3pA", position: 5, valueType: .null, valueNumber: nil,
                           valueJSON: "null"),
        ])
        let file = rows[6]
        #expect(file.fieldID == "1HeGizb13P0odwgOgKSs")
        #expect(file.position == 6)
        #expect(file.valueType == .object)
        #expect(file.valueText == nil)
        #expect(file.valueNumber == nil)

        // The object's JSON re-parses to the fixture's object, both by the parser and by Foundation.
        let contact = try ContactFixture.variants.response().contact
        let fixtureValue = try #require(contact["customFields"]?.arrayValue?[6].objectValue?["value"])
        #expect(try json(file.valueJSON) == fixtureValue)
        let foundationFields = try #require(try ContactFixture.variants.foundationContact()["customFields"] as? [[String: Any]])
        let foundationValue = try #require(foundationFields[6]["value"] as? NSDictionary)
        #expect(try JSONSerialization.jsonObject(with: Data(file.valueJSON.utf8)) as? NSDictionary == foundationValue)
        #expect(file.valueJSON.contains(#""size":1786611"#))
    }

    @Test("attributions, attributionSource and lastAttributionSource")
    func attributions() throws {
        let rows = try ContactFixture.variants.normalized().attributions
        #expect(rows.map(\.origin.rawValue) == ["attributions", "attributionSource", "lastAttributionSource"])
        #expect(rows.map(\.ordinal) == [0, 0, 0])
        try #require(rows.count == 3)

        let first = rows[0]
        #expect(first.utmCampaign == "Instant Form Campaign")
        #expect(first.utmMedium == "Instant Form Ad set")
        #expect(first.medium == "facebook")
        #expect(first.mediumID == "822471972662770")
        #expect(first.isFirst == true)
        #expect(first.isLast == nil)
        #expect(first.url == nil)
        #expect(first.sessionSource == nil)
        #expect(first.utmSource == nil)

        let source = rows[1]
        #expect(source.url == "https://example.com/landing?utm_source=google")
        #expect(source.sessionSource == "Paid Search")
        #expect(source.campaign == "Spring Promo")
        #expect(source.utmSource == "google")
        #expect(source.utmMedium == "cpc")
        #expect(source.referrer == "https://www.google.com/")
        #expect(source.fbclid == nil)
        #expect(source.gclid == "CjwKCAjw-EXAMPLE")
        #expect(source.medium == "form")
        #expect(source.mediumID == "FglfHAn30PRwsZVyQlKp")
        #expect(source.isFirst == nil)
        #expect(source.utmCampaign == nil)

        let last = rows[2]
        var expectedLast = AttributionRow(
            origin: .lastAttributionSource, ordinal: 0, rawJSON: #"{"sessionSource":"CRM UI","medium":"manual","mediumId":null}"#
        )
        expectedLast.sessionSource = "CRM UI"
        expectedLast.medium = "manual"
        #expect(last == expectedLast)

        // Each row's raw JSON is its object from the fixture.
        let contact = try ContactFixture.variants.response().contact
        let objects = [
            contact["attributions"]?.arrayValue?.first, contact["attributionSource"], contact["lastAttributionSource"],
        ]
        for (row, object) in zip(rows, objects) {
            #expect(try json(row.rawJSON) == object)
        }
    }

    @Test("attribution text columns equal what Foundation reads from the fixture", arguments: attributionTextColumns.keys.sorted())
    func attributionColumnsMatchFoundation(key: String) throws {
        let rows = try ContactFixture.variants.normalized().attributions
        let foundation = try ContactFixture.variants.foundationContact()
        let objects = [
            (foundation["attributions"] as? [[String: Any]])?.first, foundation["attributionSource"] as? [String: Any],
            foundation["lastAttributionSource"] as? [String: Any],
        ]
        let column = try #require(attributionTextColumns[key])
        try #require(rows.count == objects.count)
        for (row, object) in zip(rows, objects) {
            #expect(column(row) == object?[key] as? String, "\(row.origin).\(key)")
        }
    }

    @Test("DND: outbound SMS and Email, inbound all")
    func dndSettings() throws {
        #expect(try ContactFixture.variants.normalized().dndSettings == [
            DNDSettingRow(direction: .outbound, channel: "SMS", status: "permanent", message: "STOP received", code: "21610"),
            DNDSettingRow(direction: .outbound, channel: "Email", status: "inactive", message: nil, code: nil),
            DNDSettingRow(direction: .inbound, channel: "all", status: "active", message: "", code: nil),
        ])
    }
}
