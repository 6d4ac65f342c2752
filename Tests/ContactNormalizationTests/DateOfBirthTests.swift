import ContactNormalization
import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

@Suite("DateOfBirth")
struct DateOfBirthTests {
    @Test("every shape the API sends, and what is not a date", arguments: [
        (#""1990-01-15""#, "1990-01-15"),
        (#""1990-09-25T00:00:00.000Z""#, "1990-09-25"),
        (#""1990-09-25T23:59:59.999+05:30""#, "1990-09-25"),
        (#""1990-01-15 10:00""#, "1990-01-15"),
        (#""2000-02-29""#, "2000-02-29"),
        (#""0001-01-01""#, "0001-01-01"),
        ("631152000000", "1990-01-01"),
        ("-86400000", "1969-12-31"),
        ("-1", "1969-12-31"),
        ("0", "1970-01-01"),
        ("-0", "1970-01-01"),
        ("86399999", "1970-01-01"),
        ("86400000", "1970-01-02"),
        ("951782400000", "2000-02-29"),
        ("951868799999", "2000-02-29"),
        ("951868800000", "2000-03-01"),
        ("631152000000.75", "1990-01-01"),
        ("6.3115200e11", "1990-01-01"),
        ("-0.5", "1969-12-31"),
        ("253402300799999", "9999-12-31"),
        ("-62167219200000", "0000-01-01"),
        ("null", nil),
        (#""1990-13-01""#, nil),
        (#""1990-00-10""#, nil),
        (#""1990-02-30""#, nil),
        (#""1900-02-29""#, nil),
        (#""2001-02-29""#, nil),
        (#""1990-04-31""#, nil),
        (#""1990-01-00""#, nil),
        (#""1990-01-32""#, nil),
        (#""not a date""#, nil),
        (#""""#, nil),
        (#""1990-1-15""#, nil),
        (#""1990/01/15""#, nil),
        (#""19900-01-15""#, nil),
        (#""1990-01-15X""#, nil),
        (#""1990-01-15Z""#, nil),
        (#""1990-01-1""#, nil),
        (#""631152000000""#, nil),
        (#""１９９０-01-15""#, nil),
        ("true", nil),
        ("false", nil),
        ("1e300", nil),
        ("-1e300", nil),
        ("1e400", nil),
        ("253402300800000", nil),
        ("-62167219200001", nil),
        ("[]", nil),
        (#"["1990-01-15"]"#, nil),
        (#"{"date": "1990-01-15"}"#, nil),
    ] as [(String, String?)])
    func normalize(value: String, expected: String?) throws {
        #expect(DateOfBirth.normalize(try json(value)) == expected)
    }

    @Test("every day of a leap year and the next year converts from epoch milliseconds and back to the same text")
    func everyDay() {
        // 2000-01-01 is day 10957; 2000 and 2001 together have 731 days.
        var previous = "1999-12-31"
        var seen = 0
        for day in 10_957..<(10_957 + 731) {
            let milliseconds = JSONValue.number(JSONNumber(text: String(day * 86_400_000)))
            guard let date = DateOfBirth.normalize(milliseconds) else {
                Issue.record("day \(day) gave nil")
                continue
            }
            #expect(date > previous, "\(date) after \(previous)")
            #expect(DateOfBirth.normalize(.string(date)) == date)
            previous = date
            seen += 1
        }
        #expect(seen == 731)
        #expect(previous == "2001-12-31")
    }
}
