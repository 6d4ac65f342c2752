/// A contact id that is safe to put in a URL path: 1–64 ASCII letters and digits.
///
/// HighLevel's ids are 20 characters of `[A-Za-z0-9]`; nothing else is ever sent to the API, so an id
/// file cannot smuggle `../`, `%2F` or a query string into a request.
package struct ContactID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The longest id accepted.
    package static let maximumLength = 64

    /// The id text.
    package let rawValue: String

    /// Validates `text`; nil unless it is 1–64 ASCII letters and digits.
    package init?(_ text: some StringProtocol) {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= Self.maximumLength else { return nil }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"):
                continue
            default:
                return nil
            }
        }
        rawValue = String(text)
    }

    package var description: String { rawValue }

    package static func < (lhs: ContactID, rhs: ContactID) -> Bool { lhs.rawValue < rhs.rawValue }
}
