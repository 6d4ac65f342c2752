import HighLevelAPI
import LosslessJSON
import TestSupport

/// Serializes JSON the way different servers and proxies might: random insignificant whitespace, `\/`, and
/// non-ASCII written as `\uXXXX` escapes (surrogate pairs beyond the BMP). Independent of the project's
/// serializer, so `raw_json` is checked against bytes that no re-serialization could reproduce.
struct FuzzJSONWriter {
    var random: FuzzRandom
    /// Percent chance of whitespace at each place it is allowed (0 writes compact JSON).
    var whitespace: Int
    /// Percent chance that a character which may be escaped is escaped.
    var escapes: Int
    private(set) var output: [UInt8] = []

    init(random: FuzzRandom, whitespace: Int, escapes: Int) {
        self.random = random
        self.whitespace = whitespace
        self.escapes = escapes
    }

    private static let spaces: [[UInt8]] = [[0x20], [0x0A], [0x09], [0x0D, 0x0A, 0x20, 0x20], [0x20, 0x20, 0x20, 0x20]]
    private static let hex = Array("0123456789abcdef".utf8)

    mutating func space() {
        if whitespace > 0, random.chance(whitespace) { output += random.pick(Self.spaces) }
    }

    mutating func raw(_ text: String) {
        output.append(contentsOf: text.utf8)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): raw(flag ? "true" : "false")
        case .number(let number): raw(number.text)
        case .string(let text): write(string: text)
        case .array(let elements):
            raw("[")
            for (index, element) in elements.enumerated() {
                if index > 0 {
                    space()
                    raw(",")
                }
                space()
                write(element)
            }
            space()
            raw("]")
        case .object(let object):
            raw("{")
            for (index, member) in object.members.enumerated() {
                if index > 0 {
                    space()
                    raw(",")
                }
                space()
                write(string: member.key)
                space()
                raw(":")
                space()
                write(member.value)
            }
            space()
            raw("}")
        }
    }

    mutating func write(string: String) {
        output.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": raw("\\\"")
            case "\\": raw("\\\\")
            case "\n": raw(random.chance(escapes) ? "\\u000a" : "\\n")
            case "\t": raw(random.chance(escapes) ? "\\u0009" : "\\t")
            case "/": raw(random.chance(escapes) ? "\\/" : "/")
            case _ where scalar.value < 0x20:
                writeEscape(UInt16(scalar.value))
            case _ where scalar.value >= 0x80 && random.chance(escapes):
                for unit in String(scalar).utf16 { writeEscape(unit) }
            default:
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ unit: UInt16) {
        raw("\\u")
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(Self.hex[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }
}
