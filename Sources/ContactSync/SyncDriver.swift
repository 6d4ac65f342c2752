import CHeapTrim
import ContactNormalization
import ContactStore
import HighLevelAPI
import Logging
import Synchronization

/// What a child task of the driver's group reports: one fetch, or one write. A named struct for the reason
/// ``CallResult`` is one; exactly one of the two is set.
struct LoopEvent: Sendable {
    let fetch: FetchResult?
    let write: Result<BatchResult, ContactStoreError>?

    init(fetch: FetchResult) {
        self.fetch = fetch
        write = nil
    }

    init(write: Result<BatchResult, ContactStoreError>) {
        fetch = nil
        self.write = write
    }
}

/// The run's one writer: commits batches for every part of the run. A part that hands over a batch while
/// another is being written waits without holding a thread, and the waiting batches then go together in one
/// transaction (a run over many locations would otherwise commit once per location per second).
final class BatchWriter: Sendable {
    private struct Waiting {
        let batch: ContactStore.Batch
        let continuation: CheckedContinuation<Result<BatchResult, ContactStoreError>, Never>
    }

    let store: ContactStore
    let runID: Int64
    private let queue = Mutex((writing: false, waiting: [Waiting]()))
    /// When to trim the heap (only the writing thread touches it).
    private let trimSchedule = Mutex(HeapTrimSchedule())

    init(store: ContactStore, runID: Int64) {
        self.store = store
        self.runID = runID
    }

    /// Commits `batch` of `location`'s part (nil: the run has no parts). Blocking while it writes (not GRDB's
    /// async write), so that cancelling the group on a signal can never interrupt a transaction: what was
    /// fetched is committed.
    func write(_ batch: PendingBatch, location: String?) async -> Result<BatchResult, ContactStoreError> {
        let batch = ContactStore.Batch(
            contacts: batch.contacts, failures: batch.failures, locationID: location, counters: batch.counters)
        return await withCheckedContinuation { continuation in
            let writes = queue.withLock { queue in
                queue.waiting.append(Waiting(batch: batch, continuation: continuation))
                defer { queue.writing = true }
                return !queue.writing
            }
            guard writes else { return }
            while let taken = takeWaiting() { commit(taken) }
        }
    }

    /// Everything waiting, or nil (and no longer writing) when nothing is.
    private func takeWaiting() -> [Waiting]? {
        queue.withLock { queue in
            let taken = queue.waiting
            queue.waiting = []
            if taken.isEmpty { queue.writing = false }
            return taken.isEmpty ? nil : taken
        }
    }

    private func commit(_ taken: [Waiting]) {
        // Free heap pages go back to the kernel first when they are due: glibc returns memory only from the top
        // of a heap, so the holes large response bodies leave would keep a long run's memory creeping up.
        let bytes = taken.reduce(0) { sum, waiting in
            waiting.batch.contacts.reduce(sum) { $0 + $1.contact.rawJSON.utf8.count }
        }
        if trimSchedule.withLock({ $0.commits(bytes: bytes) }) { _ = ghl_trim_heap() }
        do throws(ContactStoreError) {
            let results = try store.save(taken.map(\.batch), runID: runID)
            for (waiting, result) in zip(taken, results) { waiting.continuation.resume(returning: .success(result)) }
        } catch {
            for waiting in taken { waiting.continuation.resume(returning: .failure(error)) }
        }
    }
}

/// When the writer hands free heap pages back to the kernel: before the first commit, then before the first
/// commit after each `interval` bytes of contact JSON. Trimming before every ~1 MiB batch cost 3-4 % of a first
/// load's CPU (each `malloc_trim` gave ~3 MB back, which the next batch faulted in again page by page).
package struct HeapTrimSchedule {
    package let interval: Int
    /// Contact JSON committed since the last trim (more than `interval` before the first).
    private var untrimmed = Int.max

    package init(interval: Int = 16 << 20) {
        self.interval = interval
    }

    /// Whether to trim before committing `bytes` of contact JSON; counts them either way.
    package mutating func commits(bytes: Int) -> Bool {
        let due = untrimmed >= interval
        untrimmed = due ? bytes : untrimmed + bytes
        return due
    }
}

/// The async side of a run: reads ids, runs fetches in a sliding window of child tasks, hands batches to the
/// writer in another child task, and applies every result to the ``RunState``, which makes the decisions.
struct SyncDriver<C: Clock> where C.Duration == Duration {
    let concurrency: Int
    let fetcher: ContactFetcher<C>
    let writer: BatchWriter
    /// The part batches belong to (nil: the run has none).
    let location: String?
    let progress: SyncProgress
    let logger: Logger
    /// Every id (or invalid line) read so far, each key after `seenPrefix` (a location's, in a run of many).
    let seen: IDIndex
    let seenPrefix: String
    /// The ids a resumed run already stored (skipped), when resuming.
    let alreadyStored: IDIndex?
    /// In a run over many locations, the run-wide budget of contacts fetched and not yet written (one slot per
    /// fetch, held until its contact or failure is committed), and this part's turn in it: without it every
    /// location would hold its own batches and fetches, and memory would grow with the number of locations.
    var unwritten: (budget: RequestSlots, owner: Int)? = nil

    /// How often the state's counters are copied into ``SyncProgress`` (a display reads them less often).
    static var progressPublishInterval: Duration { .milliseconds(100) }

    func run(ids: inout IDStream<C>, state: inout RunState) async {
        let clock = ContinuousClock()
        var lastPublished = clock.now
        let window = max(concurrency, 1)
        // Budget slots held: by fetches in flight, by the items they put in the pending batch, by the batch
        // being written. All are given back by the end of the run.
        var held = 0, heldByPending = 0, heldByWrite = 0
        func giveBack(_ count: Int) {
            guard let unwritten, count > 0 else { return }
            for _ in 0..<count { unwritten.budget.release() }
            held -= count
        }
        defer { giveBack(held) }
        await withTaskGroup(of: LoopEvent.self) { group in
            var inFlight = 0
            func startWriteIfDue(_ state: inout RunState, force: Bool = false) {
                let now = clock.now
                if lastPublished.duration(to: now) >= Self.progressPublishInterval {
                    lastPublished = now
                    progress.publish(state.invocation, skipped: state.skipped)
                }
                guard let batch = state.takeBatchIfDue(now: now, requests: progress.requestTotals(), force: force) else { return }
                (heldByWrite, heldByPending) = (heldByPending, 0)
                group.addTask { [writer, location] in LoopEvent(write: await writer.write(batch, location: location)) }
            }
            func handle(_ event: LoopEvent, _ state: inout RunState) {
                if let fetched = event.fetch {
                    inFlight -= 1
                    let before = state.pendingCount
                    state.apply(fetched)
                    if unwritten != nil {
                        if state.pendingCount > before { heldByPending += 1 } else { giveBack(1) }
                    }
                }
                if let written = event.write {
                    if case .failure(let error) = written {
                        logger.error("database write failed; aborting the run", metadata: ["error": "\(error)"])
                    }
                    state.apply(written)
                    giveBack(heldByWrite)
                    heldByWrite = 0
                }
                startWriteIfDue(&state)
            }
            /// Takes a slot of the run-wide budget for one more fetch: while none is free, hands the pending
            /// batch to the writer and waits for this part's own events; with none outstanding, waits its turn.
            func takeBudgetSlot(_ state: inout RunState) async -> Bool {
                guard let unwritten else { return true }
                while !unwritten.budget.tryAcquire(owner: unwritten.owner) {
                    startWriteIfDue(&state, force: true)
                    if let event = await group.next() {
                        handle(event, &state)
                        guard state.keepsReading else { return false }
                        continue
                    }
                    do {
                        try await unwritten.budget.acquire(owner: unwritten.owner)
                        break
                    } catch {
                        state.stop(.interrupted)
                        return false
                    }
                }
                held += 1
                return true
            }

            while true {
                if Task.isCancelled { state.stop(.interrupted) }
                guard state.keepsReading else { break }
                let item: IDLine?
                do throws(SyncJobError) {
                    item = try await ids.next()
                } catch {
                    state.sourceFailed(error)
                    break
                }
                guard let item else {
                    state.sourceEnded()
                    startWriteIfDue(&state)
                    break
                }
                state.lineRead(knownTotal: progress.total)
                var action = RunState.ReadAction.skip
                do throws(ContactStoreError) {
                    action = try decide(item, &state)
                } catch {
                    logger.error("cannot keep track of the ids read; aborting the run", metadata: ["error": "\(error)"])
                    state.stop(.idIndexFailed(error))
                }
                if case .fetch(let id, let line) = action {
                    while inFlight >= window || state.mustWaitForWriter, let event = await group.next() {
                        handle(event, &state)
                    }
                    guard state.keepsReading, await takeBudgetSlot(&state) else { break }
                    if case .fetch = state.fetchUnlessQuotaStopped(id, line: line) {
                        group.addTask { [fetcher] in LoopEvent(fetch: await fetcher.fetch(id, line: line)) }
                        inFlight += 1
                    } else {
                        giveBack(1)
                    }
                }
                startWriteIfDue(&state)
                // Lines recorded as failures without a fetch (invalid ids; every id once the quota ran out) fill
                // batches too: a full batch waits for the writer here as well, or a quota stop early in a long
                // list would hold the rest of the list in memory (182 MiB at 1,000,000 ids).
                while state.mustWaitForWriter, let event = await group.next() { handle(event, &state) }
            }
            if !state.keepsReading { group.cancelAll() }
            while let event = await group.next() { handle(event, &state) }
        }
        if Task.isCancelled { state.stop(.interrupted) }
        if let batch = state.takeFinalBatch(requests: progress.requestTotals()) {
            let written = await writer.write(batch, location: location)
            if case .failure(let error) = written {
                logger.error("database write failed; aborting the run", metadata: ["error": "\(error)"])
            }
            state.apply(written)
        }
        progress.publish(state.invocation, skipped: state.skipped)
    }

    /// Checks `item` against the ids seen (and stored by the resumed run) and lets the state decide.
    private func decide(_ item: IDLine, _ state: inout RunState) throws(ContactStoreError) -> RunState.ReadAction {
        let key: String
        var stored = false
        switch item {
        case .invalid(let text, _, _): key = text
        case .id(let id, _): key = id.rawValue
        }
        let first = try seen.insert(seenPrefix + key)
        if first, case .id(let id, _) = item, let alreadyStored { stored = try alreadyStored.contains(id.rawValue) }
        return state.read(item, isFirstSighting: first, isAlreadyStored: stored)
    }
}
