package import LosslessJSON

/// One custom field definition as stored in `custom_field_definitions`.
package struct CustomFieldDefinitionRow: Sendable, Equatable {
    package var id: String
    package var name: String?
    /// e.g. `contact.pincode`.
    package var fieldKey: String?
    /// e.g. `TEXT`, `LARGE_TEXT`, `SINGLE_OPTIONS`, as sent.
    package var dataType: String?
    /// The `picklistOptions` JSON array as sent, nil when absent or not an array.
    package var picklistOptionsJSON: String?
    package var position: Int64?
    /// The whole definition as compact JSON (members in the order sent, numbers as written).
    package var rawJSON: String

    /// Reads one element of `GET /locations/{id}/customFields`' `customFields` array; nil when it is not an
    /// object with a non-empty string `id`.
    ///
    /// Lenient: every other member may be missing, `null` or of another type, and is then nil.
    package init?(definition value: JSONValue) {
        guard case .object(let object) = value, let id = object["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        name = object["name"]?.stringValue
        fieldKey = object["fieldKey"]?.stringValue
        dataType = object["dataType"]?.stringValue
        if case .number(let number)? = object["position"] {
            position = number.int64Value ?? Int64(exactly: number.doubleValue.rounded(.towardZero))
        } else {
            position = nil
        }
        if case .array? = object["picklistOptions"] {
            picklistOptionsJSON = object["picklistOptions"]?.jsonText
        } else {
            picklistOptionsJSON = nil
        }
        rawJSON = value.jsonText
    }
}
