/// A JSON value as parsed by ``JSONParser``, keeping what other representations lose.
///
/// Numbers keep their literal text (so `2`, `2.0` and `1e400` survive unchanged), objects keep their
/// members in document order including duplicate keys, and `true`/`false` stay distinct from `1`/`0`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The name of this value's JSON type: `null`, `boolean`, `number`, `string`, `array` or `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The object, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { value } else { nil }
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }
}

/// A JSON number, kept as the literal text that was sent.
public struct JSONNumber: Sendable, Equatable {
    /// The number exactly as written in the document, e.g. `3422.5` or `-1.5e3`.
    public let text: String

    /// Creates a number from literal JSON number text (the caller guarantees it is valid JSON).
    public init(text: String) {
        self.text = text
    }

    /// The value as a `Double` (nearest representable; infinity when out of range).
    public var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// The value as an `Int64` when the literal is an integer that fits.
    public var int64Value: Int64? {
        Int64(text)
    }
}

/// A JSON object: its members in document order, duplicates kept.
public struct JSONObject: Sendable, Equatable {
    /// One `"key": value` pair.
    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members as they appeared in the document.
    public let members: [Member]

    public init(members: [Member]) {
        self.members = members
    }

    /// The value of the last member named `key` (the usual rule for duplicate keys), or nil when absent.
    public subscript(key: String) -> JSONValue? {
        var index = members.endIndex
        while index > members.startIndex {
            index -= 1
            if members[index].key == key { return members[index].value }
        }
        return nil
    }
}
