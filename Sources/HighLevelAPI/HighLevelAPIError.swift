/// Why one request failed, classified once for the job to act on.
package enum HighLevelAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with a non-2xx status.
    case http(status: Int, body: APIErrorBody)
    /// No complete response arrived.
    case transport(TransportError)
    /// A 200 whose body could not be used.
    case undecodable(ResponseDecodingError)
    /// No access token could be had (minting or refreshing it failed): nothing was sent.
    case noToken(TokenUnavailable)

    /// Worth trying again after a pause: 429, 5xx, 408, timeouts, dropped connections, unreadable bodies.
    package var isRetryable: Bool {
        switch self {
        case .http(let status, _): status == 429 || status == 408 || (500...599).contains(status)
        case .transport(.bodyTooLarge), .transport(.cancelled): false
        case .transport: true
        case .undecodable: true
        case .noToken: false
        }
    }

    /// Makes every later request fail too (bad token, wrong scope, no access to the location).
    package var isFatalForRun: Bool {
        switch self {
        case .http(let status, _): status == 401 || status == 403
        case .noToken: true
        default: false
        }
    }

    /// The server said to slow down.
    package var isRateLimited: Bool {
        if case .http(429, _) = self { return true }
        return false
    }

    /// The HTTP status, when there was a response.
    package var httpStatus: Int? {
        if case .http(let status, _) = self { return status }
        return nil
    }

    /// The trace id the error body carried, if any.
    package var traceID: String? {
        if case .http(_, let body) = self { return body.traceID }
        return nil
    }

    package var description: String {
        switch self {
        case .http(let status, let body):
            if let message = body.message { "HTTP \(status): \(message)" } else { "HTTP \(status)" }
        case .transport(let error): error.description
        case .undecodable(let error): error.description
        case .noToken(let reason): "no access token: \(reason)"
        }
    }
}
