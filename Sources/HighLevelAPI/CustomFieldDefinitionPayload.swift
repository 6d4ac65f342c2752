/// One custom field definition from `GET /locations/{locationId}/customFields?model=contact`.
///
/// Lenient: only `id` is required; every other member may be missing, `null` or of another type, and is then nil.
public struct CustomFieldDefinitionPayload: Sendable, Equatable {
    public let id: String
    public let name: String?
    /// e.g. `contact.pincode`.
    public let fieldKey: String?
    /// e.g. `TEXT`, `LARGE_TEXT`, `SINGLE_OPTIONS`, as sent.
    public let dataType: String?
    public let position: Int64?
    /// The `picklistOptions` array as compact JSON, nil when absent or not an array.
    public let picklistOptionsJSON: String?
    /// The whole definition as compact JSON (members in the order sent, numbers as written).
    public let rawJSON: String

    /// Reads one element of the `customFields` array; nil when it is not an object with a string `id`.
    public init?(_ value: JSONValue) {
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

    /// Decodes a whole 200 body: every usable definition, in the order sent.
    public static func decodeList(body: [UInt8]) throws(ContactResponse.DecodingError) -> [CustomFieldDefinitionPayload] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw .invalidJSON(error)
        }
        guard case .object(let envelope) = value else { throw .notAnObject }
        switch envelope["customFields"] {
        case .array(let items)?: return items.compactMap(CustomFieldDefinitionPayload.init)
        case .null?: return []
        default: throw .missingArray("customFields")
        }
    }
}
