import Testing

@testable import LosslessJSON

/// `JSONParser.skim` refuses exactly what `JSONParser.parse` refuses, with the same error, and reads the
/// member, its range and the named strings as a lookup in the parsed value would.
@Suite("JSONParser.skim") struct JSONSkimTests {
    static let refused: [[UInt8]] = [
        Array(#"{"contact":{"id":"a"}"#.utf8), Array(#"{"contact":{"id":"a"}} x"#.utf8),
        Array(#"{"contact":{"id":"a\x"}}"#.utf8), Array(#"{"contact":{"id":"\u12G4"}}"#.utf8),
        Array(#"{"contact":[1,]}"#.utf8), Array(#"{"a":01}"#.utf8), Array(#"{"a":1.}"#.utf8), Array(#"{"a":-}"#.utf8),
        Array(#"{"a":tru}"#.utf8), Array("{\"a\":\"\u{01}\"}".utf8), Array(#"{"a" 1}"#.utf8), Array(#"{1:2}"#.utf8),
        // Overlong, surrogate, past U+10FFFF, truncated, a stray continuation byte, a lead byte before an escape.
        [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
        [0x22, 0xE2, 0x82, 0x22], [0x22, 0x80, 0x22], [0x22, 0xC3, 0x5C, 0x6E, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
        Array((String(repeating: "[", count: 257) + String(repeating: "]", count: 257)).utf8),
    ]

    @Test("refuses what parse refuses, with the same error", arguments: refused)
    func refusals(body: [UInt8]) {
        Self.expectRefusedAlike(body)
    }

    /// Records an issue unless parse refuses `body` and skim refuses it with the same error.
    static func expectRefusedAlike(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(body) }
        let skimmed = Result { () throws(JSONParser.SyntaxError) in try JSONParser.skim(body, member: "contact", strings: ["id"]) }
        let ranged = Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(body, rangeOf: "contact") }
        guard case .failure(let expected) = parsed else {
            Issue.record("parse accepted \(body)", sourceLocation: sourceLocation)
            return
        }
        guard case .failure(let error) = skimmed else {
            Issue.record("skim accepted what parse refused: \(expected)", sourceLocation: sourceLocation)
            return
        }
        #expect(error == expected, sourceLocation: sourceLocation)
        guard case .failure(let rangedError) = ranged else {
            Issue.record("parse(rangeOf:) accepted what parse refused: \(expected)", sourceLocation: sourceLocation)
            return
        }
        #expect(rangedError == expected, sourceLocation: sourceLocation)
    }

    static let accepted: [String] = [
        #"{"contact":{"id":"a","name":"Zoë \u00e9 \ud83d\ude00 \ud800"},"traceId":"t"}"#,
        #"{"cont\u0061ct":{"\u0069d":"a"}}"#,
        #"{"contact":{"id":"a"},"contact":{"id":"b"}}"#,
        #"{"contact":{"id":"a"},"contact":[1]}"#,
        #"{"contact":{"id":"a","id":7}}"#,
        #"{"contact":{"x":{"id":"nested"}},"traceId":5}"#,
        #" [ {"contact":{"id":"a"}} ] "#,
        #""just a string""#,
        String(repeating: "[", count: 255) + #"{"contact":1}"# + String(repeating: "]", count: 255),
    ]

    @Test("reads the member and strings as the parsed value's lookups do", arguments: accepted)
    func readings(text: String) throws {
        let body = Array(text.utf8)
        let value = try JSONParser.parse(body)
        let skim = try JSONParser.skim(body, member: "contact", strings: ["id", "traceId"])
        // A first load parses and takes the member's range from the parser: the same value, the same range.
        let ranged = try JSONParser.parse(body, rangeOf: "contact")
        #expect(ranged.value == value)
        #expect(ranged.memberRange == skim.memberRange)
        guard case .object(let envelope) = value else {
            #expect(skim == JSONParser.Skim())
            return
        }
        #expect(skim.isObject)
        #expect(skim.strings["traceId"] == envelope["traceId"]?.stringValue)
        let member = envelope["contact"]
        #expect(skim.memberIsObject == (member?.objectValue != nil))
        #expect(skim.memberStrings["id"] == member?.objectValue?["id"]?.stringValue)
        if let range = skim.memberRange {
            #expect(try JSONParser.parse(body[range]) == member)
        } else {
            #expect(member == nil)
        }
    }
}
