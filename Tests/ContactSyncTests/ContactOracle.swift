import ContactStore
import Foundation
import GRDB
import LeadConnectorSimulator
import LosslessJSON
import TestSupport
import Testing

/// Checks what landed in SQLite against the simulator's own payload, read with Foundation's
/// `JSONSerialization` (an independent parser) and the contract's rules.
enum ContactOracle {
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case nil, is NSNull: nil
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// Structural equality of two `JSONSerialization` results.
    static func jsonEqual(_ lhs: Any?, _ rhs: Any?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil), (is NSNull, is NSNull), (nil, is NSNull), (is NSNull, nil): return true
        case (let left as String, let right as String): return left == right
        case (let left as NSNumber, let right as NSNumber): return left.doubleValue == right.doubleValue
        case (let left as [Any], let right as [Any]):
            return left.count == right.count && zip(left, right).allSatisfy { jsonEqual($0, $1) }
        case (let left as [String: Any], let right as [String: Any]):
            return left.count == right.count && left.allSatisfy { key, value in right[key].map { jsonEqual(value, $0) } ?? false }
        default: return false
        }
    }

    /// `YYYY-MM-DD` for the three documented shapes, computed with Foundation's calendar.
    static func dateOfBirth(_ value: Any?) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        switch value {
        case let text as String:
            let prefix = String(text.prefix(10))
            let formatter = DateFormatter()
            formatter.calendar = calendar
            formatter.timeZone = calendar.timeZone
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.date(from: prefix) != nil ? prefix : nil
        case let number as NSNumber:
            let date = Date(timeIntervalSince1970: number.doubleValue / 1000)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        default:
            return nil
        }
    }

    static let columns: [(column: String, key: String)] = [
        ("location_id", "locationId"), ("name", "name"), ("first_name", "firstName"), ("last_name", "lastName"),
        ("email", "email"), ("email_lower_case", "emailLowerCase"), ("timezone", "timezone"),
        ("company_name", "companyName"), ("phone", "phone"), ("type", "type"), ("source", "source"),
        ("assigned_to", "assignedTo"), ("address1", "address1"), ("city", "city"), ("state", "state"),
        ("country", "country"), ("postal_code", "postalCode"), ("website", "website"), ("date_added", "dateAdded"),
        ("date_updated", "dateUpdated"),
    ]

    /// Records an issue for every difference between the stored contact `id` and the simulator's payload.
    static func verify(id: String, in db: Database, json: String? = nil) throws {
        let text = json ?? ContactGenerator.contactJSON(id: id)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM contacts WHERE id = ?", arguments: [id]), "contact \(id) stored")
        // GRDB reads text only up to a NUL character; the text columns are compared as bytes.
        let textColumns = columns.map { "CAST(\($0.column) AS BLOB) AS \($0.column)" }.joined(separator: ", ")
        let bytes = try #require(try Row.fetchOne(db, sql: "SELECT \(textColumns) FROM contacts WHERE id = ?", arguments: [id]))
        #expect(row["raw_json"] as String? == text, "raw_json of \(id) is the payload exactly")
        for (column, key) in columns {
            let stored = (bytes[column] as Data?).map { String(decoding: $0, as: UTF8.self) }
            #expect(stored == string(payload[key]), "\(id).\(column)")
        }
        let dnd = payload["dnd"] as? NSNumber
        #expect(row["dnd"] as Int? == dnd.map { $0.boolValue ? 1 : 0 }, "\(id).dnd")
        #expect(row["date_of_birth"] as String? == dateOfBirth(payload["dateOfBirth"]), "\(id).date_of_birth")

        let tags = (payload["tags"] as? [Any] ?? []).compactMap { string($0) }
        let storedTags = try Data.fetchAll(db, sql: "SELECT CAST(tag AS BLOB) FROM contact_tags WHERE contact_id = ? ORDER BY position", arguments: [id])
        #expect(storedTags.map { String(decoding: $0, as: UTF8.self) } == tags, "\(id) tags")

        var expectedFields: [String: Any] = [:]
        for case let item as [String: Any] in payload["customFields"] as? [Any] ?? [] {
            if let fieldID = item["id"] as? String { expectedFields[fieldID] = item["value"] ?? NSNull() }
        }
        let fields = try Row.fetchAll(db, sql: "SELECT * FROM contact_custom_fields WHERE contact_id = ?", arguments: [id])
        #expect(fields.count == expectedFields.count, "\(id) custom field count")
        for field in fields {
            let fieldID: String = field["field_id"]
            let expected = try #require(expectedFields[fieldID], "\(id) field \(fieldID) exists in the payload")
            let valueJSON: String = field["value_json"]
            let stored = try JSONSerialization.jsonObject(with: Data(valueJSON.utf8), options: .fragmentsAllowed)
            #expect(jsonEqual(stored, expected), "\(id) field \(fieldID) value_json")
            let type: String = field["value_type"]
            switch expected {
            case let text as String:
                #expect(type == "string")
                #expect(field["value_text"] as String? == text)
            case is NSNull: #expect(type == "null")
            case is [Any]: #expect(type == "array")
            case is [String: Any]: #expect(type == "object")
            case let number as NSNumber:
                if valueJSON == "true" || valueJSON == "false" {
                    #expect(type == "boolean")
                } else {
                    #expect(type == "number")
                    #expect(field["value_number"] as Double? == number.doubleValue)
                }
            default: Issue.record("unexpected value for \(fieldID)")
            }
        }

        var expectedDND: Set<String> = []
        for (key, direction) in [("dndSettings", "outbound"), ("inboundDndSettings", "inbound")] {
            for (channel, setting) in payload[key] as? [String: Any] ?? [:] where !(setting is NSNull) {
                expectedDND.insert("\(direction)/\(channel)/\(string((setting as? [String: Any])?["status"]) ?? "-")")
            }
        }
        let storedDND = try Row.fetchAll(db, sql: "SELECT direction, channel, status FROM contact_dnd_settings WHERE contact_id = ?", arguments: [id])
            .map { "\($0["direction"] as String)/\($0["channel"] as String)/\(($0["status"] as String?) ?? "-")" }
        #expect(Set(storedDND) == expectedDND, "\(id) DND settings")

        var expectedAttributions = (payload["attributions"] as? [Any] ?? []).filter { $0 is [String: Any] }.count
        if payload["attributionSource"] is [String: Any] { expectedAttributions += 1 }
        if payload["lastAttributionSource"] is [String: Any] { expectedAttributions += 1 }
        #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_attributions WHERE contact_id = ?", arguments: [id]) == expectedAttributions, "\(id) attributions")
        for attribution in try Row.fetchAll(db, sql: "SELECT * FROM contact_attributions WHERE contact_id = ?", arguments: [id]) {
            let raw = try JSONSerialization.jsonObject(with: Data((attribution["raw_json"] as String).utf8)) as? [String: Any]
            let origin: String = attribution["origin"]
            let ordinal: Int = attribution["ordinal"]
            let source: Any? = origin == "attributions" ? (payload["attributions"] as? [Any])?[ordinal] : payload[origin]
            #expect(jsonEqual(raw as Any, source as Any), "\(id) \(origin)[\(ordinal)] raw_json")
            #expect(attribution["utm_source"] as String? == string(raw?["utmSource"]))
            #expect(attribution["campaign"] as String? == string(raw?["campaign"]))
            #expect(attribution["session_source"] as String? == string(raw?["sessionSource"]))
        }
    }
}
