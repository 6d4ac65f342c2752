/// A burst budget: at most `maximum` requests in any `interval` (HighLevel documents 100 per 10 s).
package struct RateLimitPolicy: Sendable, Equatable, CustomStringConvertible {
    package var maximum: Int
    package var interval: Duration

    package init(maximum: Int, interval: Duration) {
        self.maximum = maximum
        self.interval = interval
    }

    /// HighLevel's documented burst limit.
    package static let documented = RateLimitPolicy(maximum: 100, interval: .seconds(10))

    /// Parses `N/SECONDS`, e.g. `100/10` or `50/2.5`.
    package init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let maximum = Int(parts[0]), maximum > 0, maximum <= 1_000_000,
            let seconds = Double(parts[1]), seconds.isFinite, seconds > 0, seconds <= 86_400
        else { return nil }
        self.init(maximum: maximum, interval: .milliseconds(Int64((seconds * 1000).rounded())))
        guard interval > .zero else { return nil }
    }

    package var description: String {
        let milliseconds = interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(maximum)/\(milliseconds / 1000)" : "\(maximum)/\(Double(milliseconds) / 1000)"
    }
}
