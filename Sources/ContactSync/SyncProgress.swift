package import ContactStore
package import LosslessJSON
import Synchronization

/// What a progress display reads: one run's (or part's) counters, or the sum of many.
package protocol ProgressSource: Sendable {
    func snapshot() -> SyncProgress.Snapshot
}

/// The live counters of one sync run: what the paced calls count as they send (requests, retries, 429s, time
/// waiting for permits, contacts fetched) and what the run's state publishes (ids read, stored, failed). A
/// progress display reads them; the run's summary and `sync_runs` take their request counts from here too.
package final class SyncProgress: ProgressSource {
    /// What a display shows at one moment.
    package struct Snapshot: Sendable, Equatable {
        /// Id lines the run will see, when known.
        package var total: Int?
        /// This invocation's counters: requests, retries and 429s as sent, the rest as the run's state settled them.
        package var counters = RunCounters()
        /// Contacts fetched by this invocation (committed a moment later: `counters.contactsSynced`).
        package var fetched = 0
        /// Ids skipped because the resumed run had already stored them.
        package var skipped = 0
        /// Time callers spent waiting for the rate limiter's permit, summed over all of them.
        package var limiterWait: Duration = .zero
        /// Since when every request has been held because the API does not answer (nil while it does).
        package var waitingForAPISince: Timestamp?
        /// In a run over many locations: how many have finished, of how many.
        package var locations: (finished: Int, total: Int)?

        package init(total: Int? = nil) {
            self.total = total
        }

        package static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
            lhs.total == rhs.total && lhs.counters == rhs.counters && lhs.fetched == rhs.fetched && lhs.skipped == rhs.skipped
                && lhs.limiterWait == rhs.limiterWait && lhs.waitingForAPISince == rhs.waitingForAPISince
                && lhs.locations?.finished == rhs.locations?.finished && lhs.locations?.total == rhs.locations?.total
        }

        /// The sum of two parts' figures (a total only when both are known).
        package static func + (lhs: Snapshot, rhs: Snapshot) -> Snapshot {
            var sum = lhs
            sum.total = lhs.total.flatMap { left in rhs.total.map { left + $0 } }
            sum.counters = lhs.counters + rhs.counters
            sum.fetched += rhs.fetched
            sum.skipped += rhs.skipped
            sum.limiterWait += rhs.limiterWait
            sum.waitingForAPISince = lhs.waitingForAPISince ?? rhs.waitingForAPISince
            return sum
        }

        /// Id lines settled: fetched, failed, skipped or repeated (comparable with ``total``).
        package var done: Int { fetched + counters.failures + skipped + counters.duplicateIDs }
        /// Ids this invocation fetched or recorded as failed.
        package var processed: Int { fetched + counters.failures }
    }

    private let settled = Mutex((counters: RunCounters(), skipped: 0))
    private let totalLines = Atomic<Int>(-1)
    private let waitNanoseconds = Atomic<Int>(0)
    private let fetchedContacts = Atomic<Int>(0)
    private let requestCount = Atomic<Int>(0)
    private let retryCount = Atomic<Int>(0)
    private let rateLimitedCount = Atomic<Int>(0)
    /// Milliseconds since 1970 of the outage's start, or -1.
    private let outageSince = Atomic<Int64>(-1)

    /// Starts with every counter at zero, and `total` when already known.
    package init(total: Int? = nil) {
        setTotal(total)
    }

    /// Sets (or forgets, with nil) how many id lines the run will see.
    package func setTotal(_ total: Int?) {
        totalLines.store(total.map { max($0, 0) } ?? -1, ordering: .relaxed)
    }

    /// How many id lines the run will see, when known.
    package var total: Int? {
        let total = totalLines.load(ordering: .relaxed)
        return total >= 0 ? total : nil
    }

    /// The counters now.
    package func snapshot() -> Snapshot {
        var snapshot = Snapshot(total: total)
        (snapshot.counters, snapshot.skipped) = settled.withLock { ($0.counters, $0.skipped) }
        let requests = requestTotals()
        snapshot.counters.requests = requests.requests
        snapshot.counters.retries = requests.retries
        snapshot.counters.rateLimited = requests.rateLimited
        snapshot.limiterWait = .nanoseconds(waitNanoseconds.load(ordering: .relaxed))
        snapshot.fetched = fetchedContacts.load(ordering: .relaxed)
        let since = outageSince.load(ordering: .relaxed)
        snapshot.waitingForAPISince = since >= 0 ? Timestamp(millisecondsSinceEpoch: since) : nil
        return snapshot
    }

    /// Requests, retries and 429s sent so far (the other counters zero).
    package func requestTotals() -> RunCounters {
        var counters = RunCounters()
        counters.requests = requestCount.load(ordering: .relaxed)
        counters.retries = retryCount.load(ordering: .relaxed)
        counters.rateLimited = rateLimitedCount.load(ordering: .relaxed)
        return counters
    }

    /// Replaces the settled counters (ids read, repeated, stored, failed) and the ids skipped.
    func publish(_ counters: RunCounters, skipped: Int) {
        settled.withLock { $0 = (counters, skipped) }
    }

    /// Says that every request is held since `since` because the API does not answer (nil: it answers again).
    func setWaitingForAPI(since: Timestamp?) {
        outageSince.store(since?.millisecondsSinceEpoch ?? -1, ordering: .relaxed)
    }

    /// Counts one contact fetched and normalized (committed within ``SyncConfiguration/flushInterval``).
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

/// The progress of a run over many locations: the sum of its parts', and how many have finished.
package final class CombinedProgress: ProgressSource {
    /// What the run does beside its parts (agency requests, an outage).
    package let shared = SyncProgress()
    private let parts = Mutex<[SyncProgress]>([])
    private let finished = Atomic<Int>(0)
    private let expected = Atomic<Int>(0)

    package init() {}

    /// Says how many parts the run has.
    package func expect(parts count: Int) {
        expected.store(count, ordering: .relaxed)
    }

    /// A new part's counters, counted in the sum.
    package func addPart() -> SyncProgress {
        let part = SyncProgress()
        parts.withLock { $0.append(part) }
        return part
    }

    /// Counts one part finished.
    package func partFinished() {
        finished.add(1, ordering: .relaxed)
    }

    package func snapshot() -> SyncProgress.Snapshot {
        let snapshots = parts.withLock { $0.map { $0.snapshot() } }
        var base = shared.snapshot()
        base.total = 0
        var sum = snapshots.reduce(base) { $0 + $1 }
        let total = expected.load(ordering: .relaxed)
        if snapshots.count < total { sum.total = nil }
        sum.locations = (finished.load(ordering: .relaxed), total)
        return sum
    }
}
