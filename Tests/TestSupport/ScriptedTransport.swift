package import HighLevelAPI
import Synchronization
import Testing

/// An ``HTTPTransport`` that answers `GET …/contacts/{id}` with a fixed 200 body per id and counts the requests.
///
/// A request for an id it was not given is a test failure, not a quiet 404.
package final class ScriptedTransport: HTTPTransport {
    private let bodies: [String: [UInt8]]
    private let counts = Mutex<[String: Int]>([:])

    package init(bodies: [String: [UInt8]]) {
        self.bodies = bodies
    }

    /// How many requests were made for `id`.
    package func requests(for id: String) -> Int {
        counts.withLock { $0[id, default: 0] }
    }

    /// Every id requested at least once.
    package var requestedIDs: Set<String> {
        counts.withLock { Set($0.keys) }
    }

    package func get(
        url: String, headers: [(name: String, value: String)], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        let id = url.split(separator: "/").last.map(String.init) ?? ""
        guard let body = bodies[id] else {
            Issue.record("unexpected request for \(url)")
            throw .connectionFailed("no scripted answer for \(url)")
        }
        counts.withLock { $0[id, default: 0] += 1 }
        return HTTPResponse(status: 200, headers: [], body: body)
    }
}
