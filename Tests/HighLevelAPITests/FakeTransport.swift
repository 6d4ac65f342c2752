import HighLevelAPI
import Testing

/// One header as sent, comparable in expectations.
struct SentHeader: Sendable, Equatable, CustomStringConvertible {
    var name: String
    var value: String

    var description: String { "\(name): \(value)" }
}

/// One GET the client sent.
struct SentRequest: Sendable, Equatable {
    var url: String
    var headers: [SentHeader]
    var timeout: Duration
    var maximumBodyBytes: Int
}

/// An in-memory ``HTTPTransport``: answers only the URLs it was given, records every request, and fails the
/// test when asked for anything else.
actor FakeTransport: HTTPTransport {
    private let replies: [String: Result<HTTPResponse, TransportError>]
    private(set) var requests: [SentRequest] = []

    init(_ replies: [String: Result<HTTPResponse, TransportError>]) {
        self.replies = replies
    }

    func get(
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
