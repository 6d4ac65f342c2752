import Foundation
import LosslessJSON
import Testing

/// The one ISO-8601 form: formatting, parsing, and agreement with Foundation.
struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (951_782_400_999, "2000-02-29T00:00:00.999Z"),
        (4_102_444_799_500, "2099-12-31T23:59:59.500Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (1_795_812_601_250, "2026-11-27T20:50:01.250Z"),
    ])
    func formatsUTCWithMilliseconds(milliseconds: Int64, text: String) {
        let time = Timestamp(millisecondsSinceEpoch: milliseconds)
        #expect(time.iso8601 == text)
        #expect(Timestamp(iso8601: text) == time, "parsing gives the same instant back")
    }

    @Test(arguments: [
        ("2026-11-01", "2026-11-01T00:00:00.000Z"),
        ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00.000Z"),
        ("2026-11-01T00:00Z", "2026-11-01T00:00:00.000Z"),
        ("2026-11-01T00:00:00.5+01:00", "2026-10-31T23:00:00.500Z"),
        ("2026-11-01T10:30:00.123456-0230", "2026-11-01T13:00:00.123Z"),
        ("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"),
    ])
    func parsesDatesAndDateTimesWithAZone(text: String, expected: String) throws {
        #expect(try #require(Timestamp(iso8601: text)).iso8601 == expected)
    }

    @Test(arguments: [
        "", "yesterday", "2026-11-01T00:00:00", "2026-13-01", "2025-02-29", "2026-11-01T24:00:00Z",
        "2026-11-01T00:00:00.Z", "2026-11-01T00:00:00Zjunk", "2026-1-01",
    ])
    func refusesAnythingElse(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func agreesWithFoundationOverManyInstants() {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for _ in 0..<2_000 {
            let milliseconds = Int64.random(in: 0...4_102_444_799_999, using: &generator)
            // Half a millisecond in: a whole millisecond as a double may lie just below it, and Foundation truncates.
            let date = Date(timeIntervalSince1970: (Double(milliseconds) + 0.5) / 1000)
            let time = Timestamp(millisecondsSinceEpoch: milliseconds)
            #expect(time.iso8601 == date.formatted(style), "\(milliseconds)")
        }
    }

    @Test func movesByDurationsAndSortsLikeItsText() {
        let time = Timestamp(millisecondsSinceEpoch: 1_000_000)
        #expect(time.advanced(by: .seconds(-2)).millisecondsSinceEpoch == 998_000)
        #expect(time.advanced(by: .milliseconds(1500)).millisecondsSinceEpoch == 1_001_500)
        #expect(time < time.advanced(by: .milliseconds(1)))
        #expect(time.iso8601 < time.advanced(by: .milliseconds(1)).iso8601)
    }
}
