/// A fixed-window burst limit: at most `max` requests per `interval`.
public struct SimulatorRateLimit: Sendable, Equatable {
    /// Requests allowed in one window.
    public var max: Int
    /// The window length; a window starts with the first request after the previous one ended.
    public var interval: Duration

    /// A limit of `max` requests per `interval`.
    public init(max: Int, interval: Duration) {
        self.max = max
        self.interval = interval
    }
}
