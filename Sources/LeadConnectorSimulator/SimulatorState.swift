import Synchronization

/// The simulator's shared mutable state: the rate-limit windows and the seeded generator for faults and jitter.
///
/// Both sit behind one `Mutex`, so concurrent requests each take whole draws; with a fixed seed and requests
/// sent one at a time, a fault run reproduces exactly.
final class SimulatorState: Sendable {
    /// The fault, if any, drawn for one request, with the extra choices it needs.
    enum Fault: Sendable, Equatable {
        case none
        case serverError(status: Int)
        case rateLimitBurst
        case dropConnection
        /// Cut the body after this fraction (0..<1) of its bytes.
        case truncatedBody(fraction: Double)
        /// Which of the malformed bodies to send.
        case malformedBody(variant: Int)
        /// An outage (``SimulatorControls``): the whole API fails.
        case outage

        /// The fault's name in the hits log; nil for none.
        var logName: String? {
            switch self {
            case .none: nil
            case .serverError: "server_error"
            case .rateLimitBurst: "burst_429"
            case .dropConnection: "dropped"
            case .truncatedBody: "truncated"
            case .malformedBody: "malformed"
            case .outage: "outage"
            }
        }
    }

    private struct Storage {
        /// Each resource's windows (a location's, the agency's), created when first used.
        var windows: [String: RateLimitWindow] = [:]
        var rng: SplitMix64
    }

    private let storage: Mutex<Storage>
    /// Each resource's limits: the default location's come from the configuration's top-level fields.
    private let limits: [String: (rate: SimulatorRateLimit?, daily: Int)]

    init(configuration: SimulatorConfiguration) {
        var limits: [String: (rate: SimulatorRateLimit?, daily: Int)] = [
            SampleData.locationID: (configuration.rateLimit, configuration.dailyLimit)
        ]
        for spec in configuration.extraLocations { limits[spec.id] = (spec.rateLimit, spec.dailyLimit) }
        if let agency = configuration.agency { limits[Self.agencyResource] = (agency.rateLimit, 200_000) }
        self.limits = limits
        storage = Mutex(Storage(rng: SplitMix64(seed: configuration.seed)))
    }

    /// The key of the agency's own limits.
    static let agencyResource = "agency"

    /// Counts a request against `resource`'s limits (the default location's when unknown).
    func admit(resource: String = SampleData.locationID, at now: ContinuousClock.Instant) -> RateLimitWindow.Status {
        storage.withLock { storage in
            var window = storage.windows[resource] ?? makeWindow(resource)
            defer { storage.windows[resource] = window }
            return window.admit(at: now)
        }
    }

    /// `resource`'s limits without counting a request (for answers given before the rate-limit check).
    func peek(resource: String = SampleData.locationID, at now: ContinuousClock.Instant) -> RateLimitWindow.Status {
        storage.withLock { storage in
            let window = storage.windows[resource] ?? makeWindow(resource)
            return window.peek(at: now)
        }
    }

    private func makeWindow(_ resource: String) -> RateLimitWindow {
        let limit = limits[resource] ?? limits[SampleData.locationID]!
        return RateLimitWindow(limit: limit.rate, dailyLimit: limit.daily)
    }

    /// `latency` plus a uniform draw in `-jitter...jitter`, never negative.
    func drawDelay(latency: Duration, jitter: Duration) -> Duration {
        guard jitter > .zero else { return latency }
        let offset = storage.withLock { $0.rng.unit() } * 2 - 1
        return max(.zero, latency + jitter * offset)
    }

    /// Draws which fault, if any, this request gets.
    func drawFault(_ faults: SimulatorFaults) -> Fault {
        storage.withLock { storage in
            let draw = storage.rng.unit()
            var threshold = faults.serverError
            if draw < threshold { return .serverError(status: storage.rng.pick([500, 502, 503])) }
            threshold += faults.rateLimitBurst
            if draw < threshold { return .rateLimitBurst }
            threshold += faults.dropConnection
            if draw < threshold { return .dropConnection }
            threshold += faults.truncatedBody
            if draw < threshold { return .truncatedBody(fraction: storage.rng.unit()) }
            threshold += faults.malformedBody
            if draw < threshold { return .malformedBody(variant: storage.rng.int(below: 3)) }
            return .none
        }
    }
}
