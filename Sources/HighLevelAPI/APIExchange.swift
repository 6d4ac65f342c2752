/// One request's outcome, with the rate-limit headers its response carried (none when no response arrived).
package struct APIExchange<Value: Sendable>: Sendable {
    package let result: Result<Value, HighLevelAPIError>
    package let rateLimit: RateLimitHeaders
    /// The bearer token the request carried, if any (to renew it after a 401).
    package let token: AccessToken?

    package init(result: Result<Value, HighLevelAPIError>, rateLimit: RateLimitHeaders, token: AccessToken? = nil) {
        (self.result, self.rateLimit, self.token) = (result, rateLimit, token)
    }

    /// The HTTP status of the response, when there was one.
    package var httpStatus: Int? {
        switch result {
        case .success: 200
        case .failure(let error): error.httpStatus
        }
    }

    /// This exchange with its value turned into another, or the failure `transform` reports.
    func flatMap<Other>(
        _ transform: (Value) throws(ResponseDecodingError) -> Other
    ) -> APIExchange<Other> {
        let mapped = result.flatMap { value in
            Result { () throws(ResponseDecodingError) in try transform(value) }.mapError { HighLevelAPIError.undecodable($0) }
        }
        return APIExchange<Other>(result: mapped, rateLimit: rateLimit, token: token)
    }
}
