import HighLevelAPI
import LosslessJSON
import TestSupport
import Testing

private func http(_ status: Int, _ text: String = "") -> HighLevelAPIError {
    .http(status: status, body: APIErrorBody(body: Array(text.utf8)))
}

/// What the job needs to know about one error.
struct Classification: Sendable, Equatable, CustomTestStringConvertible {
    var error: HighLevelAPIError
    var isRetryable: Bool
    var isFatalForRun: Bool
    var isRateLimited: Bool = false

    var testDescription: String { error.description }
}

@Suite("HighLevelAPIError classification")
struct HighLevelAPIErrorTests {
    static let table: [Classification] = [
        .init(error: http(400), isRetryable: false, isFatalForRun: false),
        .init(error: http(404), isRetryable: false, isFatalForRun: false),
        .init(error: http(422), isRetryable: false, isFatalForRun: false),
        .init(error: http(401), isRetryable: false, isFatalForRun: true),
        .init(error: http(403), isRetryable: false, isFatalForRun: true),
        .init(error: http(429), isRetryable: true, isFatalForRun: false, isRateLimited: true),
        .init(error: http(408), isRetryable: true, isFatalForRun: false),
        .init(error: http(500), isRetryable: true, isFatalForRun: false),
        .init(error: http(502), isRetryable: true, isFatalForRun: false),
        .init(error: http(503), isRetryable: true, isFatalForRun: false),
        .init(error: http(504), isRetryable: true, isFatalForRun: false),
        .init(error: http(599), isRetryable: true, isFatalForRun: false),
        .init(error: http(405), isRetryable: false, isFatalForRun: false),
        .init(error: http(409), isRetryable: false, isFatalForRun: false),
        .init(error: http(301), isRetryable: false, isFatalForRun: false),
        .init(error: .transport(.timedOut), isRetryable: true, isFatalForRun: false),
        .init(error: .transport(.connectionFailed("connection reset by peer")), isRetryable: true, isFatalForRun: false),
        .init(error: .transport(.bodyTooLarge(limit: 8_388_608)), isRetryable: false, isFatalForRun: false),
        .init(error: .transport(.cancelled), isRetryable: false, isFatalForRun: false),
        .init(error: .undecodable(.notAnObject), isRetryable: true, isFatalForRun: false),
        .init(error: .undecodable(.missingContact), isRetryable: true, isFatalForRun: false),
        .init(error: .undecodable(.contactIDMismatch(expected: "abc")), isRetryable: true, isFatalForRun: false),
    ]

    @Test("retryable, fatal and rate-limited", arguments: table)
    func classification(expected: Classification) {
        let error = expected.error
        #expect(error.isRetryable == expected.isRetryable)
        #expect(error.isFatalForRun == expected.isFatalForRun)
        #expect(error.isRateLimited == expected.isRateLimited)
        #expect(!(error.isRetryable && error.isFatalForRun))
    }

    @Test("httpStatus and traceID come only from HTTP errors")
    func statusAndTrace() {
        let error = http(500, #"{"message": "boom", "traceId": "trace-1"}"#)
        #expect(error.httpStatus == 500)
        #expect(error.traceID == "trace-1")
        #expect(http(404).traceID == nil)
        #expect(HighLevelAPIError.transport(.timedOut).httpStatus == nil)
        #expect(HighLevelAPIError.transport(.timedOut).traceID == nil)
        #expect(HighLevelAPIError.undecodable(.notAnObject).httpStatus == nil)
    }

    @Test("descriptions", arguments: [
        (http(400, #"{"message": "Contact with id abc not found"}"#), "HTTP 400: Contact with id abc not found"),
        (http(502, "<html>Bad Gateway</html>"), "HTTP 502"),
        (.transport(.timedOut), "request timed out"),
        (.transport(.connectionFailed("refused")), "connection failed: refused"),
        (.transport(.bodyTooLarge(limit: 1024)), "response body larger than 1024 bytes"),
        (.transport(.cancelled), "request cancelled"),
        (.undecodable(.contactIDMismatch(expected: "abc")), "body holds a contact whose id is not abc"),
    ] as [(HighLevelAPIError, String)])
    func descriptions(error: HighLevelAPIError, text: String) {
        #expect(error.description == text)
    }
}
