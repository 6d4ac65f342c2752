import HighLevelAPI
import Testing

@testable import ContactSync
import LosslessJSON
import TestSupport

@Suite struct RateLimitStateTests {
    @Test func slidingWindowAllowsTheBudgetThenWaitsForTheOldestToExpire() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 3, interval: .seconds(1)))
        let margin = state.margin
        #expect((0..<3).map { _ in state.reserve(now: .zero) } == [.zero, .zero, .zero])
        #expect(state.reserve(now: .zero) == .seconds(1) + margin, "the fourth waits for the oldest to leave the window")
        #expect(state.reserve(now: .zero) == .seconds(1) + margin, "a wait takes nothing: asking again says the same")
        #expect(state.sends.count == 3)
        let later = Duration.seconds(1) + margin
        #expect((0..<3).map { _ in state.reserve(now: later) } == [later, later, later])
        #expect(state.reserve(now: later) == .seconds(2) + margin * 2)
    }

    /// Sends at most the budget per interval whatever the callers do: each asks, and when told to wait,
    /// asks again at the time it was given (or later).
    @Test func anyWindowOfOneIntervalHoldsAtMostTheBudget() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 10, interval: .milliseconds(100)))
        var now = Duration.zero
        var sends: [Duration] = []
        for step in 0..<500 {
            var slot = state.reserve(now: now)
            while slot > now {
                now = slot
                slot = state.reserve(now: now)
            }
            sends.append(slot)
            now += .microseconds(Int64(step % 7) * 300)
        }
        for (index, start) in sends.enumerated() {
            let inWindow = sends[index...].prefix { $0 < start + .milliseconds(100) }.count
            #expect(inWindow <= 10)
        }
        // And the pace is close to the budget: 500 sends at 10 per 100 ms take about 5 s.
        #expect(sends.last! < .milliseconds(5_200))
    }

    /// More workers than the budget, against a server with fixed windows that reports `Remaining`: the
    /// budget is used in full, without a 429. (Workers that held future slots gave them up whenever a response
    /// moved the pause, and the slots reserved after theirs pushed them a window later: 8 workers at 4 per 2 s
    /// sent about 1 a second.)
    @Test(arguments: [(8, 4, 2_000), (8, 100, 10_000), (32, 10, 1_000), (3, 4, 2_000)])
    func moreWorkersThanTheBudgetStillUseAllOfIt(workers: Int, maximum: Int, intervalMilliseconds: Int64) {
        let interval = Duration.milliseconds(intervalMilliseconds)
        let latency = Duration.milliseconds(12)
        var state = RateLimitState(policy: RateLimitPolicy(maximum: maximum, interval: interval))
        var ready = Array(repeating: Duration.zero, count: workers)  // when each worker asks next
        var windowStart: Duration?
        var windowCount = 0
        var (accepted, refused) = (0, 0)
        let end = interval * 30
        while let worker = ready.indices.min(by: { ready[$0] < ready[$1] }), ready[worker] < end {
            let now = ready[worker]
            let slot = state.reserve(now: now)
            guard slot <= now else {
                ready[worker] = slot
                continue
            }
            // The server counts arrivals in fixed windows that start with the first arrival after the last ended.
            let arrival = now + latency / 2
            if windowStart.map({ arrival - $0 >= interval }) ?? true { (windowStart, windowCount) = (arrival, 0) }
            windowCount += 1
            let status = windowCount > maximum ? 429 : 200
            if status == 429 { refused += 1 } else { accepted += 1 }
            state.record(
                status: status,
                headers: RateLimitHeaders(max: maximum, remaining: max(0, maximum - windowCount), intervalMilliseconds: Int(intervalMilliseconds)),
                sentAt: now, now: now + latency)
            ready[worker] = now + latency
        }
        let allowed = 30 * maximum
        #expect(refused == 0)
        #expect(Double(accepted) >= 0.95 * Double(min(allowed, Int(end / latency) * workers)), "\(accepted) of \(allowed) allowed")
    }

    @Test func headersReplaceAWrongConfiguredBudget() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 1000, interval: .seconds(1)))
        state.record(status: 200, headers: RateLimitHeaders(max: 100, remaining: 99, intervalMilliseconds: 10_000), sentAt: .zero, now: .zero)
        #expect(state.policy == RateLimitPolicy(maximum: 100, interval: .seconds(10)))
    }

    @Test func a429HoldsEveryoneForRetryAfterElseTheIntervalElseBackoff() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 100, interval: .seconds(10)))
        state.record(status: 429, headers: RateLimitHeaders(retryAfterSeconds: 2.5), sentAt: .zero, now: .seconds(1))
        #expect(state.pausedUntil == .milliseconds(3_500))
        #expect(state.reserve(now: .seconds(1)) == .milliseconds(3_500))

        var byInterval = RateLimitState(policy: RateLimitPolicy(maximum: 100, interval: .seconds(10)))
        byInterval.record(status: 429, headers: RateLimitHeaders(intervalMilliseconds: 4_000), sentAt: .zero, now: .seconds(1))
        #expect(byInterval.pausedUntil == .seconds(5))

        var backoff = RateLimitState(policy: RateLimitPolicy(maximum: 100, interval: .seconds(10)))
        backoff.record(status: 429, headers: RateLimitHeaders(), sentAt: .zero, now: .zero)
        #expect(backoff.pausedUntil == .seconds(1))
        backoff.record(status: 429, headers: RateLimitHeaders(), sentAt: .zero, now: .seconds(1))
        #expect(backoff.pausedUntil == .seconds(3))
        backoff.record(status: 200, headers: RateLimitHeaders(), sentAt: .zero, now: .seconds(3))
        backoff.record(status: 429, headers: RateLimitHeaders(), sentAt: .zero, now: .seconds(4))
        #expect(backoff.pausedUntil == .seconds(5), "a success resets the backoff")
    }

    @Test func remainingZeroHoldsUntilTheServerWindowResets() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 5, interval: .seconds(1)))
        state.record(status: 200, headers: RateLimitHeaders(max: 5, remaining: 4, intervalMilliseconds: 1000), sentAt: .milliseconds(100), now: .milliseconds(110))
        state.record(status: 200, headers: RateLimitHeaders(max: 5, remaining: 0, intervalMilliseconds: 1000), sentAt: .milliseconds(200), now: .milliseconds(210))
        #expect(state.pausedUntil == .milliseconds(1_110) + state.margin, "the window opened by the time its first answer arrived")
    }

    @Test func dailyRemainingZeroStopsSending() {
        var state = RateLimitState(policy: .documented)
        #expect(!state.dailyQuotaExhausted)
        state.record(status: 200, headers: RateLimitHeaders(dailyLimit: 200_000, dailyRemaining: 0), sentAt: .zero, now: .zero)
        #expect(state.dailyQuotaExhausted)
    }

    @Test(arguments: [
        ("100/10", RateLimitPolicy(maximum: 100, interval: .seconds(10))),
        ("5/0.5", RateLimitPolicy(maximum: 5, interval: .milliseconds(500))),
    ])
    func policiesParse(text: String, expected: RateLimitPolicy) {
        #expect(RateLimitPolicy(parsing: text) == expected)
        #expect(RateLimitPolicy(parsing: expected.description) == expected)
    }

    @Test(arguments: ["", "100", "0/10", "100/0", "-1/10", "a/b", "100/10/1", "100/-5", "100/nan"])
    func badPoliciesAreRefused(text: String) {
        #expect(RateLimitPolicy(parsing: text) == nil)
    }

    @Test func backoffGrowsExponentiallyWithJitterAndACap() {
        let policy = RetryPolicy(initial: .milliseconds(500), maximum: .seconds(30))
        #expect(policy.delay(afterAttempt: 1, unit: 0) == .milliseconds(250))
        #expect(policy.delay(afterAttempt: 1, unit: 0.999_999) < .milliseconds(500))
        #expect(policy.delay(afterAttempt: 3, unit: 0) == .seconds(1))
        #expect(policy.delay(afterAttempt: 30, unit: 1) == .seconds(30))
    }
}
