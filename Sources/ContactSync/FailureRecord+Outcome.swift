package import ContactStore
package import HighLevelAPI

extension FailureReason {
    /// The reason recorded for an id whose fetch ended with `error` (the one place that decides it).
    ///
    /// Errors retrying cannot help are named by what they are (400/404/422 mean "no such contact"); errors that
    /// were retried until the last attempt are `retries_exhausted`, except bodies that never decoded.
    package init(finalError error: HighLevelAPIError) {
        switch error {
        case .http where error.isRetryable:
            self = .retriesExhausted
        case .http(let status, _):
            switch status {
            case 400, 404, 422: self = .notFound
            case 401, 403: self = .unauthorized
            default: self = .httpError
            }
        case .undecodable: self = .undecodable
        case .noToken: self = .unauthorized
        case .transport(.bodyTooLarge): self = .tooLarge
        case .transport where error.isRetryable: self = .retriesExhausted
        case .transport(.timedOut): self = .timeout
        case .transport: self = .networkError
        }
    }
}

extension FailureRecord {
    /// The record of an id whose fetch ended with `error` after `attempts` requests.
    package init(id: ContactID, line: Int, finalError error: HighLevelAPIError, attempts: Int) {
        self.init(
            contactID: id.rawValue, reason: FailureReason(finalError: error), httpStatus: error.httpStatus,
            message: error.description, traceID: error.traceID, attempts: attempts, lineNumber: line
        )
    }

    /// The record of an id not sent, or not sent again, because the day's quota was used up.
    package static func quotaExhausted(id: ContactID, line: Int, attempts: Int) -> FailureRecord {
        FailureRecord(
            contactID: id.rawValue, reason: .dailyQuotaExhausted,
            message: "not sent: the daily request quota was used up", attempts: attempts, lineNumber: line
        )
    }

    /// The record of a line that is not an id (never sent).
    package static func invalid(text: String, line: Int, reason: InvalidLine) -> FailureRecord {
        FailureRecord(contactID: text, reason: .invalidID, message: reason.description, lineNumber: line)
    }
}
