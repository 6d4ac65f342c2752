/// Calendar arithmetic for the generator, without Foundation (proleptic Gregorian, UTC).
enum CivilTime {
    /// Epoch milliseconds of 2018-01-01T00:00:00Z.
    static let year2018: Int64 = 1_514_764_800_000
    /// Epoch milliseconds of 2025-10-01T00:00:00Z.
    static let october2025: Int64 = 1_759_276_800_000
    /// Milliseconds in one day.
    static let day: Int64 = 86_400_000

    /// `epochMilliseconds` as ISO-8601 with milliseconds and `Z`, e.g. `2024-01-10T12:00:00.000Z`.
    static func iso8601(epochMilliseconds: Int64) -> String {
        let days = floorDivide(epochMilliseconds, day)
        let millisOfDay = epochMilliseconds - days * day
        let (year, month, dayOfMonth) = civil(fromDays: days)
        let hours = millisOfDay / 3_600_000
        let minutes = millisOfDay / 60_000 % 60
        let seconds = millisOfDay / 1000 % 60
        let millis = millisOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))T"
            + "\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(millis, 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or `+00:00`) to epoch milliseconds; nil for anything else.
    static func epochMilliseconds(iso8601 text: String) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let dayOfMonth = number(8..<10),
            let hours = number(11..<13), let minutes = number(14..<16), let seconds = number(17..<19),
            (1...12).contains(month), (1...31).contains(dayOfMonth), hours < 24, minutes < 60, seconds < 61
        else { return nil }
        var index = 19
        var millis: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            var end = index + 1
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            guard end > index + 1, let fraction = number((index + 1)..<min(end, index + 4)) else { return nil }
            millis = fraction * [100, 10, 1][min(end, index + 4) - index - 2]
            index = end
        }
        let zone = String(decoding: bytes[index...], as: UTF8.self)
        guard zone == "Z" || zone == "+00:00" else { return nil }
        return epochMilliseconds(year: year, month: month, day: dayOfMonth)
            + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + millis
    }

    /// The calendar date of `epochMilliseconds` as `YYYY-MM-DD`.
    static func date(epochMilliseconds: Int64) -> String {
        let (year, month, dayOfMonth) = civil(fromDays: floorDivide(epochMilliseconds, day))
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))"
    }

    /// Epoch milliseconds at midnight UTC of the given date.
    static func epochMilliseconds(year: Int64, month: Int64, day dayOfMonth: Int64) -> Int64 {
        days(fromCivil: year, month, dayOfMonth) * day
    }

    /// Howard Hinnant's `civil_from_days`.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }

    /// Howard Hinnant's `days_from_civil`.
    private static func days(fromCivil year: Int64, _ month: Int64, _ dayOfMonth: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + dayOfMonth - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func floorDivide(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let quotient = lhs / rhs
        return (lhs % rhs != 0 && (lhs < 0) != (rhs < 0)) ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
