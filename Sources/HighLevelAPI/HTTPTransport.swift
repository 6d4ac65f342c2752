/// One HTTP exchange's result, with the body already collected.
package struct HTTPResponse: Sendable {
    package let status: Int
    package let headers: [(name: String, value: String)]
    package let body: [UInt8]

    package init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why an exchange produced no response.
package enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No complete response within the timeout.
    case timedOut
    /// The connection failed, was refused or dropped before a complete response.
    case connectionFailed(String)
    /// The body was larger than the configured limit; nothing more was read.
    case bodyTooLarge(limit: Int)
    /// The task was cancelled.
    case cancelled

    package var description: String {
        switch self {
        case .timedOut: "request timed out"
        case .connectionFailed(let detail): "connection failed: \(detail)"
        case .bodyTooLarge(let limit): "response body larger than \(limit) bytes"
        case .cancelled: "request cancelled"
        }
    }
}

/// The boundary to the network: a GET or POST that returns a collected response or throws ``TransportError``.
package protocol HTTPTransport: Sendable {
    /// Sends a GET with `headers`; the body is collected up to `maximumBodyBytes`.
    func get(
        url: String, headers: [(name: String, value: String)], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse

    /// Sends a POST with `headers` and `body`; the response body is collected up to `maximumBodyBytes`.
    func post(
        url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse
}

extension HTTPTransport {
    /// Transports that only answer GETs (test fakes) refuse every POST as a failed connection.
    package func post(
        url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        throw .connectionFailed("this transport does not send POST requests (\(url))")
    }
}
