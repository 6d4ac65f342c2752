package import HighLevelAPI
import Testing

/// One header as sent, comparable in expectations.
package struct SentHeader: Sendable, Equatable, CustomStringConvertible {
    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    package var name: String
    package var value: String

    package var description: String { "\(name): \(value)" }
}

/// One GET the client sent.
package struct SentRequest: Sendable, Equatable {
    package init(url: String, headers: [SentHeader], timeout: Duration, maximumBodyBytes: Int) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.maximumBodyBytes = maximumBodyBytes
    }

    package var url: String
    package var headers: [SentHeader]
    package var timeout: Duration
    package var maximumBodyBytes: Int
}

/// An in-memory ``HTTPTransport``: answers only the URLs it was given, records every request, and fails the
/// test when asked for anything else.
package actor FakeTransport: HTTPTransport {
    private let replies: [String: Result<HTTPResponse, TransportError>]
    package private(set) var requests: [SentRequest] = []

    package init(_ replies: [String: Result<HTTPResponse, TransportError>]) {
        self.replies = replies
    }

    package func get(
        url: String, headers: [(name: String, value: String)], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        requests.append(SentRequest(
            url: url, headers: headers.map { SentHeader(name: $0.name, value: $0.value) }, timeout: timeout,
            maximumBodyBytes: maximumBodyBytes
        ))
        guard let reply = replies[url] else {
            Issue.record("FakeTransport was asked for \(url), which it was not given")
            throw .connectionFailed("FakeTransport has no reply for \(url)")
        }
        return try reply.get()
    }
}
