#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A UTC instant with millisecond precision, and its one text form: ISO-8601 with milliseconds and `Z`
/// (`2026-11-27T20:50:01.123Z`), the format of every time the database, logs and summaries hold.
///
/// The text of two timestamps sorts like the timestamps (for years 0-9999), which the schema relies on when it
/// compares stored times as text.
package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    package var millisecondsSinceEpoch: Int64

    package init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Seconds since 1970, rounded down to the millisecond.
    package init(secondsSinceEpoch seconds: Double) {
        millisecondsSinceEpoch = Int64((seconds * 1000).rounded(.down))
    }

    /// The system's wall clock now.
    package static func now() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(millisecondsSinceEpoch: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000)
    }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// This instant moved by `duration` (negative to go back).
    package func advanced(by duration: Duration) -> Timestamp {
        let (seconds, attoseconds) = duration.components
        return Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// The UTC calendar date: year, month (1-12) and day (1-31).
    package var date: (year: Int, month: Int, day: Int) {
        let parts = brokenDown.parts
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    /// The UTC calendar fields (`gmtime`) and the milliseconds past the second.
    private var brokenDown: (parts: tm, milliseconds: Int32) {
        let milliseconds = millisecondsSinceEpoch
        var whole = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        var parts = tm()
        gmtime_r(&whole, &parts)
        return (parts, Int32(milliseconds - Int64(whole) * 1000))
    }

    /// `2026-11-27T20:50:01.123Z`.
    package var iso8601: String {
        let (parts, fraction) = brokenDown
        var text = ""
        text.reserveCapacity(24)
        func append(_ value: Int32, width: Int) {
            let digits = String(value)
            for _ in digits.count..<width { text += "0" }
            text += digits
        }
        append(parts.tm_year + 1900, width: 4)
        text += "-"
        append(parts.tm_mon + 1, width: 2)
        text += "-"
        append(parts.tm_mday, width: 2)
        text += "T"
        append(parts.tm_hour, width: 2)
        text += ":"
        append(parts.tm_min, width: 2)
        text += ":"
        append(parts.tm_sec, width: 2)
        text += "."
        append(fraction, width: 3)
        text += "Z"
        return text
    }

    package var description: String { iso8601 }

    /// Parses ISO-8601: a date-time with a zone (`Z` or `±HH:MM`; seconds and a fraction optional, the
    /// fraction cut to milliseconds), or a plain date (`2026-11-01`, midnight UTC). Nil for anything else.
    package init?(iso8601 text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.take("-"), let month = scanner.number(digits: 2),
            scanner.take("-"), let day = scanner.number(digits: 2), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Self.daysFromCivil(year: year, month: month, day: day) * 86_400
        var milliseconds: Int64 = 0
        if scanner.isAtEnd {
            self.init(millisecondsSinceEpoch: seconds * 1000)
            return
        }
        guard scanner.take("T") || scanner.take("t") || scanner.take(" "), let hour = scanner.number(digits: 2),
            scanner.take(":"), let minute = scanner.number(digits: 2), hour < 24, minute < 60
        else { return nil }
        seconds += hour * 3600 + minute * 60
        if scanner.take(":") {
            guard let second = scanner.number(digits: 2), second < 61 else { return nil }
            seconds += second
            if scanner.take(".") || scanner.take(",") {
                var digits = 0
                while let digit = scanner.digit() {
                    if digits < 3 { milliseconds = milliseconds * 10 + digit }
                    digits += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 3)..<3 { milliseconds *= 10 }
            }
        }
        if scanner.take("Z") || scanner.take("z") {
            // UTC
        } else if let sign: Int64 = scanner.take("+") ? 1 : (scanner.take("-") ? -1 : nil) {
            guard let zoneHours = scanner.number(digits: 2) else { return nil }
            _ = scanner.take(":")
            guard let zoneMinutes = scanner.number(digits: 2), zoneHours < 24, zoneMinutes < 60 else { return nil }
            seconds -= sign * (zoneHours * 3600 + zoneMinutes * 60)
        } else {
            return nil
        }
        guard scanner.isAtEnd else { return nil }
        self.init(millisecondsSinceEpoch: seconds * 1000 + milliseconds)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil: days since 1970-01-01.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Reads ASCII digits and punctuation off a byte array, for ``Timestamp/init(iso8601:)``.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int64? {
        guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else { return nil }
        defer { index += 1 }
        return Int64(bytes[index] - UInt8(ascii: "0"))
    }

    mutating func number(digits: Int) -> Int64? {
        let start = index
        var value: Int64 = 0
        for _ in 0..<digits {
            guard let digit = digit() else {
                index = start
                return nil
            }
            value = value * 10 + digit
        }
        return value
    }
}
