import ContactStore
import Synchronization

/// Live counters of one sync run, for a progress display: the loop publishes them, a display reads them.
///
/// Cheap to update: the loop publishes the counters it already owns (throttled), fetchers count requests,
/// retries, 429s and contacts fetched, and add the time they waited on the rate limiter, to atomics, and an id source that learns the total (a search's `total`, a
/// counted id file) sets it at any time.
public final class SyncProgress: Sendable {
    /// What a display shows at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// Id lines the run will see, when known.
        public var total: Int?
        /// Contacts fetched by this invocation (committed a moment later, see ``synced``).
        public var fetched = 0
        /// Contacts committed by this invocation.
        public var synced = 0
        /// Ids recorded as failed (invalid, not found, retries exhausted, not sent for the quota).
        public var failed = 0
        /// Ids skipped because the resumed run had already stored them.
        public var skipped = 0
        /// Repeated id lines (fetched once).
        public var duplicates = 0
        public var requests = 0
        public var retries = 0
        /// 429 answers.
        public var rateLimited = 0
        /// Time fetchers spent waiting for the rate limiter's permit, summed over all of them.
        public var limiterWait: Duration = .zero

        public init(total: Int? = nil) {
            self.total = total
        }

        /// Id lines settled: fetched, failed, skipped or repeated (comparable with ``total``).
        public var done: Int { fetched + failed + skipped + duplicates }
        /// Ids this invocation fetched or recorded as failed.
        public var processed: Int { fetched + failed }
    }

    private let counters = Mutex(Snapshot())
    private let totalLines = Atomic<Int>(-1)
    private let waitNanoseconds = Atomic<Int>(0)
    private let fetchedContacts = Atomic<Int>(0)
    private let requestCount = Atomic<Int>(0)
    private let retryCount = Atomic<Int>(0)
    private let rateLimitedCount = Atomic<Int>(0)

    /// Starts with every counter at zero, and `total` when already known.
    public init(total: Int? = nil) {
        setTotal(total)
    }

    /// Sets (or forgets, with nil) how many id lines the run will see.
    public func setTotal(_ total: Int?) {
        totalLines.store(total.map { max($0, 0) } ?? -1, ordering: .relaxed)
    }

    /// How many id lines the run will see, when known.
    var total: Int? {
        let total = totalLines.load(ordering: .relaxed)
        return total >= 0 ? total : nil
    }

    /// The counters now.
    public func snapshot() -> Snapshot {
        var snapshot = counters.withLock { $0 }
        snapshot.total = total
        snapshot.limiterWait = .nanoseconds(waitNanoseconds.load(ordering: .relaxed))
        snapshot.fetched = fetchedContacts.load(ordering: .relaxed)
        snapshot.requests = requestCount.load(ordering: .relaxed)
        snapshot.retries = retryCount.load(ordering: .relaxed)
        snapshot.rateLimited = rateLimitedCount.load(ordering: .relaxed)
        return snapshot
    }

    /// Replaces the loop-owned counters with this invocation's (requests, retries and 429s come from the
    /// fetchers as they happen, see ``addRequest(isRetry:isRateLimited:)``).
    func publish(_ invocation: RunCounters, skipped: Int) {
        counters.withLock { snapshot in
            snapshot.synced = invocation.contactsSynced
            snapshot.failed = invocation.failures
            snapshot.skipped = skipped
            snapshot.duplicates = invocation.duplicateIDs
        }
    }

    /// Counts one contact fetched and normalized (the loop commits it within ``SyncConfiguration/flushInterval``).
    func addFetched() {
        fetchedContacts.add(1, ordering: .relaxed)
    }

    /// Counts one answered (or failed) request when it happens, so a display shows retries and 429s while an
    /// id is still being retried rather than when it is settled.
    func addRequest(isRetry: Bool, isRateLimited: Bool) {
        requestCount.add(1, ordering: .relaxed)
        if isRetry { retryCount.add(1, ordering: .relaxed) }
        if isRateLimited { rateLimitedCount.add(1, ordering: .relaxed) }
    }

    /// Adds one wait for the rate limiter's permit.
    func addLimiterWait(_ wait: Duration) {
        let (seconds, attoseconds) = wait.components
        let nanoseconds = Int(seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
        guard nanoseconds > 0 else { return }
        waitNanoseconds.add(nanoseconds, ordering: .relaxed)
    }
}
