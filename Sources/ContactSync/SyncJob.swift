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
        let firstLoad: Bool
        do {
            run = try start(source: source, resume: resume)
            firstLoad = try store.isFirstLoad()
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
        var partLocation: String?
        var customFields = customFieldsLocation
        if case .location(let search) = source {
            partLocation = search.locationID.rawValue
            customFields = search.locationID
            do {
                try store.recordLocation(search.locationID.rawValue, name: nil)
                try store.beginPart(runID: run.id, locationID: search.locationID.rawValue, source: run.source)
            } catch {
                throw .store(error)
            }
        }
        let part = RunPart(
            runID: run.id, source: source, runSource: run.source, client: client, call: call, progress: progress,
            customFieldsOf: customFields, partLocation: partLocation, priorFailures: run.priorFailures, seen: run.seen,
            alreadyStored: run.alreadyStored, writer: BatchWriter(store: store, runID: run.id), firstLoad: firstLoad
        )
        let state = await sync(part)

        var status = state.finalStatus
        let message = state.stop?.message
        var recorded: SyncRunRecord?
        do {
            if let partLocation { try store.finishPart(runID: run.id, locationID: partLocation, status: status, message: message) }
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
