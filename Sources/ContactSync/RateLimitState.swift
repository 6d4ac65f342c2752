import HighLevelAPI

/// The rate limiter's bookkeeping, free of clocks and sleeping so it can be tested exactly.
///
/// Times are offsets from the limiter's start. Pacing is a sliding window over reserved send times (at most
/// `maximum` sends in any `interval`, plus a small margin), which never overfills the server's fixed
/// windows. Responses correct it: `X-RateLimit-Max` and `-Interval-Milliseconds` replace the configured
/// budget, `Remaining: 0` holds sends until the server's window has surely reset (sending by the sliding window
/// alone is not enough: the server counts arrivals, which lag sends by the connection's delay), a 429 holds every
/// worker for `Retry-After`, else the interval, else an exponential backoff, and
/// `X-RateLimit-Daily-Remaining: 0` stops sending for the day.
struct RateLimitState {
    private(set) var policy: RateLimitPolicy
    /// Reserved send times, ascending.
    private(set) var reservations: [Duration] = []
    private(set) var pausedUntil: Duration = .zero
    private(set) var dailyQuotaExhausted = false
    /// Changes whenever reserved slots may have become wrong (a pause, a new budget).
    private(set) var generation = 0
    private var consecutiveRateLimited = 0
    /// When the server's current window started at the latest: the arrival of a response with
    /// `Remaining == Max - 1` (the request opened the window somewhere between its send and that arrival).
    private var serverWindowStart: Duration?

    init(policy: RateLimitPolicy) {
        self.policy = policy
    }

    /// Slack added to the window so that requests sent exactly one interval apart never meet in one server window.
    var margin: Duration { policy.interval / 50 }

    /// Reserves the earliest send time at or after `now` that keeps the budget; returns it.
    mutating func reserve(now: Duration) -> Duration {
        let horizon = now - policy.interval - margin
        if let firstKept = reservations.firstIndex(where: { $0 > horizon }), firstKept > 0 {
            reservations.removeFirst(firstKept)
        } else if reservations.last.map({ $0 <= horizon }) == true {
            reservations.removeAll(keepingCapacity: true)
        }
        var slot = max(now, pausedUntil)
        if reservations.count >= policy.maximum {
            slot = max(slot, reservations[reservations.count - policy.maximum] + policy.interval + margin)
        }
        let index = reservations.lastIndex(where: { $0 <= slot }).map { $0 + 1 } ?? 0
        reservations.insert(slot, at: index)
        return slot
    }

    /// Gives back a reservation that will not be used (its sleeper must re-reserve).
    mutating func release(_ slot: Duration) {
        if let index = reservations.lastIndex(of: slot) { reservations.remove(at: index) }
    }

    /// Learns from one response: `status` and its headers, for a request sent at `sentAt`, seen at `now`.
    mutating func record(status: Int?, headers: RateLimitHeaders, sentAt: Duration, now: Duration) {
        if let maximum = headers.max, let milliseconds = headers.intervalMilliseconds {
            let learned = RateLimitPolicy(maximum: maximum, interval: .milliseconds(milliseconds))
            if learned != policy {
                policy = learned
                generation += 1
            }
        }
        if let dailyRemaining = headers.dailyRemaining, dailyRemaining == 0 {
            dailyQuotaExhausted = true
        }
        if let remaining = headers.remaining, let maximum = headers.max {
            if remaining == maximum - 1 { serverWindowStart = now }
            if remaining == 0, status != 429 {
                let reset = serverWindowStart.map { $0 + policy.interval + margin } ?? (now + policy.interval)
                pause(until: min(reset, now + policy.interval + margin))
            }
        }
        if status == 429 {
            consecutiveRateLimited += 1
            let wait: Duration
            if let seconds = headers.retryAfterSeconds {
                wait = .milliseconds(Int64((min(seconds, RateLimitHeaders.maximumRetryAfterSeconds) * 1000).rounded(.up)))
            } else if let milliseconds = headers.intervalMilliseconds {
                wait = .milliseconds(milliseconds)
            } else {
                wait = min(.seconds(1) * (1 << min(consecutiveRateLimited - 1, 6)), .seconds(60))
            }
            pause(until: now + wait)
        } else if status != nil {
            consecutiveRateLimited = 0
        }
    }

    private mutating func pause(until instant: Duration) {
        guard instant > pausedUntil else { return }
        pausedUntil = instant
        generation += 1
    }
}
