import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// ``HTTPTransport`` over AsyncHTTPClient: a pooled, keep-alive client with NIO timeouts.
///
/// TLS certificate verification stays at AsyncHTTPClient's default (on); redirects are refused so a
/// bearer token is never replayed to another host.
package final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient

    /// The process's one event loop for HTTP, shared by every client and never shut down (like NIO's own
    /// singleton group, which has a thread per core). One thread carries a sync's requests with room to spare
    /// (about a quarter of a core at 1,300 contacts/s), and every response a thread of its own hands to the
    /// fetch tasks costs cross-thread wakeups: a first load of 10,000 ids spent about 7 % less CPU on one
    /// loop than on two, on this two-core machine (BENCHMARKS.md).
    private static let eventLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Creates a client allowing up to `maximumConnections` concurrent connections per host.
    package init(maximumConnections: Int, connectTimeout: Duration = .seconds(10), readTimeout: Duration = .seconds(30)) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(connectTimeout), read: TimeAmount(readTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maximumConnections)
        )
        configuration.httpVersion = .automatic
        // No request spans: nothing here reads them, and with the default no-op tracer AsyncHTTPClient still
        // builds every request's span attributes (URL parsing included), about 2 % of a first load's CPU.
        configuration.tracing.tracer = nil
        client = HTTPClient(eventLoopGroupProvider: .shared(Self.eventLoop), configuration: configuration)
    }

    /// Closes every pooled connection. Call once, when no request is in flight.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    package func get(
        url: String, headers: [(name: String, value: String)], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await execute(request, timeout: timeout, maximumBodyBytes: maximumBodyBytes)
    }

    package func post(
        url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await execute(request, timeout: timeout, maximumBodyBytes: maximumBodyBytes)
    }

    private func execute(
        _ request: HTTPClientRequest, timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        do {
            let response = try await client.execute(request, timeout: TimeAmount(timeout))
            var buffer = try await response.body.collect(upTo: maximumBodyBytes)
            let body = buffer.readBytes(length: buffer.readableBytes) ?? []
            return HTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: body
            )
        } catch {
            throw Self.classify(error, limit: maximumBodyBytes)
        }
    }

    private static func classify(_ error: any Error, limit: Int) -> TransportError {
        if error is CancellationError { return .cancelled }
        if error is NIOTooManyBytesError { return .bodyTooLarge(limit: limit) }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .tlsHandshakeTimeout:
                return .timedOut
            case .cancelled:
                return .cancelled
            default:
                return .connectionFailed(String(describing: error))
            }
        }
        return .connectionFailed(String(describing: error))
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
