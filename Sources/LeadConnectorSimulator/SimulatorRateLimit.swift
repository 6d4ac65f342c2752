/// A fixed-window burst limit: at most `max` requests per `interval`.
package struct SimulatorRateLimit: Sendable, Equatable {
    /// Requests allowed in one window.
    package var max: Int
    /// The window length; a window starts with the first request after the previous one ended.
    package var interval: Duration

    /// A limit of `max` requests per `interval`.
    package init(max: Int, interval: Duration) {
        (self.max, self.interval) = (max, interval)
    }
}

extension SimulatorRateLimit {
    /// `N/SECONDS`, e.g. `100/10` or `50/0.5`; nil for anything else.
    package init?(parsing text: String) {
        guard let slash = text.firstIndex(of: "/"), let count = Int(text[..<slash]),
            let seconds = Double(text[text.index(after: slash)...]), count > 0, seconds.isFinite, seconds > 0
        else { return nil }
        self.init(max: count, interval: .milliseconds(Int64((seconds * 1000).rounded())))
    }
}
