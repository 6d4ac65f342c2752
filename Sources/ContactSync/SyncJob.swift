import ContactNormalization
package import ContactStore
package import HighLevelAPI
package import Logging

/// One sync run: reads ids, fetches them through a sliding window of child tasks, and hands results to
/// the single writer in batched transactions.
///
/// Stops early, keeping everything already committed, when the task is cancelled (SIGINT/SIGTERM:
/// `interrupted`), when the API answers 401/403 or the database fails (`aborted`), or when the daily
/// quota runs out (`partial`; the ids not sent are recorded as `daily_quota_exhausted`).
package struct SyncJob: Sendable {
    package let configuration: SyncConfiguration
    package let client: HighLevelClient
    package let store: ContactStore
    package let logger: Logger
    /// The live counters a progress display reads while the job runs.
    package let progress: SyncProgress

    package init(
        configuration: SyncConfiguration, client: HighLevelClient, store: ContactStore, logger: Logger,
        progress: SyncProgress = SyncProgress()
    ) {
        self.configuration = configuration
        self.client = client
        self.store = store
        self.logger = logger
        self.progress = progress
    }

    /// Runs the job over `ids`. With `resume`, continues the latest run that did not succeed, skipping the
    /// ids it already stored; when there is none, starts a new run.
    package func run(ids reader: IDReader, resume: Bool) async throws(SyncJobError) -> SyncSummary {
        try await run(source: .list(reader), resume: resume)
    }

    /// Runs the job over the ids `source` yields. With `resume`, continues the latest run that did not succeed
    /// (when it read the same kind of source, for a location the same location), skipping the ids it already
    /// stored; otherwise starts a new run.
    ///
    /// A location source (and `customFieldsOf`, for an id list) first refreshes the location's custom field
    /// definitions; a refresh that fails is logged and the run goes on. A resumed incremental run keeps the
    /// watermark it started with.
    package func run(
        source: ContactIDSource, customFieldsOf customFieldsLocation: LocationID? = nil, resume: Bool
    ) async throws(SyncJobError) -> SyncSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let run: StartedRun
        do {
            run = try start(source: source, resume: resume)
        } catch {
            throw .store(error)
        }
        logger.info("sync started", metadata: [
            "run": "\(run.id)", "concurrency": "\(configuration.concurrency)",
            "rate_limit": "\(configuration.rateLimit)", "base_url": "\(client.configuration.baseURL)",
            "id_source": "\(run.source.idSource.rawValue)", "changed_since": "\(run.source.changedSince ?? "-")",
        ])
        let limiter = RateLimiter(policy: configuration.rateLimit, clock: clock)
        let gate = OutageGate(timeout: configuration.outageTimeout, clock: clock, logger: logger, progress: progress)
        let call = PacedCall(limiter: limiter, gate: gate, configuration: configuration, clock: clock, progress: progress)
        var ids: IDStream<ContinuousClock>
        switch source {
        case .list(let reader):
            ids = .list(reader)
            if let customFieldsLocation { await refreshCustomFields(of: customFieldsLocation, call: call) }
        case .location(let search):
            await refreshCustomFields(of: search.locationID, call: call)
            ids = .search(ContactSearchPager(search: search, changedSince: run.source.changedSince, client: client, call: call))
        }
        var state = RunState(
            policy: RunState.BatchPolicy(
                size: configuration.batchSize, bytes: configuration.batchBytes, interval: configuration.flushInterval),
            priorFailures: run.priorFailures, now: clock.now
        )
        let driver = SyncDriver(
            concurrency: configuration.concurrency, fetcher: ContactFetcher(client: client, call: call),
            writer: BatchWriter(store: store, runID: run.id), progress: progress, logger: logger, seen: run.seen,
            alreadyStored: run.alreadyStored
        )
        await driver.run(ids: &ids, state: &state)
        if run.source.idSource == .location, run.source.changedSince == nil, state.listedEverything,
            let location = run.source.locationID
        {
            sweepDeletions(of: location, listed: run.seen, runID: run.id, state: &state)
        }

        var status = state.finalStatus
        let message = state.stop?.message
        var recorded: SyncRunRecord?
        do {
            try store.finishRun(id: run.id, status: status, message: message)
            recorded = try store.run(id: run.id)
        } catch {
            logger.error("could not record the end of the run", metadata: ["error": "\(error)"])
            status = .aborted
        }
        var invocation = state.invocation
        let requests = progress.requestTotals()
        invocation.requests = requests.requests
        invocation.retries = requests.retries
        invocation.rateLimited = requests.rateLimited
        return SyncSummary(
            runID: run.id, status: status, run: recorded?.counters ?? invocation, thisInvocation: invocation,
            skippedAlreadySynced: state.skipped, elapsed: started.duration(to: clock.now), message: message
        )
    }
}
