import Hummingbird

/// One answer the simulator has decided on, before it becomes a Hummingbird `Response`.
struct SimulatorReply: Sendable {
    /// How the answer goes on the wire.
    enum Delivery: Sendable {
        case complete
        /// Send the head with the full `Content-Length`, this many body bytes, then close the connection.
        case truncated(afterBytes: Int)
        /// Close the connection without a response.
        case dropConnection
        /// Send the body with `bytes` padding bytes inserted at byte `offset`, in chunks; announce the full length
        /// in `Content-Length` or send the body chunked.
        case padded(offset: Int, bytes: Int, announcesLength: Bool)
    }

    var status: Int
    var body: String
    var contentType = "application/json"
    var delivery = Delivery.complete
    var retryAfterSeconds: Int?
    /// The limits after counting this request; nil when the answer came before the rate-limit check.
    var rateLimit: RateLimitWindow.Status?
    /// The injected fault this answer carries out, if any.
    var fault = SimulatorState.Fault.none

    /// A JSON error body in the API's shape, `{"statusCode": N, "message": "...", "error": "..."}`.
    static func error(_ status: Int, message: String, error: String?) -> SimulatorReply {
        var body = "{\"statusCode\":\(status),\"message\":" + JSONValue.quoted(message)
        if let error { body += ",\"error\":" + JSONValue.quoted(error) }
        return SimulatorReply(status: status, body: body + "}")
    }

    /// The status recorded in the log: 0 for a dropped connection.
    var loggedStatus: Int {
        if case .dropConnection = delivery { return 0 }
        return status
    }

    /// The Hummingbird response, with the rate-limit headers every answer carries.
    func response(rateLimit: RateLimitWindow.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[Self.maxHeader] = String(rateLimit.max)
        headers[Self.remainingHeader] = String(rateLimit.remaining)
        headers[Self.intervalHeader] = String(rateLimit.intervalMilliseconds)
        headers[Self.dailyLimitHeader] = String(rateLimit.dailyLimit)
        headers[Self.dailyRemainingHeader] = String(rateLimit.dailyRemaining)
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        let bytes = ByteBuffer(string: body)
        switch delivery {
        case .complete, .dropConnection:
            return Response(status: Self.status(status), headers: headers, body: ResponseBody(byteBuffer: bytes))
        case .truncated(let count):
            let prefix = bytes.getSlice(at: bytes.readerIndex, length: min(count, bytes.readableBytes)) ?? ByteBuffer()
            let body = ResponseBody(contentLength: bytes.readableBytes) { writer in
                try await writer.write(prefix)
                throw SimulatorError.injectedTruncation
            }
            return Response(status: Self.status(status), headers: headers, body: body)
        case .padded(let offset, let count, let announcesLength):
            return Response(
                status: Self.status(status), headers: headers,
                body: Self.paddedBody(bytes, padding: count, at: offset, announcesLength: announcesLength)
            )
        }
    }

    private static func status(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 200: .ok
        case 400: .badRequest
        case 401: .unauthorized
        case 404: .notFound
        case 422: .unprocessableContent
        case 429: .tooManyRequests
        case 500: .internalServerError
        case 502: .badGateway
        case 503: .serviceUnavailable
        default: HTTPResponse.Status(code: code)
        }
    }

    static let maxHeader = HTTPFields.Element.Name("X-RateLimit-Max")!
    static let remainingHeader = HTTPFields.Element.Name("X-RateLimit-Remaining")!
    static let intervalHeader = HTTPFields.Element.Name("X-RateLimit-Interval-Milliseconds")!
    static let dailyLimitHeader = HTTPFields.Element.Name("X-RateLimit-Limit-Daily")!
    static let dailyRemainingHeader = HTTPFields.Element.Name("X-RateLimit-Daily-Remaining")!
}
