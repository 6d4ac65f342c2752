import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

@Suite("RateLimitHeaders")
struct RateLimitHeadersTests {
    @Test("all five X-RateLimit headers and Retry-After, names in any case", arguments: [
        ["X-RateLimit-Max", "X-RateLimit-Remaining", "X-RateLimit-Interval-Milliseconds", "X-RateLimit-Limit-Daily",
         "X-RateLimit-Daily-Remaining", "Retry-After"],
        ["x-ratelimit-max", "x-ratelimit-remaining", "x-ratelimit-interval-milliseconds", "x-ratelimit-limit-daily",
         "x-ratelimit-daily-remaining", "retry-after"],
        ["X-RATELIMIT-MAX", "X-RATELIMIT-REMAINING", "X-RATELIMIT-INTERVAL-MILLISECONDS", "X-RATELIMIT-LIMIT-DAILY",
         "X-RATELIMIT-DAILY-REMAINING", "RETRY-AFTER"],
        ["x-RateLimit-MAX", "X-Ratelimit-remaining", "x-rateLimit-Interval-milliSeconds", "X-rATElIMIT-lIMIT-dAILY",
         "x-ratelimit-Daily-Remaining", "rEtRy-AfTeR"],
    ])
    func names(names: [String]) {
        let values = ["100", "99", "10000", "200000", "199999", "7"]
        let headers = RateLimitHeaders(headers: zip(names, values).map { (name: $0, value: $1) })
        #expect(headers == RateLimitHeaders(
            max: 100, remaining: 99, intervalMilliseconds: 10_000, dailyLimit: 200_000, dailyRemaining: 199_999,
            retryAfterSeconds: 7
        ))
        #expect(!headers.isEmpty)
    }

    @Test("values are trimmed of surrounding whitespace")
    func trimmed() {
        let headers = RateLimitHeaders(headers: [("X-RateLimit-Max", " 100 "), ("X-RateLimit-Remaining", "\t5\r\n"), ("Retry-After", " 2 ")])
        #expect(headers.max == 100)
        #expect(headers.remaining == 5)
        #expect(headers.retryAfterSeconds == 2)
    }

    @Test("junk values are ignored", arguments: [
        "", " ", "abc", "1.5", "-5", "1e3", "100 requests", "0x10", "99999999999999999999", "١٠٠",
    ])
    func junkCounts(value: String) {
        let headers = RateLimitHeaders(headers: [
            ("X-RateLimit-Max", value), ("X-RateLimit-Remaining", value), ("X-RateLimit-Interval-Milliseconds", value),
            ("X-RateLimit-Limit-Daily", value), ("X-RateLimit-Daily-Remaining", value),
        ])
        #expect(headers == RateLimitHeaders())
        #expect(headers.isEmpty)
    }

    @Test("zero: a valid remaining count, not a valid window or limit")
    func zeros() {
        let headers = RateLimitHeaders(headers: [
            ("X-RateLimit-Max", "0"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Interval-Milliseconds", "0"),
            ("X-RateLimit-Limit-Daily", "0"), ("X-RateLimit-Daily-Remaining", "0"),
        ])
        #expect(headers == RateLimitHeaders(remaining: 0, dailyRemaining: 0))
    }

    @Test("Retry-After in seconds", arguments: [
        ("0", Double?.some(0)), ("1", 1), ("120", 120), (" 30 ", 30),
        ("Wed, 21 Oct 2015 07:28:00 GMT", nil), ("soon", nil), ("-1", nil), ("", nil), ("inf", nil), ("nan", nil),
        ("infinity", nil), ("1 2", nil),
    ])
    func retryAfter(value: String, seconds: Double?) {
        #expect(RateLimitHeaders(headers: [("Retry-After", value)]).retryAfterSeconds == seconds)
    }

    @Test("Retry-After accepts only delta-seconds, not other numeric spellings", arguments: ["0x10", "0x1p4", "1e3", "1E2"])
    func retryAfterSpellings(value: String) {
        // RateLimitHeaders parses Retry-After with Double(_:), which also reads hexadecimal and exponent forms.
        #expect(RateLimitHeaders(headers: [("Retry-After", value)]).retryAfterSeconds == nil)
    }

    @Test("unrelated headers are ignored, and a repeated header keeps its last valid value")
    func unrelatedAndRepeated() {
        let headers = RateLimitHeaders(headers: [
            ("Content-Type", "application/json"), ("X-RateLimit-Remaining", "10"), ("X-RateLimit-Remaining", "9"),
            ("X-RateLimit", "5"), ("RateLimit-Remaining", "1"),
        ])
        #expect(headers == RateLimitHeaders(remaining: 9))
    }

    @Test("a repeated header whose last value is junk clears the earlier one")
    func repeatedJunk() {
        #expect(RateLimitHeaders(headers: [("X-RateLimit-Remaining", "10"), ("x-ratelimit-remaining", "junk")]).remaining == nil)
    }

    @Test("no headers: empty")
    func empty() {
        #expect(RateLimitHeaders(headers: []).isEmpty)
        #expect(RateLimitHeaders(headers: []) == RateLimitHeaders())
    }
}
