import HighLevelAPI
import Testing

@testable import ContactSync
import LosslessJSON
import TestSupport

@Suite struct RateLimitStateTests {
    @Test func slidingWindowAllowsTheBudgetThenWaitsForTheOldestToExpire() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 3, interval: .seconds(1)))
        let slots = (0..<7).map { _ in state.reserve(now: .zero) }
        let margin = state.margin
        #expect(slots[0...2].allSatisfy { $0 == .zero })
        #expect(slots[3...5].allSatisfy { $0 == .seconds(1) + margin })
        #expect(slots[6] == .seconds(2) + margin * 2)
    }

    @Test func anyWindowOfOneIntervalHoldsAtMostTheBudget() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 10, interval: .milliseconds(100)))
        var now = Duration.zero
        var sends: [Duration] = []
        for step in 0..<500 {
            let slot = state.reserve(now: now)
            sends.append(slot)
            now = max(now, slot) + .microseconds(Int64(step % 7) * 300)
        }
        for (index, start) in sends.enumerated() {
            let inWindow = sends[index...].prefix { $0 < start + .milliseconds(100) }.count
            #expect(inWindow <= 10)
        }
        // And the pace is close to the budget: 500 sends at 10 per 100 ms take about 5 s.
        #expect(sends.last! < .milliseconds(5_200))
    }

    @Test func headersReplaceAWrongConfiguredBudget() {
        var state = RateLimitState(policy: RateLimitPolicy(maximum: 1000, interval: .seconds(1)))
        let generation = state.generation
        state.record(status: 200, headers: RateLimitHeaders(max: 100, remaining: 99, intervalMilliseconds: 10_000), sentAt: .zero, now: .zero)
        #expect(state.policy == RateLimitPolicy(maximum: 100, interval: .seconds(10)))
        #expect(state.generation > generation)
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
