package import ContactNormalization
package import ContactStore
package import HighLevelAPI

/// Contacts, failures and counters taken from the run's buffer to be committed together.
package struct PendingBatch: Sendable {
    package var contacts: [NormalizedContact] = []
    package var failures: [FailureRecord] = []
    /// Requests, retries and 429s since the previous batch; ids read and repeated as totals (the store keeps the
    /// larger of what it has and what it is sent).
    package var counters = RunCounters()

}

/// The decisions of one run's read → fetch → write loop, free of I/O and clocks so it can be tested exactly.
///
/// It owns this invocation's counters, the batch waiting to be written and when it is due, why the run stopped,
/// and the final status. ``SyncDriver`` feeds it what happened (a line read, a fetch finished, a batch
/// committed) and does what it says (fetch an id, write a batch, stop reading).
package struct RunState {
    /// When batches are committed.
    package struct BatchPolicy: Sendable {
        /// Contacts and failures per transaction, at most.
        package var size: Int
        /// Bytes of contact JSON per transaction, at most.
        package var bytes: Int
        /// The longest results wait before being committed.
        package var interval: Duration

        package init(size: Int, bytes: Int, interval: Duration) {
            self.size = size
            self.bytes = bytes
            self.interval = interval
        }
    }

    /// What to do with a line just read.
    package enum ReadAction: Equatable {
        /// Nothing more: it was repeated, skipped, or recorded as a failure.
        case skip
        /// Fetch it.
        case fetch(ContactID, line: Int)
    }

    package let policy: BatchPolicy
    /// This invocation's counters (requests, retries and 429s as of the last batch taken).
    package private(set) var invocation = RunCounters()
    /// Ids skipped because the resumed run had already stored them.
    package private(set) var skipped = 0
    /// Why the run stopped early, once it did.
    package private(set) var stop: RunStop?
    /// Failed ids of the whole run (earlier attempts of a resumed run included), as committed.
    package private(set) var runFailures: Int
    /// Whether a batch is being written now.
    package private(set) var isWriting = false

    private var pending = PendingBatch()
    private var pendingBytes = 0
    /// The counters as of the last batch handed to the writer.
    private var committed = RunCounters()
    private var lastBatch: ContinuousClock.Instant
    private var databaseFailed = false
    private var linesRead = 0
    /// In the last batch of id lines (the known total says fewer than a batch are left): from then on a tenth of
    /// a batch is committed whenever the writer is free, so little is left to write once the last response is in.
    private var endInSight = false
    /// The source is used up: whatever is pending is committed whenever the writer is free.
    private var sourceUsedUp = false

    /// A run starting at `now`, whose earlier attempts (when resumed) recorded `priorFailures` failed ids.
    package init(policy: BatchPolicy, priorFailures: Int = 0, now: ContinuousClock.Instant) {
        self.policy = policy
        runFailures = priorFailures
        lastBatch = now
    }

    /// The status the run ends with, decided here only: why it stopped, else whether any id of the run failed
    /// (committed, or waiting in the batch).
    package var finalStatus: RunStatus {
        stop?.status ?? (runFailures > 0 || !pending.failures.isEmpty ? .partial : .succeeded)
    }

    /// Whether more ids should be read.
    package var keepsReading: Bool { stop?.keepsReading ?? true }

    /// Whether the ids read are now recorded as not sent rather than fetched.
    package var isQuotaStopped: Bool {
        if case .quotaExhausted? = stop { return true }
        return false
    }

    /// Contacts and failures waiting in the pending batch.
    package var pendingCount: Int { pending.contacts.count + pending.failures.count }

    /// Whether reading must wait for the writer: a full batch waits while the previous one is written, so the
    /// buffer holds at most two batches.
    package var mustWaitForWriter: Bool { isWriting && batchIsFull }

    // MARK: Events

    /// Stops the run for `reason`, unless it already stopped for a reason that prevails.
    package mutating func stop(_ reason: RunStop) {
        if reason.replaces(stop) { stop = reason }
    }

    /// The source could not give the next line.
    package mutating func sourceFailed(_ error: SyncJobError) {
        switch error {
        case .search(.cancelled): stop(.interrupted)
        case .search(.unavailable(let outage)): stop(.apiUnavailable(outage))
        default: stop(.sourceFailed(error))
        }
    }

    /// The source is used up: what is pending goes to the writer now, not after the last response is in.
    package mutating func sourceEnded() {
        sourceUsedUp = true
    }

    /// Whether the source gave every id it had (a location's listing completed) and the run was neither
    /// interrupted nor aborted: only then may stored contacts it did not list be taken as deleted.
    package var listedEverything: Bool {
        guard sourceUsedUp else { return false }
        switch stop {
        case nil, .quotaExhausted?: return true
        default: return false
        }
    }

    /// Counts the contacts a run marked deleted after its listing (failed GETs count as their batch commits).
    package mutating func markedDeleted(_ count: Int) {
        invocation.contactsDeleted += count
    }

    /// Counts a line taken from the source; `knownTotal` is how many the source will give, when known.
    package mutating func lineRead(knownTotal: Int?) {
        linesRead += 1
        if !endInSight, let knownTotal, knownTotal - linesRead < policy.size { endInSight = true }
    }

    /// Decides what to do with `line`: whether its id (or invalid text) was seen before in this run, and whether
    /// the resumed run already stored it.
    package mutating func read(_ line: IDLine, isFirstSighting: Bool, isAlreadyStored: Bool) -> ReadAction {
        guard isFirstSighting else {
            invocation.duplicateIDs += 1
            return .skip
        }
        invocation.idsRead += 1
        switch line {
        case .invalid(let text, let number, let reason):
            record(.invalid(text: text, line: number, reason: reason))
            return .skip
        case .id(let id, let number):
            if isAlreadyStored {
                skipped += 1
                return .skip
            }
            return fetchUnlessQuotaStopped(id, line: number)
        }
    }

    /// Records `id` as not sent when the quota ran out while it waited for a fetch slot; else fetches it.
    package mutating func fetchUnlessQuotaStopped(_ id: ContactID, line: Int) -> ReadAction {
        guard isQuotaStopped else { return .fetch(id, line: line) }
        record(.quotaExhausted(id: id, line: line, attempts: 0))
        return .skip
    }

    /// Applies how one fetch ended.
    package mutating func apply(_ fetched: FetchResult) {
        switch fetched.outcome {
        case .success(let contact):
            pending.contacts.append(contact)
            pendingBytes += contact.contact.rawJSON.utf8.count
        case .gaveUp(let error):
            record(FailureRecord(id: fetched.id, line: fetched.line, finalError: error, attempts: fetched.attempts))
        case .fatal(let error):
            stop(.tokenRefused(error))
        case .quotaExhausted:
            stop(.quotaExhausted)
            record(.quotaExhausted(id: fetched.id, line: fetched.line, attempts: fetched.attempts))
        case .cancelled:
            stop(.interrupted)
        case .unavailable(let outage):
            stop(.apiUnavailable(outage))
        }
    }

    /// Applies how a batch's write ended: a committed batch counts what it stored; a failed one stops the run
    /// (what it held stays unsynced for `--resume`), and nothing more is written.
    package mutating func apply(_ written: Result<BatchResult, ContactStoreError>) {
        isWriting = false
        switch written {
        case .success(let result):
            invocation.contactsSynced += result.stored
            invocation.contactsChanged += result.changed
            invocation.contactsDeleted += result.deleted
            runFailures += result.failuresAdded
        case .failure(let error):
            stop(.databaseFailed(error))
            databaseFailed = true
        }
    }

    // MARK: Batches

    /// The pending batch when one is due and the writer is free (it is then writing): when it is full, when
    /// ``BatchPolicy/interval`` has passed since the last one, sooner near the end of the ids, and whenever
    /// `force` says so (a run-wide budget of unwritten contacts is used up).
    /// `requests` is what the paced calls have sent so far.
    package mutating func takeBatchIfDue(now: ContinuousClock.Instant, requests: RunCounters, force: Bool = false) -> PendingBatch? {
        let due = force || batchIsFull || endBatchIsDue || lastBatch.duration(to: now) >= policy.interval
        guard !isWriting, !databaseFailed, due else { return nil }
        lastBatch = now
        guard let batch = takePending(requests: requests) else { return nil }
        isWriting = true
        return batch
    }

    /// Everything still pending, at the end of the run once no write is outstanding (nil when there is nothing,
    /// or the database already failed).
    package mutating func takeFinalBatch(requests: RunCounters) -> PendingBatch? {
        guard !databaseFailed, !isWriting else { return nil }
        return takePending(requests: requests)
    }

    private var batchIsFull: Bool {
        pending.contacts.count + pending.failures.count >= policy.size || pendingBytes >= policy.bytes
    }

    private var endBatchIsDue: Bool {
        if sourceUsedUp { return true }
        return endInSight && pending.contacts.count + pending.failures.count >= max(policy.size / 10, 1)
    }

    private mutating func takePending(requests: RunCounters) -> PendingBatch? {
        invocation.requests = requests.requests
        invocation.retries = requests.retries
        invocation.rateLimited = requests.rateLimited
        let countersMoved = invocation.idsRead != committed.idsRead || invocation.duplicateIDs != committed.duplicateIDs
            || invocation.requests != committed.requests
        guard !pending.contacts.isEmpty || !pending.failures.isEmpty || countersMoved else { return nil }
        var batch = pending
        batch.counters.requests = invocation.requests - committed.requests
        batch.counters.retries = invocation.retries - committed.retries
        batch.counters.rateLimited = invocation.rateLimited - committed.rateLimited
        batch.counters.idsRead = invocation.idsRead
        batch.counters.duplicateIDs = invocation.duplicateIDs
        committed = invocation
        pending = PendingBatch()
        pendingBytes = 0
        return batch
    }

    private mutating func record(_ failure: FailureRecord) {
        pending.failures.append(failure)
        invocation.failures += 1
    }
}
