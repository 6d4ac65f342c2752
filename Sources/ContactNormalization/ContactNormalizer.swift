package import LosslessJSON

/// Turns a contact as the API sent it into rows: pure, no I/O.
///
/// It is lenient with shapes the documentation does not promise: a string column sent as a number or
/// boolean stores its JSON text; one sent as an array or object stores NULL (the value is still in
/// `raw_json`); a duplicated custom field id or DND channel keeps its last occurrence.
package enum ContactNormalizer {
    // The two tables below are never mutated (key paths are immutable values), so sharing them is safe.

    /// The `contacts` text columns, by the key of the contact object each is read from (strings as sent,
    /// numbers and booleans as their JSON text, anything else NULL).
    nonisolated(unsafe) static let contactTextColumns: [String: WritableKeyPath<ContactRow, String?>] = [
        "locationId": \.locationID, "name": \.name, "firstName": \.firstName, "lastName": \.lastName,
        "email": \.email, "emailLowerCase": \.emailLowerCase, "timezone": \.timezone, "companyName": \.companyName,
        "phone": \.phone, "type": \.type, "source": \.source, "assignedTo": \.assignedTo, "address1": \.address1,
        "city": \.city, "state": \.state, "country": \.country, "postalCode": \.postalCode, "website": \.website,
        "dateAdded": \.dateAdded, "dateUpdated": \.dateUpdated,
    ]

    /// The `contact_attributions` text columns, by the key of the attribution object each is read from.
    nonisolated(unsafe) static let attributionTextColumns: [String: WritableKeyPath<AttributionRow, String?>] = [
        "url": \.url, "campaign": \.campaign, "utmSource": \.utmSource, "utmMedium": \.utmMedium,
        "utmContent": \.utmContent, "utmTerm": \.utmTerm, "utmCampaign": \.utmCampaign, "referrer": \.referrer,
        "sessionSource": \.sessionSource, "medium": \.medium, "mediumId": \.mediumID, "fbclid": \.fbclid,
        "gclid": \.gclid,
    ]

    /// Bumped whenever normalization changes what rows a given `raw_json` produces, so that re-syncing an
    /// unchanged contact still rewrites its child rows after an upgrade (stored in `contacts.normalization_version`).
    package static let version = 1

    /// Normalizes a parsed contact object whose exact text is `rawJSON`.
    package static func normalize(contact object: JSONObject, rawJSON: String) -> NormalizedContact {
        var row = ContactRow(id: object["id"]?.stringValue ?? "", rawJSON: rawJSON)
        var tags: [TagRow] = []
        var customFields: [CustomFieldRow] = []
        var attributions: [AttributionRow] = []
        var dndSettings: [DNDSettingRow] = []
        for member in object.members {
            let value = member.value
            if let column = Self.contactTextColumns[member.key] {
                row[keyPath: column] = value.columnText
                continue
            }
            switch member.key {
            case "dnd": row.dnd = value.columnBool
            case "dateOfBirth": row.dateOfBirth = DateOfBirth.normalize(value)
            case "tags": tags = Self.tags(value)
            case "customFields": customFields = Self.customFields(value)
            case "attributions":
                attributions.removeAll { $0.origin == .attributions }
                attributions += Self.attributionList(value)
            case "attributionSource", "lastAttributionSource":
                let origin: AttributionOrigin = member.key == "attributionSource" ? .attributionSource : .lastAttributionSource
                attributions.removeAll { $0.origin == origin }
                if case .object(let source) = value {
                    attributions.append(Self.attribution(source, origin: origin, ordinal: 0))
                }
            case "dndSettings":
                dndSettings.removeAll { $0.direction == .outbound }
                dndSettings += Self.dndSettings(value, direction: .outbound)
            case "inboundDndSettings":
                dndSettings.removeAll { $0.direction == .inbound }
                dndSettings += Self.dndSettings(value, direction: .inbound)
            default: continue
            }
        }
        return NormalizedContact(
            contact: row, tags: tags, customFields: customFields, attributions: attributions, dndSettings: dndSettings
        )
    }

    static func tags(_ value: JSONValue) -> [TagRow] {
        switch value {
        case .array(let elements):
            var rows: [TagRow] = []
            rows.reserveCapacity(elements.count)
            for (position, element) in elements.enumerated() {
                if let tag = element.columnText { rows.append(TagRow(position: position, tag: tag)) }
            }
            return rows
        case .string(let tag):
            return [TagRow(position: 0, tag: tag)]
        default:
            return []
        }
    }

    static func customFields(_ value: JSONValue) -> [CustomFieldRow] {
        guard case .array(let items) = value else { return [] }
        var rows: [CustomFieldRow] = []
        var indexByID: [String: Int] = [:]
        for (position, item) in items.enumerated() {
            guard case .object(let field) = item, let fieldID = field["id"]?.columnText else { continue }
            let fieldValue = field["value"] ?? .null
            let number: Double? =
                if case .number(let number) = fieldValue, number.doubleValue.isFinite { number.doubleValue } else { nil }
            let row = CustomFieldRow(
                fieldID: fieldID, position: position, valueType: CustomFieldValueType(fieldValue),
                valueNumber: number, valueJSON: fieldValue.jsonText
            )
            if let existing = indexByID[fieldID] {
                rows[existing] = row
            } else {
                indexByID[fieldID] = rows.count
                rows.append(row)
            }
        }
        return rows
    }

    static func attributionList(_ value: JSONValue) -> [AttributionRow] {
        guard case .array(let items) = value else { return [] }
        var rows: [AttributionRow] = []
        for (ordinal, item) in items.enumerated() {
            if case .object(let object) = item {
                rows.append(attribution(object, origin: .attributions, ordinal: ordinal))
            }
        }
        return rows
    }

    static func attribution(_ object: JSONObject, origin: AttributionOrigin, ordinal: Int) -> AttributionRow {
        var row = AttributionRow(origin: origin, ordinal: ordinal, rawJSON: JSONValue.object(object).jsonText)
        for member in object.members {
            if let column = Self.attributionTextColumns[member.key] {
                row[keyPath: column] = member.value.columnText
            } else if member.key == "isFirst" {
                row.isFirst = member.value.columnBool
            } else if member.key == "isLast" {
                row.isLast = member.value.columnBool
            }
        }
        return row
    }

    static func dndSettings(_ value: JSONValue, direction: DNDDirection) -> [DNDSettingRow] {
        guard case .object(let channels) = value else { return [] }
        // A repeated channel keeps its last occurrence, even when that one is null ("not set").
        var order: [String] = []
        var latest: [String: DNDSettingRow?] = [:]
        for member in channels.members {
            let row: DNDSettingRow?
            switch member.value {
            case .object(let setting):
                row = DNDSettingRow(
                    direction: direction, channel: member.key, status: setting["status"]?.columnText,
                    message: setting["message"]?.columnText, code: setting["code"]?.columnText
                )
            case .null, .array:
                row = nil
            case let scalar:
                row = DNDSettingRow(direction: direction, channel: member.key, status: scalar.columnText, message: nil, code: nil)
            }
            if latest.updateValue(row, forKey: member.key) == nil { order.append(member.key) }
        }
        return order.compactMap { latest[$0] ?? nil }
    }
}

extension JSONValue {
    /// The value for a text column: strings as sent, numbers and booleans as their JSON text, else NULL.
    var columnText: String? {
        switch self {
        case .string(let text): text
        case .number(let number): number.text
        case .bool(let flag): flag ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// The value for a 0/1 column: booleans, 0/1 numbers, and "true"/"false" strings; else NULL.
    var columnBool: Bool? {
        switch self {
        case .bool(let flag): flag
        case .number(let number) where number.text == "0" || number.text == "1": number.text == "1"
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }
}
