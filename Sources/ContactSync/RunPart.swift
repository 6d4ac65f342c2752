import ContactStore
import HighLevelAPI
import Logging

/// One source of ids within a run and what syncing it needs: a whole run when it reads one id list or one
/// location, one location's part of a run over many.
struct RunPart: Sendable {
    let runID: Int64
    let source: ContactIDSource
    /// What `sync_runs` (or the part's row) records for it: the watermark a location's listing uses.
    let runSource: RunSource
    let client: HighLevelClient
    let call: PacedCall<ContinuousClock>
    let progress: SyncProgress
    /// Whose custom field definitions to refresh first (a location source's own, or `--location-id`'s).
    let customFieldsOf: LocationID?
    /// The location whose part of the run this is (its counters are kept in `sync_run_locations`).
    let partLocation: String?
    /// Failed ids that earlier attempts of the part recorded.
    let priorFailures: Int
    let seen: IDIndex
    let alreadyStored: IDIndex?
    let writer: BatchWriter
    /// In a run over many locations, the run-wide budget of unwritten contacts and this part's turn in it.
    var unwritten: (budget: RequestSlots, owner: Int)? = nil
    /// Whether the run is a first load: its fetches parse and normalize each contact (see ``ContactFetcher``).
    var firstLoad = false
}

extension SyncJob {
    /// Syncs one part: refreshes custom field definitions, reads, fetches and writes its ids, and after a
    /// complete full listing marks the location's stored contacts it left out deleted. Returns the part's
    /// state: its counters, why it stopped, its final status.
    func sync(_ part: RunPart) async -> RunState {
        if let location = part.customFieldsOf { await refreshCustomFields(of: location, client: part.client, call: part.call) }
        var ids: IDStream<ContinuousClock>
        switch part.source {
        case .list(let reader):
            ids = .list(reader)
        case .location(let search):
            ids = .search(ContactSearchPager(
                search: search, changedSince: part.runSource.changedSince, client: part.client, call: part.call))
        }
        let clock = ContinuousClock()
        var state = RunState(
            policy: RunState.BatchPolicy(
                size: configuration.batchSize, bytes: configuration.batchBytes, interval: configuration.flushInterval),
            priorFailures: part.priorFailures, now: clock.now
        )
        let seenPrefix = part.partLocation.map { $0 + "/" } ?? ""
        var driver = SyncDriver(
            concurrency: configuration.concurrency, fetcher: ContactFetcher(client: part.client, call: part.call, normalizes: part.firstLoad),
            writer: part.writer, location: part.partLocation, progress: part.progress, logger: logger, seen: part.seen,
            seenPrefix: seenPrefix, alreadyStored: part.alreadyStored
        )
        driver.unwritten = part.unwritten
        await driver.run(ids: &ids, state: &state)
        if part.runSource.idSource != .file, part.runSource.changedSince == nil, state.listedEverything,
            let location = part.runSource.locationID
        {
            sweepDeletions(of: location, listed: part.seen, prefix: seenPrefix, part: part, state: &state)
        }
        return state
    }
}
