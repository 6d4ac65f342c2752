import ContactNormalization
import Foundation
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

@Suite("Normalizing the seed contact")
struct SeedContactTests {
    @Test("the contacts row holds every field of the fixture")
    func contactRow() throws {
        let response = try ContactFixture.seed.response()
        var expected = ContactRow(id: "ocQHyuzHvuMOe5N5jjXF", rawJSON: response.rawJSON)
        expected.locationID = "ve9EPM428h8vShlRW1KT"
        expected.name = "John Doe"
        expected.firstName = "John"
        expected.lastName = "Doe"
        expected.email = "john.doe@example.com"
        expected.emailLowerCase = "john.doe@example.com"
        expected.timezone = "America/Chicago"
        expected.companyName = "Acme Corp"
        expected.phone = "+1 555-123-4567"
        expected.dnd = false
        expected.type = "lead"
        expected.source = "api"
        expected.assignedTo = "user_abc123"
        expected.address1 = "123 Main St"
        expected.city = "Austin"
        expected.state = "TX"
        expected.country = "US"
        expected.postalCode = "78701"
        expected.website = "https://example.com"
        expected.dateOfBirth = "1990-01-15"
        expected.dateAdded = "2024-01-10T12:00:00.000Z"
        expected.dateUpdated = "2024-06-15T09:30:00.000Z"
        #expect(try ContactNormalizer.normalize(contact: response.contact, rawJSON: response.rawJSON).contact == expected)
    }

    @Test("each text column equals what Foundation reads from the fixture", arguments: textColumns.keys.sorted())
    func textColumnMatchesFoundation(key: String) throws {
        let row = try ContactFixture.seed.normalized().contact
        let foundation = try ContactFixture.seed.foundationContact()
        let column = try #require(textColumns[key])
        #expect(column(row) == foundation[key] as? String)
        #expect(column(row) != nil)
    }

    @Test("raw_json is the contact object exactly as sent")
    func rawJSON() throws {
        let normalized = try ContactFixture.seed.normalized()
        let text = String(decoding: try ContactFixture.seed.bytes(), as: UTF8.self)
        #expect(normalized.contact.rawJSON == (try ContactFixture.seed.response()).rawJSON)
        #expect(normalized.contact.rawJSON.hasPrefix("{\n    \"id\": \"ocQHyuzHvuMOe5N5jjXF\""))
        #expect(text.contains(normalized.contact.rawJSON))
        #expect(text == "{\n  \"contact\": " + normalized.contact.rawJSON + "\n}")
    }

    @Test("tags in order")
    func tags() throws {
        #expect(try ContactFixture.seed.normalized().tags == [TagRow(position: 0, tag: "customer"), TagRow(position: 1, tag: "vip")])
    }

    @Test("the custom field")
    func customFields() throws {
        #expect(try ContactFixture.seed.normalized().customFields == [
            CustomFieldRow(fieldID: "cf_abc123", position: 0, valueType: .string, valueNumber: nil,
                           valueJSON: "\"Enterprise\""),
        ])
    }

    @Test("the attribution")
    func attributions() throws {
        let rows = try ContactFixture.seed.normalized().attributions
        var expected = AttributionRow(
            origin: .attributions, ordinal: 0,
            rawJSON: #"{"url":"https://example.com/landing","campaign":"spring_promo","utmSource":"google","utmMedium":"cpc","sessionSource":"google"}"#
        )
        expected.url = "https://example.com/landing"
        expected.campaign = "spring_promo"
        expected.utmSource = "google"
        expected.utmMedium = "cpc"
        expected.sessionSource = "google"
        #expect(rows == [expected])
        let foundation = try ContactFixture.seed.foundationContact()
        let fixtureObject = try #require((foundation["attributions"] as? [Any])?.first as? NSDictionary)
        let rowObject = try JSONSerialization.jsonObject(with: Data(try #require(rows.first).rawJSON.utf8)) as? NSDictionary
        #expect(rowObject == fixtureObject)
    }

    @Test("six outbound DND rows, empty strings kept as empty strings")
    func dndSettings() throws {
        let rows = try ContactFixture.seed.normalized().dndSettings
        #expect(rows == ["Call", "Email", "SMS", "WhatsApp", "GMB", "FB"].map {
            DNDSettingRow(direction: .outbound, channel: $0, status: "active", message: "", code: "")
        })
        #expect(rows.allSatisfy { $0.message != nil && $0.code != nil })
    }
}
