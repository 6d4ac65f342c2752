import Foundation
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

private func parse(_ text: String) throws(JSONParser.SyntaxError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
}

private func number(_ text: String) -> JSONValue {
    .number(JSONNumber(text: text))
}

@Suite("JSONParser: what it accepts")
struct JSONParserAcceptanceTests {
    @Test("every fixture parses to what Foundation's JSONSerialization reads", arguments: FixtureFile.allCases)
    func fixturesMatchFoundation(fixture: FixtureFile) throws {
        let value = try JSONParser.parse(try fixture.bytes())
        expectEquivalent(value, try fixture.foundationValue())
    }

    @Test("the seed fixture's values, read directly")
    func seedValues() throws {
        let value = try JSONParser.parse(try FixtureFile.seedContact.bytes())
        let contact = try #require(value.objectValue?["contact"]?.objectValue)
        #expect(contact.members.first?.key == "id")
        #expect(contact.members.map(\.key).last == "attributions")
        #expect(contact["id"] == .string("ocQHyuzHvuMOe5N5jjXF"))
        #expect(contact["dnd"] == .bool(false))
        #expect(contact["tags"] == .array([.string("customer"), .string("vip")]))
        #expect(contact["dndSettings"]?.objectValue?.members.map(\.key) == ["Call", "Email", "SMS", "WhatsApp", "GMB", "FB"])
    }

    @Test("the variants fixture keeps number literals, nulls and booleans apart")
    func variantsValues() throws {
        let value = try JSONParser.parse(try FixtureFile.variantsContact.bytes())
        let contact = try #require(value.objectValue?["contact"]?.objectValue)
        #expect(contact["dateOfBirth"] == number("631152000000"))
        #expect(contact["lastName"] == .null)
        #expect(contact["dnd"] == .bool(true))
        #expect(contact["name"] == .string("Zoë O'Brien"))
        #expect(contact["tags"] == .array([.string("vip"), .string("VIP"), .string("🔥hot"), .string("a,b")]))
        let values = try #require(contact["customFields"]?.arrayValue).map { $0.objectValue?["value"] }
        #expect(values.count == 7)
        #expect(values[1] == number("2"))
        #expect(values[2] == number("3422.5"))
        #expect(values[4] == .bool(true))
        #expect(values[5] == .null)
        #expect(value.objectValue?["traceId"] == .string("0398c85a-261f-43f7-a83c-ce02820ad6aa"))
    }

    @Test("number literals are kept exactly as written")
    func numberLiterals() throws {
        let value = try parse("[2, 3422.5, -0, 1e400, 631152000000, -1.5E+3, 0.0, 2.50, 1E-2, 123456789012345678901234567890]")
        let expected = ["2", "3422.5", "-0", "1e400", "631152000000", "-1.5E+3", "0.0", "2.50", "1E-2", "123456789012345678901234567890"]
        #expect(value == .array(expected.map(number)))
        #expect(value.jsonText == "[" + expected.joined(separator: ",") + "]")
    }

    @Test("number values: doubles, infinity out of range, Int64 only for integers that fit", arguments: [
        ("2", 2.0, 2),
        ("3422.5", 3422.5, nil),
        ("-0", -0.0, 0),
        ("631152000000", 631_152_000_000, 631_152_000_000),
        ("-1.5E+3", -1500, nil),
        ("1e400", .infinity, nil),
        ("-1e400", -.infinity, nil),
        ("9223372036854775808", 9.223372036854775808e18, nil),
    ] as [(String, Double, Int64?)])
    func numberValues(text: String, double: Double, int64: Int64?) throws {
        guard case .number(let parsed) = try parse(text) else {
            Issue.record("\(text) did not parse as a number")
            return
        }
        #expect(parsed.text == text)
        #expect(parsed.doubleValue == double)
        #expect(parsed.int64Value == int64)
    }

    @Test("top-level scalars", arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), ("false", .bool(false)), ("0", number("0")),
        ("\"\"", .string("")), (" \t\r\n[] \n", .array([])), ("{}", .object(JSONObject(members: []))),
    ])
    func scalars(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test("true and false are not 1 and 0")
    func booleansAreNotNumbers() throws {
        let value = try parse("[true, 1, false, 0]")
        #expect(value == .array([.bool(true), number("1"), .bool(false), number("0")]))
        #expect(value.arrayValue?.map(\.typeName) == ["boolean", "number", "boolean", "number"])
    }

    @Test("duplicate keys: all kept in document order, the subscript returns the last")
    func duplicateKeys() throws {
        let value = try parse(#"{"a": 1, "b": 2, "a": {"x": true}, "c": null}"#)
        let object = try #require(value.objectValue)
        #expect(object.members.map(\.key) == ["a", "b", "a", "c"])
        let nested = JSONValue.object(JSONObject(members: [.init(key: "x", value: .bool(true))]))
        #expect(object.members.map(\.value) == [number("1"), number("2"), nested, .null])
        #expect(object["a"] == nested)
        #expect(object["b"] == number("2"))
        #expect(object["c"] == .null)
        #expect(object["missing"] == nil)
        #expect(value.jsonText == #"{"a":1,"b":2,"a":{"x":true},"c":null}"#)
    }

    @Test("escapes decode to the right scalars", arguments: [
        (#""\u00e9""#, "\u{E9}"),
        (#""\u00E9t\u00e9""#, "\u{E9}t\u{E9}"),
        (#""\ud83d\ude00""#, "\u{1F600}"),
        (#""\uD83D\uDE00!""#, "\u{1F600}!"),
        (#""\ud83d""#, "\u{FFFD}"),
        (#""\ude00""#, "\u{FFFD}"),
        (#""a\ud83db""#, "a\u{FFFD}b"),
        (#""\ud83d\u0041""#, "\u{FFFD}A"),
        (#""\ud83d\ud83d\ude00""#, "\u{FFFD}\u{1F600}"),
        (#""\ud83d\n""#, "\u{FFFD}\n"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        (#""\u0000""#, "\u{00}"),
        (#""caf\u0065\u0301""#, "cafe\u{301}"),
        (#""Zoë 🔥""#, "Zo\u{EB} \u{1F525}"),
    ])
    func escapes(json: String, expected: String) throws {
        let parsed = try #require(try parse(json).stringValue)
        #expect(Array(parsed.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("keys are decoded like strings")
    func escapedKeys() throws {
        let object = try #require(try parse(#"{"caf\u00e9": 1, "a\"b": 2}"#).objectValue)
        #expect(object.members.map(\.key) == ["caf\u{E9}", "a\"b"])
    }

    @Test("256 levels of nesting are accepted", arguments: ["[", "{\"k\":"])
    func deepestAcceptedNesting(opener: String) throws {
        let closer = opener == "[" ? "]" : "}"
        let text = String(repeating: opener, count: JSONParser.maximumDepth) + "1"
            + String(repeating: closer, count: JSONParser.maximumDepth)
        var value = try parse(text)
        var depth = 0
        while true {
            if let elements = value.arrayValue, elements.count == 1 {
                value = elements[0]
            } else if let object = value.objectValue, object.members.count == 1 {
                value = object.members[0].value
            } else {
                break
            }
            depth += 1
        }
        #expect(JSONParser.maximumDepth == 256)
        #expect(depth == 256)
        #expect(value == number("1"))
    }
}

@Suite("JSONParser: what it refuses")
struct JSONParserRefusalTests {
    /// Parses `bytes`, expecting a refusal, and returns the error.
    @discardableResult
    private func refusal(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> JSONParser.SyntaxError? {
        let error = #expect(throws: JSONParser.SyntaxError.self, sourceLocation: sourceLocation) {
            try JSONParser.parse(bytes)
        }
        if let error {
            #expect((0...bytes.count).contains(error.offset), "offset \(error.offset) outside the document", sourceLocation: sourceLocation)
        }
        return error
    }

    @Test("malformed numbers", arguments: [
        "01", "-01", "00", "1.", "1.e5", ".5", "+1", "NaN", "-NaN", "Infinity", "-Infinity", "-", "1e", "1e+", "1E-",
        "0x10", "[01]", "[1.]", "{\"a\": .5}", "- 1", "1_000",
    ])
    func malformedNumbers(text: String) {
        refusal(Array(text.utf8))
    }

    @Test("where a malformed document stops", arguments: [
        ("01", 1), ("1.", 2), (".5", 0), ("+1", 0), ("{} x", 3), ("[1,]", 3), ("{\"a\" 1}", 5), ("tru", 0),
        ("nul", 0), ("[1 2]", 3),
    ])
    func errorOffsets(text: String, offset: Int) {
        #expect(refusal(Array(text.utf8))?.offset == offset)
    }

    @Test("trailing data after the document", arguments: [
        "{} x", "[]]", "1 2", "{}{}", "null,", "\"a\" \"b\"", "true false", "{\"a\":1}}", "[] //", "0 \u{0}",
    ])
    func trailingGarbage(text: String) {
        refusal(Array(text.utf8))
    }

    @Test("structural errors", arguments: [
        "", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{1:1}",
        "tru", "truee", "nul", "True", "NULL", "'x'", "\"abc", "[1 2]", "{\"a\":1 \"b\":2}", "\u{FEFF}{}", "/* */ {}",
    ])
    func structuralErrors(text: String) {
        refusal(Array(text.utf8))
    }

    @Test("invalid escapes", arguments: [
        #""\x""#, #""\u12""#, #""\u12G4""#, #""\U00e9""#, #""\ud83d\uZZZZ""#, #""\'""#, #""\"#, #""\u""#, #""\ "#,
    ])
    func invalidEscapes(text: String) {
        refusal(Array(text.utf8))
    }

    @Test("invalid UTF-8 inside a string is refused", arguments: [
        [0x22, 0xFF, 0x22],
        [0x22, 0x61, 0xC0, 0xAF, 0x22],  // overlong "/"
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // a surrogate encoded as UTF-8
        [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
        [0x22, 0x80, 0x22],  // lone continuation byte
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // after an escape
        [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D],  // in a key
        [0x5B, 0xFF, 0x5D],  // outside a string
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        refusal(bytes)
    }

    @Test("unescaped control characters in strings are refused", arguments: [
        "\"a\u{01}b\"", "\"tab\there\"", "\"new\nline\"", "\"\u{00}\"", "\"\u{1F}\"", "\"\\n\u{01}\"", "{\"k\u{0A}\":1}",
    ])
    func controlCharacters(text: String) {
        refusal(Array(text.utf8))
    }

    @Test("every truncation of a fixture is refused", arguments: FixtureFile.allCases)
    func truncatedDocuments(fixture: FixtureFile) throws {
        let bytes = try fixture.bytes()
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let documentEnd = (bytes.lastIndex { !whitespace.contains($0) } ?? -1) + 1
        #expect(documentEnd > 50)
        var accepted: [Int] = []
        var misplacedOffsets: [Int] = []
        for length in 0..<documentEnd {
            do {
                _ = try JSONParser.parse(bytes[..<length])
                accepted.append(length)
            } catch {
                if !(0...length).contains(error.offset) { misplacedOffsets.append(length) }
            }
        }
        #expect(accepted.isEmpty, "prefixes accepted: \(accepted)")
        #expect(misplacedOffsets.isEmpty, "error offsets past the end for prefixes: \(misplacedOffsets)")
        #expect(try JSONParser.parse(bytes[..<documentEnd]) == JSONParser.parse(bytes))
    }

    @Test("257 levels of nesting are refused", arguments: ["[", "{\"k\":"])
    func tooDeep(opener: String) {
        let closer = opener == "[" ? "]" : "}"
        let depth = JSONParser.maximumDepth + 1
        let text = String(repeating: opener, count: depth) + "1" + String(repeating: closer, count: depth)
        let error = refusal(Array(text.utf8))
        #expect(error?.offset == JSONParser.maximumDepth * opener.utf8.count)
    }

    @Test("a mix of arrays and objects deeper than 256 is refused")
    func tooDeepMixed() {
        let text = String(repeating: "[{\"k\":", count: 129) + "1" + String(repeating: "}]", count: 129)
        refusal(Array(text.utf8))
    }

    @Test("100,000 open brackets are refused without exhausting the stack")
    func hugeNesting() {
        let open = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(refusal(open)?.offset == JSONParser.maximumDepth)
        let balanced = open + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        #expect(refusal(balanced)?.offset == JSONParser.maximumDepth)
    }

    @Test("the error text names the offset")
    func errorDescription() {
        let error = refusal(Array("[1,]".utf8))
        #expect(error?.description.hasPrefix("invalid JSON at byte 3: ") == true)
    }
}

@Suite("JSONValue.jsonText")
struct JSONTextTests {
    @Test("fixtures round-trip: parse(jsonText(v)) == v", arguments: FixtureFile.allCases)
    func fixtureRoundTrip(fixture: FixtureFile) throws {
        let value = try JSONParser.parse(try fixture.bytes())
        let text = value.jsonText
        #expect(try JSONParser.parse(Array(text.utf8)) == value)
        let foundation = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        expectEquivalent(value, foundation)
    }

    @Test("the text is compact and keeps member order")
    func compactSeed() throws {
        let value = try JSONParser.parse(try FixtureFile.seedContact.bytes())
        #expect(value.jsonText.hasPrefix(#"{"contact":{"id":"ocQHyuzHvuMOe5N5jjXF","name":"John Doe","locationId":"#))
        #expect(value.jsonText.hasSuffix(#""utmMedium":"cpc","sessionSource":"google"}]}}"#))
        #expect(!value.jsonText.contains("\n"))
        #expect(!value.jsonText.contains(": "))
    }

    @Test("string escaping", arguments: [
        ("a\"b", #""a\"b""#),
        ("a\\b", #""a\\b""#),
        ("line\nbreak", #""line\nbreak""#),
        ("cr\r", #""cr\r""#),
        ("tab\t", #""tab\t""#),
        ("\u{00}", #""\u0000""#),
        ("\u{08}\u{0C}", #""\u0008\u000c""#),
        ("\u{1F}", #""\u001f""#),
        ("\u{7F}", "\"\u{7F}\""),
        ("/", #""/""#),
        ("Zoë 😀", "\"Zoë 😀\""),
        ("", #""""#),
    ])
    func escaping(string: String, expected: String) throws {
        let value = JSONValue.string(string)
        #expect(value.jsonText == expected)
        #expect(try JSONParser.parse(Array(value.jsonText.utf8)) == value)
    }

    @Test("every control character and quote round-trips, and no raw control byte is written")
    func allControlCharacters() throws {
        let string = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\"\\"
        let key = "k\u{01}\"\n"
        let value = JSONValue.object(JSONObject(members: [.init(key: key, value: .string(string))]))
        let text = value.jsonText
        #expect(!text.utf8.contains { $0 < 0x20 })
        #expect(try JSONParser.parse(Array(text.utf8)) == value)
        let foundation = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(foundation == [key: string])
    }

    @Test("scalars and containers", arguments: [
        (JSONValue.null, "null"), (.bool(true), "true"), (.bool(false), "false"), (number("-0"), "-0"),
        (.array([]), "[]"), (.object(JSONObject(members: [])), "{}"),
        (.array([.null, .array([number("1e400")]), .object(JSONObject(members: [.init(key: "", value: .bool(false))]))]),
         #"[null,[1e400],{"":false}]"#),
    ])
    func containers(value: JSONValue, expected: String) throws {
        #expect(value.jsonText == expected)
        #expect(try JSONParser.parse(Array(expected.utf8)) == value)
    }

    @Test("indented text reads back as the same value, one member per line, empty containers kept compact")
    func indentedTextRoundTrips() throws {
        let text = #"{"a":[1,2.50,{"b":null}],"c":{},"d":[],"e":"x\ny","f":{"g":true}}"#
        let value = try parse(text)
        let indented = value.indentedJSONText
        #expect(try parse(indented) == value)
        #expect(indented == """
            {
              "a": [
                1,
                2.50,
                {
                  "b": null
                }
              ],
              "c": {},
              "d": [],
              "e": "x\\ny",
              "f": {
                "g": true
              }
            }
            """)
    }
}
