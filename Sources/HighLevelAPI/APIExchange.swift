/// One attempt's outcome at a list endpoint, with the rate-limit headers its response carried.
public struct APIExchange<Value: Sendable>: Sendable {
    public let result: Result<Value, HighLevelAPIError>
    public let rateLimit: RateLimitHeaders
}
