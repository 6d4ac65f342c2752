import Synchronization

/// How the simulated API fails as a whole during an outage.
package enum SimulatorOutage: String, Sendable, CaseIterable {
    /// Every request is answered 503 Service Unavailable.
    case unavailable
    /// Every connection is closed without a response.
    case closeConnections = "close"
}

/// Switches a test (or the `--outage-*` flags) can flip while the simulator runs.
package final class SimulatorControls: Sendable {
    private struct Storage {
        var outage: SimulatorOutage?
        var outageEnds: ContinuousClock.Instant?
    }

    private let storage = Mutex(Storage())

    init() {}

    /// Starts an outage of `mode` (nil ends it), for `duration` when given, else until changed.
    package func setOutage(_ mode: SimulatorOutage?, for duration: Duration? = nil) {
        let ends = duration.map { ContinuousClock.now.advanced(by: $0) }
        storage.withLock { $0 = Storage(outage: mode, outageEnds: mode == nil ? nil : ends) }
    }

    /// The outage in effect at `now`, if any.
    func outage(at now: ContinuousClock.Instant) -> SimulatorOutage? {
        storage.withLock { storage in
            if let ends = storage.outageEnds, now >= ends { storage = Storage() }
            return storage.outage
        }
    }
}
