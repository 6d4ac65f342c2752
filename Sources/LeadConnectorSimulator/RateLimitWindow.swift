/// The fixed-window burst limit and the daily limit, as pure state over clock instants.
///
/// A window starts with the first request after the previous window ended and lasts `interval`. Requests
/// answered 429 still count against the window and the day (as a gateway that counts every call it sees
/// would), but they never extend a window: the budget comes back when the window ends, however hard the
/// client keeps knocking.
struct RateLimitWindow: Sendable {
    /// What one request learns about the limits, mirrored into the `X-RateLimit-*` headers.
    struct Status: Sendable, Equatable {
        var isLimited: Bool
        var max: Int
        var remaining: Int
        var intervalMilliseconds: Int64
        var dailyLimit: Int
        var dailyRemaining: Int
        /// Whole seconds (rounded up) until the limit that was hit resets; 0 when not limited.
        var retryAfterSeconds: Int
    }

    /// The headers' stand-in when the burst limit is switched off.
    static let unlimited = SimulatorRateLimit(max: 1_000_000, interval: .seconds(10))
    static let day = Duration.seconds(86_400)

    let limit: SimulatorRateLimit
    let enforcesLimit: Bool
    let dailyLimit: Int
    private var windowStart: ContinuousClock.Instant?
    private var windowCount = 0
    private var dayStart: ContinuousClock.Instant?
    private var dayCount = 0

    init(limit: SimulatorRateLimit?, dailyLimit: Int) {
        self.limit = limit ?? Self.unlimited
        self.enforcesLimit = limit != nil
        self.dailyLimit = dailyLimit
    }

    /// Counts a request made at `now` and says whether it is over a limit.
    mutating func admit(at now: ContinuousClock.Instant) -> Status {
        roll(to: now)
        if windowStart == nil { windowStart = now }
        if dayStart == nil { dayStart = now }
        windowCount += 1
        dayCount += 1
        return status(at: now)
    }

    /// The limits as they stand at `now`, without counting a request.
    func peek(at now: ContinuousClock.Instant) -> Status {
        var copy = self
        copy.roll(to: now)
        return copy.status(at: now)
    }

    private mutating func roll(to now: ContinuousClock.Instant) {
        if let start = windowStart, now - start >= limit.interval {
            windowStart = nil
            windowCount = 0
        }
        if let start = dayStart, now - start >= Self.day {
            dayStart = nil
            dayCount = 0
        }
    }

    private func status(at now: ContinuousClock.Instant) -> Status {
        let overWindow = enforcesLimit && windowCount > limit.max
        let overDay = dayCount > dailyLimit
        var retryAfter = 0
        if overWindow, let start = windowStart {
            retryAfter = Self.wholeSecondsRoundedUp(start + limit.interval - now)
        }
        if overDay, let start = dayStart {
            retryAfter = Swift.max(retryAfter, Self.wholeSecondsRoundedUp(start + Self.day - now))
        }
        return Status(
            isLimited: overWindow || overDay,
            max: limit.max,
            remaining: Swift.max(0, limit.max - windowCount),
            intervalMilliseconds: Self.milliseconds(limit.interval),
            dailyLimit: dailyLimit,
            dailyRemaining: Swift.max(0, dailyLimit - dayCount),
            retryAfterSeconds: retryAfter
        )
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// At least 1: a client told to retry after 0 seconds would spin.
    static func wholeSecondsRoundedUp(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Swift.max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
