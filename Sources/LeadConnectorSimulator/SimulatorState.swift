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
        var window: RateLimitWindow
        var rng: SplitMix64
    }

    private let storage: Mutex<Storage>

    init(configuration: SimulatorConfiguration) {
        let window = RateLimitWindow(limit: configuration.rateLimit, dailyLimit: configuration.dailyLimit)
        storage = Mutex(Storage(window: window, rng: SplitMix64(seed: configuration.seed)))
    }

    /// Counts a request against the limits.
    func admit(at now: ContinuousClock.Instant) -> RateLimitWindow.Status {
        storage.withLock { $0.window.admit(at: now) }
    }

    /// The limits without counting a request (for answers given before the rate-limit check).
    func peek(at now: ContinuousClock.Instant) -> RateLimitWindow.Status {
        storage.withLock { $0.window.peek(at: now) }
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
