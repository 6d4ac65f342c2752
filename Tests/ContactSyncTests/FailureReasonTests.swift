import ContactStore
import ContactSync
import HighLevelAPI
import Testing

private func http(_ status: Int) -> HighLevelAPIError {
    .http(status: status, body: APIErrorBody(body: []))
}

/// The reason `sync_failures` records for an id whose last attempt ended with an error.
struct FailureReasonTests {
    static let table: [(HighLevelAPIError, String)] = [
        (http(400), "not_found"), (http(404), "not_found"), (http(422), "not_found"),
        (http(401), "unauthorized"), (http(403), "unauthorized"),
        (http(405), "http_error"), (http(409), "http_error"), (http(301), "http_error"),
        // Retryable answers are recorded once the last attempt failed too.
        (http(429), "retries_exhausted"), (http(408), "retries_exhausted"), (http(500), "retries_exhausted"),
        (http(502), "retries_exhausted"), (http(503), "retries_exhausted"), (http(504), "retries_exhausted"),
        (http(599), "retries_exhausted"),
        (.transport(.timedOut), "retries_exhausted"),
        (.transport(.connectionFailed("connection reset by peer")), "retries_exhausted"),
        (.transport(.bodyTooLarge(limit: 8_388_608)), "too_large"),
        (.transport(.cancelled), "network_error"),
        (.undecodable(.notAnObject), "undecodable"), (.undecodable(.missingContact), "undecodable"),
        (.undecodable(.contactIDMismatch(expected: "abc")), "undecodable"),
    ]

    @Test(arguments: table)
    func theStoredTextOfEachFinalError(error: HighLevelAPIError, expected: String) throws {
        let record = FailureRecord(id: try #require(ContactID("abc")), line: 7, finalError: error, attempts: 3)
        #expect(record.reason.rawValue == expected)
        #expect(record.httpStatus == error.httpStatus)
        #expect(record.message == error.description)
        #expect(record.attempts == 3)
        #expect(record.lineNumber == 7)
    }

    /// Every reason's stored text, as the schema documents it (a contract analysts query by).
    @Test func everyReasonKeepsItsStoredText() {
        #expect(FailureReason.allCases.map(\.rawValue) == [
            "invalid_id", "not_found", "unauthorized", "http_error", "too_large", "timeout", "network_error",
            "undecodable", "retries_exhausted", "daily_quota_exhausted",
        ])
    }
}
