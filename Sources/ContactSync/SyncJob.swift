import ContactNormalization
public import ContactStore
public import HighLevelAPI
public import Logging

/// One sync run: reads ids, fetches them through a sliding window of child tasks, and hands results to
/// the single writer in batched transactions.
///
/// Stops early, keeping everything already committed, when the task is cancelled (SIGINT/SIGTERM:
/// `interrupted`), when the API answers 401/403 or the database fails (`aborted`), or when the daily
/// quota runs out (`partial`; the ids not sent are recorded as `daily_quota_exhausted`).
public struct SyncJob: Sendable {
    public let configuration: SyncConfiguration
    public let client: HighLevelClient
    public let store: ContactStore
    public let logger: Logger
    /// The live counters a progress display reads while the job runs.
    public let progress: SyncProgress

    public init(
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
    public func run(ids reader: IDReader, resume: Bool) async throws(SyncJobError) -> SyncSummary {
        try await run(source: .list(reader), resume: resume)
    }

    /// Runs the job over the ids `source` yields. With `resume`, continues the latest run that did not succeed
    /// (when it read the same kind of source, for a location the same location), skipping the ids it already
    /// stored; otherwise starts a new run.
    ///
    /// A location source (and `customFieldsOf`, for an id list) first refreshes the location's custom field
    /// definitions; a refresh that fails is logged and the run goes on. A resumed incremental run keeps the
    /// watermark it started with.
    public func run(
        source: ContactIDSource, customFieldsOf customFieldsLocation: LocationID? = nil, resume: Bool
    ) async throws(SyncJobError) -> SyncSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let runID: Int64
        var alreadySynced = ContactIDSet()
        let runSource: RunSource
        let seen: TemporaryIDSet
        do {
            seen = try TemporaryIDSet()
            let wanted = try resolveSource(source)
            if resume, let previous = try store.latestUnfinishedRun(), try resumable(previous.id, as: wanted) {
                runID = previous.id
                runSource = try store.source(runID: runID) ?? wanted
                try store.forEachStoredContactID(runID: runID) { alreadySynced.insert($0) }
                try store.reopenRun(id: runID)
                logger.info("resuming run", metadata: ["run": "\(runID)", "already_synced": "\(alreadySynced.count)"])
            } else {
                if resume { logger.info("no unfinished run of this kind to resume; starting a new run") }
                runID = try store.beginRun()
                runSource = wanted
            }
            try store.setSource(runSource, runID: runID)
        } catch {
            throw .store(error)
        }
        logger.info("sync started", metadata: [
            "run": "\(runID)", "concurrency": "\(configuration.concurrency)",
            "rate_limit": "\(configuration.rateLimit)", "base_url": "\(client.configuration.baseURL)",
            "id_source": "\(runSource.idSource)", "changed_since": "\(runSource.changedSince ?? "-")",
        ])
        let limiter = RateLimiter(policy: configuration.rateLimit, clock: clock)
        let fetcher = ContactFetcher(
            client: client,
            limiter: limiter,
            retryPolicy: RetryPolicy(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff),
            maximumAttempts: max(configuration.maximumAttempts, 1),
            clock: clock, progress: progress
        )
        var ids: IDStream<ContinuousClock>
        switch source {
        case .list(let reader):
            ids = .list(reader)
            if let customFieldsLocation { await refreshCustomFields(of: customFieldsLocation, limiter: limiter, clock: clock) }
        case .location(let search):
            await refreshCustomFields(of: search.locationID, limiter: limiter, clock: clock)
            ids = .search(ContactSearchPager(
                search: search, changedSince: runSource.changedSince, client: client, limiter: limiter,
                configuration: configuration, clock: clock, progress: progress
            ))
        }
        var loop = SyncLoop(
            runID: runID, configuration: configuration, store: store, logger: logger, clock: clock,
            alreadySynced: alreadySynced, seen: seen, progress: progress
        )
        await loop.run(ids: &ids, fetcher: fetcher)

        let status = loop.finalStatus
        var stored: SyncRunRecord?
        do {
            try store.finishRun(id: runID, status: status, message: loop.stopMessage)
            stored = try store.run(id: runID)
        } catch {
            logger.error("could not record the end of the run", metadata: ["error": "\(error)"])
        }
        var finalStatus = stored?.status ?? .aborted
        if finalStatus == .succeeded, (stored?.counters.failures ?? 0) > 0 { finalStatus = .partial }
        if finalStatus != status, stored != nil {
            try? store.finishRun(id: runID, status: finalStatus, message: loop.stopMessage)
        }
        return SyncSummary(
            runID: runID, status: finalStatus, run: stored?.counters ?? loop.invocation,
            thisInvocation: loop.invocation, skippedAlreadySynced: loop.skipped,
            elapsed: started.duration(to: clock.now), message: loop.stopMessage
        )
    }
}
