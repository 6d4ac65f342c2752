/// A JSON value as parsed by ``JSONParser``, keeping what other representations lose.
///
/// Numbers keep their literal text (so `2`, `2.0` and `1e400` survive unchanged), objects keep their
/// members in document order including duplicate keys, and `true`/`false` stay distinct from `1`/`0`.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The name of this value's JSON type: `null`, `boolean`, `number`, `string`, `array` or `object`.
    package var typeName: String {
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
    package var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The object, when this is an object.
    package var objectValue: JSONObject? {
        if case .object(let value) = self { value } else { nil }
    }

    /// The elements, when this is an array.
    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }
}

/// A JSON number, kept as the literal text that was sent.
package struct JSONNumber: Sendable, Equatable {
    /// The number exactly as written in the document, e.g. `3422.5` or `-1.5e3`.
    package let text: String

    /// Creates a number from literal JSON number text (the caller guarantees it is valid JSON).
    package init(text: String) {
        self.text = text
    }

    /// The value as a `Double` (nearest representable; infinity when out of range).
    package var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// The value as an `Int64` when the literal is an integer that fits.
    package var int64Value: Int64? {
        Int64(text)
    }
}

/// A JSON object: its members in document order, duplicates kept.
package struct JSONObject: Sendable, Equatable {
    /// One `"key": value` pair.
    package struct Member: Sendable, Equatable {
        package let key: String
        package let value: JSONValue

        package init(key: String, value: JSONValue) {
            (self.key, self.value) = (key, value)
        }
    }

    /// The members as they appeared in the document.
    package let members: [Member]

    package init(members: [Member]) {
        self.members = members
    }

    /// The value of the last member named `key` (the usual rule for duplicate keys), or nil when absent.
    package subscript(key: String) -> JSONValue? {
        var index = members.endIndex
        while index > members.startIndex {
            index -= 1
            if members[index].key == key { return members[index].value }
        }
        return nil
    }
}
