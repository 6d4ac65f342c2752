/// A bearer token (or another secret: a client secret, a refresh token) that cannot leak through string
/// interpolation, logging or `dump`.
package struct AccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: String

    /// Wraps a token, trimming surrounding whitespace and newlines; nil when nothing is left or when it
    /// contains characters that cannot appear in an HTTP header.
    package init?(_ text: String) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        secret = trimmed
    }

    /// The `Authorization` header value.
    package var authorizationHeaderValue: String { "Bearer \(secret)" }

    /// The secret itself, for the two places that must send or store it: a form field of an OAuth request and
    /// the credentials file.
    package var secretValue: String { secret }

    /// Whether `text` contains the secret (used to prove nothing leaked).
    package func appears(in text: String) -> Bool { text.contains(secret) }

    package var description: String { "<redacted token>" }
    package var debugDescription: String { "<redacted token>" }
    package var customMirror: Mirror { Mirror(self, children: []) }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (space, tab, CR, LF).
    package func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }),
            let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
