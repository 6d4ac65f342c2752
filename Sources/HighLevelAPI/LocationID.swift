/// A location (sub-account) id that is safe to put in a URL path or a request body: 1–64 ASCII letters and
/// digits, the same rule as ``ContactID``.
package struct LocationID: Sendable, Hashable, CustomStringConvertible {
    /// The id text.
    package let rawValue: String

    /// Validates `text`; nil unless it is 1–64 ASCII letters and digits.
    package init?(_ text: some StringProtocol) {
        guard let valid = ContactID(text) else { return nil }
        rawValue = valid.rawValue
    }

    package var description: String { rawValue }
}
