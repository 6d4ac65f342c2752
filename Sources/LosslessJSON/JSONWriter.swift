extension JSONValue {
    /// The value as compact JSON text: members in their original order, numbers as sent, strings escaped.
    package var jsonText: String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(to: &output)
        // Strings' own UTF-8, escapes and ASCII punctuation only: valid by construction.
        return output.withUnsafeBufferPointer(String.init(alreadyValidatedUTF8:))
    }

    /// Appends the value as compact JSON to `output`.
    package func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .string(let string):
            JSONWriter.writeString(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

extension JSONValue {
    /// The value as JSON text for people to read: two spaces of indentation per level, one member or element
    /// per line, members in their original order. (The compact writer above is the hot path; this is not.)
    package var indentedJSONText: String {
        var output: [UInt8] = []
        writeIndented(to: &output, depth: 0)
        return String(decoding: output, as: UTF8.self)
    }

    private func writeIndented(to output: inout [UInt8], depth: Int) {
        func newline(_ depth: Int) {
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
        switch self {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                element.writeIndented(to: &output, depth: depth + 1)
            }
            newline(depth)
            output.append(UInt8(ascii: "]"))
        case .object(let object) where !object.members.isEmpty:
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                JSONWriter.writeString(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                member.value.writeIndented(to: &output, depth: depth + 1)
            }
            newline(depth)
            output.append(UInt8(ascii: "}"))
        default:
            write(to: &output)
        }
    }
}

/// The one JSON string writer: stored JSON (custom field values, attributions, definitions), exports, log
/// lines and summary files all escape strings here, so they agree byte for byte.
package enum JSONWriter {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `string` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`
    /// or `\u00XX`; runs that need no escaping are copied in one go. Everything else is written as UTF-8.
    package static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { bytes in
            var runStart = 0
            while true {
                let index = ByteScan.stringContentEnd(in: bytes, from: runStart)
                if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                guard index < bytes.count else { break }
                let byte = bytes[index]
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    output.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)],
                    ])
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// A JSON string.
    package static func text(_ string: String?) -> JSONValue {
        string.map(JSONValue.string) ?? .null
    }

    /// A JSON integer.
    package static func integer<Integer: BinaryInteger>(_ value: Integer) -> JSONValue {
        .number(JSONNumber(text: String(value)))
    }

    /// A JSON number for a finite double, rounded to `fractionDigits` decimals (`null` when not finite).
    package static func decimal(_ value: Double, fractionDigits: Int = 3) -> JSONValue {
        guard value.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<max(fractionDigits, 0) { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return .integer(Int64(rounded)) }
        return .number(JSONNumber(text: String(rounded)))
    }

    /// An object whose members are `pairs`, in the order given.
    package static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(members: pairs.map { JSONObject.Member(key: $0.key, value: $0.value) }))
    }

    /// An object whose members are `dictionary`'s, keys sorted (a stable text for the same content).
    package static func sortedObject(_ dictionary: [String: JSONValue]) -> JSONValue {
        .object(JSONObject(members: dictionary.keys.sorted().map { JSONObject.Member(key: $0, value: dictionary[$0]!) }))
    }
}
