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
        let clock = ContinuousClock()
        let started = clock.now
        let runID: Int64
        var alreadySynced = ContactIDSet()
        do {
            if resume, let previous = try store.latestUnfinishedRun() {
                runID = previous.id
                try store.forEachStoredContactID(runID: runID) { alreadySynced.insert($0) }
                try store.reopenRun(id: runID)
                logger.info("resuming run", metadata: ["run": "\(runID)", "already_synced": "\(alreadySynced.count)"])
            } else {
                if resume { logger.info("no unfinished run to resume; starting a new run") }
                runID = try store.beginRun()
            }
        } catch {
            throw .store(error)
        }
        logger.info("sync started", metadata: [
            "run": "\(runID)", "concurrency": "\(configuration.concurrency)",
            "rate_limit": "\(configuration.rateLimit)", "base_url": "\(client.configuration.baseURL)",
        ])
        let fetcher = ContactFetcher(
            client: client,
            limiter: RateLimiter(policy: configuration.rateLimit, clock: clock),
            retryPolicy: RetryPolicy(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff),
            maximumAttempts: max(configuration.maximumAttempts, 1),
            clock: clock, progress: progress
        )
        var loop = SyncLoop(
            runID: runID, configuration: configuration, store: store, logger: logger, clock: clock,
            alreadySynced: alreadySynced, progress: progress
        )
        await loop.run(reader: reader, fetcher: fetcher)

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
