package import HighLevelAPI

/// Thrown by ``RateLimiter/waitForPermit()`` once the API said the daily quota is used up.
package struct DailyQuotaExhausted: Error, Sendable {}

/// Paces every fetcher of a run against one shared budget (see ``RateLimitState`` for the rules).
package actor RateLimiter<C: Clock> where C.Duration == Duration {
    private var state: RateLimitState
    private let clock: C
    private let start: C.Instant

    /// Creates a limiter starting from `policy`, timed by `clock`.
    package init(policy: RateLimitPolicy, clock: C) {
        self.state = RateLimitState(policy: policy)
        self.clock = clock
        self.start = clock.now
    }

    /// The budget currently believed (configured, or learned from headers).
    package var policy: RateLimitPolicy { state.policy }

    /// Waits until a request may be sent; returns the send time to pass back to ``record(status:headers:sentAt:)``.
    /// Throws `CancellationError` when the task is cancelled and ``DailyQuotaExhausted`` when the day's quota is gone.
    package func waitForPermit() async throws -> Duration {
        while true {
            if state.dailyQuotaExhausted { throw DailyQuotaExhausted() }
            try Task.checkCancellation()
            let now = elapsed()
            let slot = state.reserve(now: now)
            if slot <= now { return now }
            // Ask again then: a response may have moved the pause, and other waiters may be first.
            try await clock.sleep(for: slot - now, tolerance: nil)
        }
    }

    /// Records what a response said about the budget.
    package func record(status: Int?, headers: RateLimitHeaders, sentAt: Duration) {
        state.record(status: status, headers: headers, sentAt: sentAt, now: elapsed())
    }

    private func elapsed() -> Duration {
        start.duration(to: clock.now)
    }
}
