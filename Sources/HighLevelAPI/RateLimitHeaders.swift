/// The rate-limit facts one response carried (`X-RateLimit-*`, `Retry-After`).
package struct RateLimitHeaders: Sendable, Equatable {
    /// `X-RateLimit-Max`: requests allowed per burst window.
    package var max: Int?
    /// `X-RateLimit-Remaining`: requests left in the current window.
    package var remaining: Int?
    /// `X-RateLimit-Interval-Milliseconds`: the window's length.
    package var intervalMilliseconds: Int?
    /// `X-RateLimit-Limit-Daily`.
    package var dailyLimit: Int?
    /// `X-RateLimit-Daily-Remaining`.
    package var dailyRemaining: Int?
    /// `Retry-After`, in seconds (only the delta-seconds form is understood).
    package var retryAfterSeconds: Double?

    package init(
        max: Int? = nil, remaining: Int? = nil, intervalMilliseconds: Int? = nil, dailyLimit: Int? = nil,
        dailyRemaining: Int? = nil, retryAfterSeconds: Double? = nil
    ) {
        (self.max, self.remaining, self.intervalMilliseconds) = (max, remaining, intervalMilliseconds)
        (self.dailyLimit, self.dailyRemaining, self.retryAfterSeconds) = (dailyLimit, dailyRemaining, retryAfterSeconds)
    }

    /// Reads the headers by case-insensitive name; malformed values are ignored.
    package init(headers: [(name: String, value: String)]) {
        self.init()
        for (name, value) in headers {
            let trimmed = value.trimmingASCIIWhitespace()
            switch name.lowercased() {
            case "x-ratelimit-max": max = Int(trimmed).flatMap { $0 > 0 ? $0 : nil }
            case "x-ratelimit-remaining": remaining = Int(trimmed).flatMap { $0 >= 0 ? $0 : nil }
            case "x-ratelimit-interval-milliseconds": intervalMilliseconds = Int(trimmed).flatMap { $0 > 0 ? $0 : nil }
            case "x-ratelimit-limit-daily": dailyLimit = Int(trimmed).flatMap { $0 > 0 ? $0 : nil }
            case "x-ratelimit-daily-remaining": dailyRemaining = Int(trimmed).flatMap { $0 >= 0 ? $0 : nil }
            case "retry-after": retryAfterSeconds = Self.deltaSeconds(trimmed)
            default: continue
            }
        }
    }

    /// The longest wait a `Retry-After` may ask for; larger values are capped (a day).
    package static let maximumRetryAfterSeconds = 86_400.0

    /// `Retry-After` as delta-seconds (digits only, RFC 9110), capped; nil for anything else (HTTP dates too).
    static func deltaSeconds(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        guard text.utf8.count <= 9, let seconds = Double(text) else { return maximumRetryAfterSeconds }
        return min(seconds, maximumRetryAfterSeconds)
    }

    /// Whether any rate-limit header was present.
    package var isEmpty: Bool { self == RateLimitHeaders() }
}
