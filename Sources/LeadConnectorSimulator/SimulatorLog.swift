import Synchronization

/// What the running simulator saw (thread safe, for tests and the demo).
///
/// Dropped connections are counted in ``statusCounts()`` under status 0; truncated bodies under 200.
package final class SimulatorLog: Sendable {
    private struct Storage {
        var hits: [String: Int] = [:]
        var totalRequests = 0
        var rateLimitedResponses = 0
        var requestedPaths: [String] = []
        var statusCounts: [Int: Int] = [:]
    }

    private let storage = Mutex(Storage())

    init() {}

    /// GET /contacts/{id} requests for this id (any outcome).
    package func hits(for id: String) -> Int {
        storage.withLock { $0.hits[id, default: 0] }
    }

    /// Every request received, whatever its path or outcome.
    package var totalRequests: Int {
        storage.withLock { $0.totalRequests }
    }

    /// 429s sent (window + burst faults).
    package var rateLimitedResponses: Int {
        storage.withLock { $0.rateLimitedResponses }
    }

    /// Every path requested, in order (raw path as received, incl. query).
    package var requestedPaths: [String] {
        storage.withLock { $0.requestedPaths }
    }

    /// How many responses were sent with each status (0 = connection dropped without a response).
    package func statusCounts() -> [Int: Int] {
        storage.withLock { $0.statusCounts }
    }

    /// Records an incoming request and returns its 1-based sequence number.
    func recordRequest(path: String, contactID: String?) -> Int {
        storage.withLock { storage in
            storage.totalRequests += 1
            storage.requestedPaths.append(path)
            if let contactID { storage.hits[contactID, default: 0] += 1 }
            return storage.totalRequests
        }
    }

    /// Records the status of a response about to be sent (0 for a dropped connection).
    func recordResponse(status: Int) {
        storage.withLock { storage in
            storage.statusCounts[status, default: 0] += 1
            if status == 429 { storage.rateLimitedResponses += 1 }
        }
    }
}
