/// A JSON document under construction, kept in insertion order so the text it renders is stable.
///
/// Objects are arrays of key/value pairs, not dictionaries: the generator relies on key order being
/// exactly the order in which fields were added.
///
/// HighLevelAPI has a JSON writer too (`JSONValue.writeString`); the simulator keeps its own on purpose. It is
/// the oracle the client is tested against, so it shares no parsing or escaping code with the client (and it
/// uses the short `\b` and `\f` escapes that the client's writer never emits).
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
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the compact JSON text of this value to `output`, as UTF-8.
    ///
    /// Bytes, not a `String`: appending to a `String` scalar by scalar made the simulator spend about a
    /// millisecond of CPU per contact, competing with the sync it serves for the machine's two cores.
    func write(to output: inout [UInt8]) {
        switch self {
        case .object(let members):
            Self.writeSeparated(members, between: "{", "}", to: &output) { member, output in
                JSONValue.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
        case .array(let elements):
            Self.writeSeparated(elements, between: "[", "]", to: &output) { element, output in element.write(to: &output) }
        case .string(let string):
            JSONValue.writeString(string, to: &output)
        case .integer(let integer):
            output.append(contentsOf: String(integer).utf8)
        case .decimal(let decimal):
            precondition(decimal.isFinite, "JSON cannot represent \(decimal)")
            output.append(contentsOf: decimal.description.utf8)
        case .bool(let bool):
            output.append(contentsOf: (bool ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        }
    }

    /// `open`, each item written by `write` with commas between, then `close`.
    private static func writeSeparated<Item>(
        _ items: [Item], between open: Unicode.Scalar, _ close: Unicode.Scalar, to output: inout [UInt8],
        _ write: (Item, inout [UInt8]) -> Void
    ) {
        output.append(UInt8(ascii: open))
        for index in items.indices {
            if index > items.startIndex { output.append(UInt8(ascii: ",")) }
            write(items[index], &output)
        }
        output.append(UInt8(ascii: close))
    }

    /// Appends `string` as a quoted JSON string literal.
    ///
    /// Quotes, backslashes and all control characters are escaped (the common ones with their short forms,
    /// the rest as `\uXXXX`); every other character, including non-ASCII, is emitted as raw UTF-8. Runs that
    /// need no escaping are copied whole (no byte of a multi-byte UTF-8 sequence is below 0x80).
    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    output.append(contentsOf: "u00".utf8)
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `string` as a quoted JSON string literal.
    static func quoted(_ string: String) -> String {
        var output: [UInt8] = []
        writeString(string, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
