import CHeapTrim
import ContactNormalization
import ContactStore
import HighLevelAPI
import Logging

/// The state of one run's read → fetch → write loop. Lives in the job's task only.
struct SyncLoop {
    enum Stop {
        case interrupted
        case aborted(String)
        case quotaExhausted
    }

    let runID: Int64
    let configuration: SyncConfiguration
    let store: ContactStore
    let logger: Logger
    let clock: ContinuousClock
    let alreadySynced: ContactIDSet
    let progress: SyncProgress

    private(set) var invocation = RunCounters()
    private(set) var skipped = 0
    private(set) var stop: Stop?
    /// Every id (or invalid line) read so far: on disk, so memory does not grow with the id list.
    private let seen: TemporaryIDSet
    private var pendingContacts: [NormalizedContact] = []
    private var pendingBytes = 0
    private var pendingFailures: [FailureRecord] = []
    private var pendingCounters = RunCounters()
    private var lastFlush: ContinuousClock.Instant
    var lastProgress: ContinuousClock.Instant
    private var databaseFailed = false
    private var writing = false
    /// Id lines taken from the source so far: ids, invalid lines and repeats, as ``SyncProgress/total`` counts.
    private var linesRead = 0
    /// Whether the run is in its last batch of id lines (its known total says fewer than a batch are left):
    /// from then on batches of a tenth of the size are committed whenever the writer is free, so that little
    /// is left to write once the last response is in.
    private var endInSight = false
    /// Whether the source is used up: whatever is pending is then committed whenever the writer is free.
    private var sourceUsedUp = false

    init(
        runID: Int64, configuration: SyncConfiguration, store: ContactStore, logger: Logger, clock: ContinuousClock,
        alreadySynced: ContactIDSet, seen: TemporaryIDSet, progress: SyncProgress
    ) {
        self.seen = seen
        self.runID = runID
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.clock = clock
        self.alreadySynced = alreadySynced
        self.progress = progress
        lastFlush = clock.now
        lastProgress = clock.now
    }

    var finalStatus: RunStatus {
        switch stop {
        case nil: invocation.failures > 0 ? .partial : .succeeded
        case .interrupted: .interrupted
        case .aborted: .aborted
        case .quotaExhausted: .partial
        }
    }

    var stopMessage: String? {
        switch stop {
        case nil: nil
        case .interrupted: "interrupted by a signal; run again with --resume to continue"
        case .aborted(let reason): reason
        case .quotaExhausted: "the API's daily request quota is used up; run again with --resume after it resets"
        }
    }

    mutating func run<C>(ids: inout IDStream<C>, fetcher: ContactFetcher<C>) async {
        let window = max(configuration.concurrency, 1)
        await withTaskGroup(of: LoopEvent.self) { group in
            var inFlight = 0
            reading: while true {
                if Task.isCancelled, stop == nil { stop = .interrupted }
                if let stop, !stop.keepsReading { break }
                let item: IDLine?
                do throws(SyncJobError) {
                    item = try await ids.next()
                    count(ids.takeRequestCounters())
                } catch {
                    count(ids.takeRequestCounters())
                    self.stop = error.loopStop
                    break
                }
                guard let item else {
                    // What is pending goes to the writer now, not after the last response is in.
                    sourceUsedUp = true
                    writeIfDue(group: &group)
                    break
                }
                noteLineRead()
                switch item {
                case .invalid(let text, let line, let reason):
                    guard firstSighting(text) else { continue reading }
                    record(FailureRecord(contactID: text, reason: "invalid_id", message: reason, lineNumber: line))
                case .id(let id, let line):
                    guard firstSighting(id.rawValue) else { continue reading }
                    if alreadySynced.contains(id.rawValue) {
                        skipped += 1
                        continue reading
                    }
                    if case .quotaExhausted? = stop {
                        record(Self.quotaFailure(id: id, line: line, attempts: 0))
                        continue reading
                    }
                    // Wait for a free slot, and while a full batch waits on the one being written (the
                    // write buffer holds at most two batches).
                    while inFlight >= window || (writing && batchIsFull), let event = await group.next() {
                        if event.fetch != nil { inFlight -= 1 }
                        handle(event, group: &group)
                    }
                    if let stop, !stop.keepsReading { break reading }
                    if case .quotaExhausted? = stop {
                        record(Self.quotaFailure(id: id, line: line, attempts: 0))
                        continue reading
                    }
                    group.addTask {
                        let outcome = await fetcher.fetch(id, line: line)
                        return LoopEvent(fetch: outcome)
                    }
                    inFlight += 1
                }
                writeIfDue(group: &group)
            }
            if stop != nil, stop?.keepsReading == false { group.cancelAll() }
            while let event = await group.next() {
                handle(event, group: &group)
            }
        }
        if Task.isCancelled, stop == nil { stop = .interrupted }
        commitPending()
        publishProgress()
    }

    private mutating func noteLineRead() {
        linesRead += 1
        if !endInSight, let total = progress.total, total - linesRead < configuration.batchSize {
            endInSight = true
        }
    }

    /// Adds requests sent to list ids (search pages) to the run's counters.
    private mutating func count(_ listing: RunCounters) {
        guard listing.requests > 0 else { return }
        invocation.requests += listing.requests
        invocation.retries += listing.retries
        invocation.rateLimited += listing.rateLimited
        pendingCounters.requests += listing.requests
        pendingCounters.retries += listing.retries
        pendingCounters.rateLimited += listing.rateLimited
    }

    /// Counts a distinct id (valid or not); false for a repeat, and when the id set cannot be written (the
    /// run then stops, and `--resume` reads the list again).
    private mutating func firstSighting(_ key: String) -> Bool {
        let isNew: Bool
        do {
            isNew = try seen.insert(key)
        } catch {
            logger.error("cannot keep track of the ids read; aborting the run", metadata: ["error": "\(error)"])
            if stop == nil || stop?.keepsReading == true {
                stop = .aborted("cannot keep track of the ids read (\(error)); run again with --resume once that is fixed")
            }
            return false
        }
        guard isNew else {
            invocation.duplicateIDs += 1
            // The store keeps max(stored, sent), like ids_read: send the total, not this batch's share.
            pendingCounters.duplicateIDs = invocation.duplicateIDs
            return false
        }
        invocation.idsRead += 1
        pendingCounters.idsRead = invocation.idsRead
        return true
    }

    private mutating func record(_ failure: FailureRecord) {
        pendingFailures.append(failure)
        invocation.failures += 1
    }

    private static func quotaFailure(id: ContactID, line: Int, attempts: Int) -> FailureRecord {
        FailureRecord(
            contactID: id.rawValue, reason: "daily_quota_exhausted",
            message: "not sent: the daily request quota was used up", attempts: attempts, lineNumber: line
        )
    }

    /// Handles one child task's report, then starts a write if one is due.
    private mutating func handle(_ event: LoopEvent, group: inout TaskGroup<LoopEvent>) {
        if let outcome = event.fetch { handle(outcome) }
        if let written = event.write {
            writing = false
            apply(written)
        }
        writeIfDue(group: &group)
    }

    private mutating func handle(_ outcome: FetchOutcome) {
        invocation.requests += outcome.requests
        invocation.retries += outcome.retries
        invocation.rateLimited += outcome.rateLimited
        pendingCounters.requests += outcome.requests
        pendingCounters.retries += outcome.retries
        pendingCounters.rateLimited += outcome.rateLimited
        switch outcome.kind {
        case .fetched(let contact):
            pendingContacts.append(contact)
            pendingBytes += contact.contact.rawJSON.utf8.count
        case .failed(let failure):
            record(failure)
        case .fatal(let error):
            if stop == nil || stop?.keepsReading == true {
                stop = .aborted("the API refused the token (\(error)); check the token and its scopes")
            }
        case .quotaExhausted:
            if stop == nil { stop = .quotaExhausted }
            record(Self.quotaFailure(id: outcome.id, line: outcome.line, attempts: outcome.requests))
        case .cancelled:
            if stop == nil { stop = .interrupted }
        }
    }

    /// Near the end of the list: a tenth of a batch is pending, or anything once the source is used up.
    private var endBatchIsDue: Bool {
        if sourceUsedUp { return true }
        return endInSight && pendingContacts.count + pendingFailures.count >= max(configuration.batchSize / 10, 1)
    }

    private var batchIsFull: Bool {
        pendingContacts.count + pendingFailures.count >= configuration.batchSize || pendingBytes >= configuration.batchBytes
    }

    /// Hands the pending batch to a child task that commits it in one transaction, unless one is being
    /// written already: fetching goes on while SQLite works, and batches commit in order. A batch is due when
    /// full, after ``SyncConfiguration/flushInterval``, and sooner near the end of the list.
    private mutating func writeIfDue(group: inout TaskGroup<LoopEvent>) {
        let now = clock.now
        publishProgressIfDue(now)
        let due = batchIsFull || endBatchIsDue || lastFlush.duration(to: now) >= configuration.flushInterval
        guard !writing, !databaseFailed, due else { return }
        lastFlush = now
        guard let batch = takePending() else { return }
        writing = true
        group.addTask { [store, runID] in
            // Free heap pages go back to the kernel first: glibc returns memory only from the top of a heap, so
            // the holes large response bodies leave would keep a long run's RSS creeping up (25 → 36 MiB of
            // anonymous memory over 100,000 ids, 17-27 MiB with this). Before the batch, not after: the task's
            // closure holds the batch until it returns.
            _ = ghl_trim_heap()
            // The blocking write (not GRDB's async one) so that cancelling the group on SIGINT can never
            // interrupt a transaction: what was fetched is committed.
            let written = WriteOutcome(result: Result { () throws(ContactStoreError) in
                try store.save(batch.contacts, failures: batch.failures, runID: runID, requestCounters: batch.counters)
            })
            return LoopEvent(write: written)
        }
    }

    /// Commits what is still pending, in this task, once no write is outstanding (the end of the run).
    private mutating func commitPending() {
        guard !databaseFailed, let batch = takePending() else { return }
        apply(WriteOutcome(result: Result { () throws(ContactStoreError) in
            try store.save(batch.contacts, failures: batch.failures, runID: runID, requestCounters: batch.counters)
        }))
    }

    private mutating func takePending() -> PendingBatch? {
        guard !pendingContacts.isEmpty || !pendingFailures.isEmpty || pendingCounters != RunCounters() else { return nil }
        let batch = PendingBatch(contacts: pendingContacts, failures: pendingFailures, counters: pendingCounters)
        pendingContacts = []
        pendingFailures = []
        pendingBytes = 0
        pendingCounters = RunCounters()
        return batch
    }

    /// A committed batch counts its changes; a failed one aborts the run (what it held stays unsynced for
    /// `--resume`).
    private mutating func apply(_ written: WriteOutcome) {
        switch written.result {
        case .success(let result):
            // Counted once committed: a batch lost to a database fault was not synced.
            invocation.contactsSynced += result.stored
            invocation.contactsChanged += result.changed
        case .failure(let error):
            logger.error("database write failed; aborting the run", metadata: ["error": "\(error)"])
            stop = .aborted("\(error); run again with --resume once that is fixed")
            databaseFailed = true
        }
    }
}

extension SyncLoop.Stop {
    /// After a quota stop the rest of the list is still read (and recorded without requests).
    var keepsReading: Bool {
        if case .quotaExhausted = self { return true }
        return false
    }
}
