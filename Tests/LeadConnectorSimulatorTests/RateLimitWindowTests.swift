import Testing

@testable import LeadConnectorSimulator

@Suite("Rate-limit window")
struct RateLimitWindowTests {
    let start = ContinuousClock.now

    @Test("a fixed window allows max requests, then 429s until it ends")
    func fixedWindow() {
        var window = RateLimitWindow(limit: SimulatorRateLimit(max: 3, interval: .seconds(10)), dailyLimit: 100)
        let remaining = (0..<3).map { window.admit(at: start + .seconds($0)).remaining }
        #expect(remaining == [2, 1, 0])
        let limited = window.admit(at: start + .milliseconds(3_500))
        #expect(limited.isLimited)
        #expect(limited.remaining == 0)
        #expect(limited.retryAfterSeconds == 7)
        #expect(limited.intervalMilliseconds == 10_000)
        #expect(limited.dailyRemaining == 96, "429s count against the day too")
        let next = window.admit(at: start + .seconds(10))
        #expect(!next.isLimited)
        #expect(next.remaining == 2)
    }

    @Test("peeking does not count")
    func peek() {
        var window = RateLimitWindow(limit: SimulatorRateLimit(max: 5, interval: .seconds(1)), dailyLimit: 10)
        _ = window.admit(at: start)
        #expect(window.peek(at: start).remaining == 4)
        #expect(window.peek(at: start).remaining == 4)
        #expect(window.peek(at: start + .seconds(2)).remaining == 5)
    }

    @Test("the daily limit applies across windows")
    func daily() {
        var window = RateLimitWindow(limit: SimulatorRateLimit(max: 2, interval: .seconds(1)), dailyLimit: 3)
        let outcomes = (0..<5).map { window.admit(at: start + .seconds(2 * $0)).isLimited }
        #expect(outcomes == [false, false, false, true, true])
        let status = window.admit(at: start + .seconds(10))
        #expect(status.dailyRemaining == 0)
        #expect(status.retryAfterSeconds == 86_390)
        #expect(!window.admit(at: start + .seconds(86_400)).isLimited)
    }

    @Test("no burst limit still reports large numbers")
    func unlimited() {
        var window = RateLimitWindow(limit: nil, dailyLimit: 200_000)
        for offset in 0..<500 { #expect(!window.admit(at: start + .milliseconds(offset)).isLimited) }
        let status = window.peek(at: start + .seconds(1))
        #expect(status.max == 1_000_000)
        #expect(status.remaining == 999_500)
    }

    @Test("retry-after is whole seconds rounded up, at least 1")
    func rounding() {
        #expect(RateLimitWindow.wholeSecondsRoundedUp(.milliseconds(1)) == 1)
        #expect(RateLimitWindow.wholeSecondsRoundedUp(.zero) == 1)
        #expect(RateLimitWindow.wholeSecondsRoundedUp(.milliseconds(2_001)) == 3)
        #expect(RateLimitWindow.wholeSecondsRoundedUp(.seconds(4)) == 4)
    }
}
