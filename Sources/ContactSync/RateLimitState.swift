import HighLevelAPI

/// The rate limiter's bookkeeping, free of clocks and sleeping so it can be tested exactly.
///
/// Times are offsets from the limiter's start. Pacing is a sliding window over the send times taken (at most
/// `maximum` sends in any `interval`, plus a small margin), which never overfills the server's fixed
/// windows. Only sends that happen now are recorded: a caller told to wait asks again when its time comes.
/// (Holding future slots instead goes wrong as soon as a response moves the pause: the holders must give
/// their slots up, and the slots reserved after them, now stale, push everyone a whole window later — with
/// more workers than the budget, that halved the rate.) Responses correct it: `X-RateLimit-Max` and
/// `-Interval-Milliseconds` replace the configured budget, `Remaining: 0` holds sends until the server's
/// window has surely reset (sending by the sliding window alone is not enough: the server counts arrivals,
/// which lag sends by the connection's delay), a 429 holds every worker for `Retry-After`, else the interval,
/// else an exponential backoff, and `X-RateLimit-Daily-Remaining: 0` stops sending for the day.
struct RateLimitState {
    private(set) var policy: RateLimitPolicy
    /// The send times taken within the last interval (and margin), ascending.
    private(set) var sends: [Duration] = []
    private(set) var pausedUntil: Duration = .zero
    private(set) var dailyQuotaExhausted = false
    private var consecutiveRateLimited = 0
    /// When the server's current window started at the latest: the arrival of a response with
    /// `Remaining == Max - 1` (the request opened the window somewhere between its send and that arrival).
    private var serverWindowStart: Duration?

    init(policy: RateLimitPolicy) {
        self.policy = policy
    }

    /// Slack added to the window so that requests sent exactly one interval apart never meet in one server window.
    var margin: Duration { policy.interval / 50 }

    /// The earliest time at or after `now` when a send keeps the budget. When that is `now`, the send is
    /// taken (recorded) and `now` returned; otherwise nothing is recorded and the caller asks again then.
    mutating func reserve(now: Duration) -> Duration {
        let horizon = now - policy.interval - margin
        if let firstKept = sends.firstIndex(where: { $0 > horizon }), firstKept > 0 {
            sends.removeFirst(firstKept)
        } else if sends.last.map({ $0 <= horizon }) == true {
            sends.removeAll(keepingCapacity: true)
        }
        var slot = max(now, pausedUntil)
        if sends.count >= policy.maximum {
            slot = max(slot, sends[sends.count - policy.maximum] + policy.interval + margin)
        }
        guard slot <= now else { return slot }
        sends.append(now)
        return now
    }

    /// Learns from one response: `status` and its headers, for a request sent at `sentAt`, seen at `now`.
    mutating func record(status: Int?, headers: RateLimitHeaders, sentAt: Duration, now: Duration) {
        if let maximum = headers.max, let milliseconds = headers.intervalMilliseconds {
            policy = RateLimitPolicy(maximum: maximum, interval: .milliseconds(milliseconds))
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
        pausedUntil = max(pausedUntil, instant)
    }
}
