package import LosslessJSON

/// Reads `dateOfBirth` in any shape the API sends and gives `YYYY-MM-DD`.
package enum DateOfBirth {
    /// `"1990-01-15"`, `"1990-09-25T00:00:00.000Z"` (the date part) or epoch milliseconds read as UTC;
    /// nil for null, anything else, or an impossible date.
    package static func normalize(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text):
            return isoDatePrefix(text)
        case .number(let number):
            let milliseconds = number.doubleValue
            // ±100,000 years of milliseconds; beyond that it is not a birth date.
            guard milliseconds.isFinite, abs(milliseconds) < 3.1e15 else { return nil }
            let days = Int64((milliseconds / 86_400_000).rounded(.down))
            return format(Timestamp(millisecondsSinceEpoch: days * 86_400_000).date)
        default:
            return nil
        }
    }

    private static func isoDatePrefix(_ text: String) -> String? {
        let utf8 = Array(text.utf8.prefix(11))
        guard utf8.count >= 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        if utf8.count == 11, utf8[10] != UInt8(ascii: "T"), utf8[10] != UInt8(ascii: " ") { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = utf8[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return format((year, month, day))
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func format(_ date: (year: Int, month: Int, day: Int)) -> String? {
        guard (0...9999).contains(date.year) else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }
}
