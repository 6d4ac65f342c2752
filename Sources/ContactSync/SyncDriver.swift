import CHeapTrim
import ContactNormalization
import ContactStore
import HighLevelAPI
import Logging

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

/// Commits batches for one run: the single writer's side of the loop.
struct BatchWriter: Sendable {
    let store: ContactStore
    let runID: Int64

    /// Commits `batch` in one transaction. Blocking (not GRDB's async write), so that cancelling the group on a
    /// signal can never interrupt a transaction: what was fetched is committed.
    func write(_ batch: PendingBatch) -> Result<BatchResult, ContactStoreError> {
        // Free heap pages go back to the kernel first: glibc returns memory only from the top of a heap, so the
        // holes large response bodies leave would keep a long run's memory creeping up. Before the batch, not
        // after: the caller holds the batch until this returns.
        _ = ghl_trim_heap()
        return Result { () throws(ContactStoreError) in
            try store.save(batch.contacts, failures: batch.failures, runID: runID, counters: batch.counters)
        }
    }
}

/// The async side of a run: reads ids, runs fetches in a sliding window of child tasks, hands batches to the
/// writer in another child task, and applies every result to the ``RunState``, which makes the decisions.
struct SyncDriver<C: Clock> where C.Duration == Duration {
    let concurrency: Int
    let fetcher: ContactFetcher<C>
    let writer: BatchWriter
    let progress: SyncProgress
    let logger: Logger
    /// Every id (or invalid line) read so far.
    let seen: IDIndex
    /// The ids a resumed run already stored (skipped), when resuming.
    let alreadyStored: IDIndex?

    /// How often the state's counters are copied into ``SyncProgress`` (a display reads them less often).
    static var progressPublishInterval: Duration { .milliseconds(100) }

    func run(ids: inout IDStream<C>, state: inout RunState) async {
        let clock = ContinuousClock()
        var lastPublished = clock.now
        let window = max(concurrency, 1)
        await withTaskGroup(of: LoopEvent.self) { group in
            var inFlight = 0
            func startWriteIfDue(_ state: inout RunState) {
                let now = clock.now
                if lastPublished.duration(to: now) >= Self.progressPublishInterval {
                    lastPublished = now
                    progress.publish(state.invocation, skipped: state.skipped)
                }
                guard let batch = state.takeBatchIfDue(now: now, requests: progress.requestTotals()) else { return }
                group.addTask { [writer] in LoopEvent(write: writer.write(batch)) }
            }
            func handle(_ event: LoopEvent, _ state: inout RunState) {
                if let fetched = event.fetch {
                    inFlight -= 1
                    state.apply(fetched)
                }
                if let written = event.write {
                    if case .failure(let error) = written {
                        logger.error("database write failed; aborting the run", metadata: ["error": "\(error)"])
                    }
                    state.apply(written)
                }
                startWriteIfDue(&state)
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
                    guard state.keepsReading else { break }
                    if case .fetch = state.fetchUnlessQuotaStopped(id, line: line) {
                        group.addTask { [fetcher] in LoopEvent(fetch: await fetcher.fetch(id, line: line)) }
                        inFlight += 1
                    }
                }
                startWriteIfDue(&state)
            }
            if !state.keepsReading { group.cancelAll() }
            while let event = await group.next() { handle(event, &state) }
        }
        if Task.isCancelled { state.stop(.interrupted) }
        if let batch = state.takeFinalBatch(requests: progress.requestTotals()) {
            let written = writer.write(batch)
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
        let first = try seen.insert(key)
        if first, case .id(let id, _) = item, let alreadyStored { stored = try alreadyStored.contains(id.rawValue) }
        return state.read(item, isFirstSighting: first, isAlreadyStored: stored)
    }
}
