/// A JSON document under construction, kept in insertion order so the text it renders is stable.
///
/// Objects are arrays of key/value pairs, not dictionaries: the generator relies on key order being
/// exactly the order in which fields were added.
enum JSONValue: Sendable, Equatable {
    case object([JSONMember])
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    case decimal(Double)
    case bool(Bool)
    case null

    /// Convenience for `.integer` from an `Int`.
    static func int(_ value: Int) -> JSONValue { .integer(Int64(value)) }

    /// The compact JSON text of this value (no insignificant whitespace).
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// Appends the compact JSON text of this value to `output`.
    func write(to output: inout String) {
        switch self {
        case .object(let members):
            output.append("{")
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(",") }
                JSONValue.writeString(member.key, to: &output)
                output.append(":")
                member.value.write(to: &output)
            }
            output.append("}")
        case .array(let elements):
            output.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(",") }
                element.write(to: &output)
            }
            output.append("]")
        case .string(let string):
            JSONValue.writeString(string, to: &output)
        case .integer(let integer):
            output.append(String(integer))
        case .decimal(let decimal):
            precondition(decimal.isFinite, "JSON cannot represent \(decimal)")
            output.append(decimal.description)
        case .bool(let bool):
            output.append(bool ? "true" : "false")
        case .null:
            output.append("null")
        }
    }

    /// Appends `string` as a quoted JSON string literal.
    ///
    /// Quotes, backslashes and all control characters are escaped (the common ones with their short forms,
    /// the rest as `\uXXXX`); every other character, including non-ASCII, is emitted as raw UTF-8.
    static func writeString(_ string: String, to output: inout String) {
        output.append("\"")
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{08}": output.append("\\b")
            case "\u{0C}": output.append("\\f")
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16, uppercase: false)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }

    /// `string` as a quoted JSON string literal.
    static func quoted(_ string: String) -> String {
        var output = ""
        writeString(string, to: &output)
        return output
    }
}
