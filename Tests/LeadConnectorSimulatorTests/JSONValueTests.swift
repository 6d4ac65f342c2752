import Foundation
import Testing

@testable import LeadConnectorSimulator

@Suite("JSON writing")
struct JSONValueTests {
    @Test(
        "strings survive escaping and parsing",
        arguments: [
            "plain", "quote \" inside", "back\\slash", "new\nline", "tab\there", "cr\rret", "nul\u{00}byte",
            "bell\u{07}",
            "unit\u{1F}sep", "del\u{7F}", "Zoë Søren Muñoz", "李田中", "😀🦄", "שלום مرحبا", "\u{2028}\u{2029}", "/slash/",
            "",
        ])
    func escaping(text: String) throws {
        let json = JSONValue.object([JSONMember("k", .string(text))]).text
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 }, "raw control character in \(json)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(parsed["k"] == text)
    }

    @Test("control characters use short escapes or \\u00XX")
    func controlEscapes() {
        #expect(JSONValue.quoted("\u{01}\n\t\u{1F}\"\\") == #""\u0001\n\t\u001f\"\\""#)
    }

    @Test("numbers, booleans, null, nesting and key order")
    func scalars() {
        let value = JSONValue.object([
            JSONMember("z", .int(2)), JSONMember("a", .decimal(3422.5)), JSONMember("n", .integer(-631_152_000_000)),
            JSONMember("t", .bool(true)), JSONMember("f", .bool(false)), JSONMember("x", .null),
            JSONMember("arr", .array([.array([]), .object([])])),
        ])
        #expect(value.text == #"{"z":2,"a":3422.5,"n":-631152000000,"t":true,"f":false,"x":null,"arr":[[],{}]}"#)
    }

    @Test(
        "calendar arithmetic",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000Z"), (1_704_888_000_000, "2024-01-10T12:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"), (-631_152_000_000, "1950-01-01T00:00:00.000Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        ])
    func civilTime(millis: Int64, iso: String) {
        #expect(CivilTime.iso8601(epochMilliseconds: millis) == iso)
        #expect(CivilTime.date(epochMilliseconds: millis) == String(iso.prefix(10)))
    }

    @Test("dates convert back to epoch milliseconds")
    func civilRoundTrip() {
        #expect(CivilTime.epochMilliseconds(year: 1950, month: 1, day: 1) == -631_152_000_000)
        #expect(CivilTime.epochMilliseconds(year: 2000, month: 2, day: 29) == 951_782_400_000)
    }
}
