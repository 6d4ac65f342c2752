import ContactStore
import HighLevelAPI
import LosslessJSON
import Logging

/// A location still to sync in this invocation, with the watermark its listing uses.
struct PendingPart: Sendable {
    let plan: LocationPlan
    let source: RunSource
    /// Failed ids its earlier attempts recorded.
    let priorFailures: Int
}

/// A run over many locations, recorded and ready.
struct AgencyStart: Sendable {
    let runID: Int64
    let pending: [PendingPart]
    let seen: IDIndex
    let alreadyStored: IDIndex?
}

/// What the parts of a run share: the outage gate, the cap on requests in flight, the writer, the id indexes.
struct AgencyShared: Sendable {
    let gate: OutageGate<ContinuousClock>
    let slots: RequestSlots
    let writer: BatchWriter
    let seen: IDIndex
    let alreadyStored: IDIndex?
    /// How many parts sync at once.
    let parts: Int
    /// The contacts fetched and not yet written, across every part: what bounds the run's memory.
    let unwritten: RequestSlots
    /// Whether the run is a first load (see ``RunPart/firstLoad``).
    let firstLoad: Bool
}

/// How one part ended in this invocation. A named struct: task-group results must not be tuples (see
/// TOOLCHAIN-NOTES).
struct PartEnd: Sendable {
    let locationID: String
    let status: RunStatus
    let message: String?
    let invocation: RunCounters
}

extension AgencySyncJob {
    /// Begins a run over `plans`, or reopens the latest unfinished one over many locations when `resume` is set
    /// (its succeeded parts are not synced again; a location new to it gets a part of its own).
    func begin(_ plans: [LocationPlan], resume: Bool) throws(ContactStoreError) -> AgencyStart {
        let seen = try IDIndex()
        var runID: Int64
        var earlier: [String: RunPartRecord] = [:]
        var alreadyStored: IDIndex?
        if resume, let previous = try store.latestUnfinishedRun(), try store.source(runID: previous.id)?.idSource == .locations {
            runID = previous.id
            for part in try store.parts(runID: runID) { earlier[part.locationID] = part }
            let stored = try IDIndex()
            try store.forEachStoredContactID(runID: runID) { id throws(ContactStoreError) in try stored.insert(id) }
            alreadyStored = stored
            try store.reopenRun(id: runID)
            logger.info("resuming run", metadata: ["run": "\(runID)", "already_synced": "\(stored.count)"])
        } else {
            if resume { logger.info("no unfinished run over many locations to resume; starting a new run") }
            runID = try store.beginRun()
            try store.setSource(RunSource(idSource: .locations), runID: runID)
        }
        var pending: [PendingPart] = []
        for plan in plans {
            let location = plan.id.rawValue
            try store.recordLocation(location, name: plan.name)
            if let part = earlier[location] {
                guard part.status != .succeeded else { continue }
                let source = RunSource(
                    idSource: .location, locationID: location, changedSince: part.changedSince,
                    changedSinceBasis: part.changedSinceBasis)
                pending.append(PendingPart(plan: plan, source: source, priorFailures: part.counters.failures))
            } else {
                let search = LocationSearch(locationID: plan.id, changedSince: changedSince, pageSize: pageSize, overlap: overlap)
                let source = try SyncJob.resolveSource(.location(search), store: store, logger: logger)
                pending.append(PendingPart(plan: plan, source: source, priorFailures: 0))
            }
            try store.beginPart(runID: runID, locationID: location, source: pending[pending.count - 1].source)
        }
        return AgencyStart(runID: runID, pending: pending, seen: seen, alreadyStored: alreadyStored)
    }

    /// What each of `parts` locations syncing at once may hold, so that memory does not grow with the number
    /// of locations: together their batches hold what one single-location batch would (each part holds at most
    /// two: one being written, one filling; the writer commits the parts' small batches together), and each
    /// keeps at most its share of twice the requests the run may have in flight (at least 2) waiting on the cap,
    /// with their responses.
    func partConfiguration(parts: Int) -> SyncConfiguration {
        var shared = configuration
        let parts = max(parts, 1)
        shared.batchBytes = max(16 * 1024, configuration.batchBytes / parts)
        shared.batchSize = max(5, configuration.batchSize / parts)
        shared.concurrency = min(configuration.concurrency, max(2, (2 * maximumInFlight + parts - 1) / parts))
        return shared
    }

    /// Syncs one location's part, within its own limits and the run's shared ones.
    func sync(_ pending: PendingPart, owner: Int, runID: Int64, shared: AgencyShared) async -> PartEnd {
        let plan = pending.plan
        let configuration = partConfiguration(parts: shared.parts)
        let partProgress = progress.addPart()
        let clock = ContinuousClock()
        let call = PacedCall(
            limiter: RateLimiter(policy: configuration.rateLimit, clock: clock), gate: shared.gate,
            slots: (shared.slots, owner), configuration: configuration, clock: clock, progress: partProgress
        )
        let client = HighLevelClient(configuration: clientConfiguration, tokens: plan.tokens, transport: transport)
        var partLogger = logger
        partLogger[metadataKey: "location"] = "\(plan.id)"
        let job = SyncJob(configuration: configuration, client: client, store: store, logger: partLogger, progress: partProgress)
        let search = LocationSearch(locationID: plan.id, changedSince: changedSince, pageSize: pageSize, overlap: overlap)
        let part = RunPart(
            runID: runID, source: .location(search), runSource: pending.source, client: client, call: call,
            progress: partProgress, customFieldsOf: plan.id, partLocation: plan.id.rawValue,
            priorFailures: pending.priorFailures, seen: shared.seen, alreadyStored: shared.alreadyStored, writer: shared.writer,
            unwritten: (shared.unwritten, owner), firstLoad: shared.firstLoad
        )
        let state = await job.sync(part)
        var status = state.finalStatus
        var message = state.stop?.message
        do {
            try store.finishPart(runID: runID, locationID: plan.id.rawValue, status: status, message: message)
        } catch {
            partLogger.error("could not record the end of the location's part", metadata: ["error": "\(error)"])
            (status, message) = (.aborted, "\(error)")
        }
        if status != .succeeded {
            partLogger.warning("location did not sync completely", metadata: ["status": "\(status.rawValue)", "why": "\(message ?? "-")"])
        }
        var invocation = state.invocation
        let requests = partProgress.requestTotals()
        (invocation.requests, invocation.retries, invocation.rateLimited) = (requests.requests, requests.retries, requests.rateLimited)
        return PartEnd(locationID: plan.id.rawValue, status: status, message: message, invocation: invocation)
    }

    /// Ends the run: its status is the worst of its parts' (an interruption first, then an abort, then a
    /// partial part), and its message names the locations that did not succeed.
    func finish(_ start: AgencyStart, ended: [PartEnd], elapsed: Duration, names: [String: String]) -> AgencySummary {
        let statuses = ended.map(\.status)
        var status: RunStatus =
            if statuses.contains(.interrupted) { .interrupted }
            else if statuses.contains(.aborted) { .aborted }
            else if statuses.contains(.partial) { .partial }
            else { .succeeded }
        let unfinished = ended.filter { $0.status != .succeeded }.sorted { $0.locationID < $1.locationID }
        var message: String?
        if !unfinished.isEmpty {
            let named = unfinished.prefix(5).map { "\($0.locationID) \($0.status.rawValue)" }.joined(separator: ", ")
            message = "\(unfinished.count) of \(ended.count) locations did not succeed (\(named)\(unfinished.count > 5 ? ", …" : "")); "
                + "run again with --resume to continue only those"
        }
        var invocation = ended.reduce(RunCounters()) { $0 + $1.invocation }
        let agencyRequests = progress.shared.requestTotals()
        invocation = invocation + agencyRequests
        var recorded: SyncRunRecord?
        var parts: [RunPartRecord] = []
        do {
            try store.addToRun(agencyRequests, runID: start.runID)
            try store.finishRun(id: start.runID, status: status, message: message)
            recorded = try store.run(id: start.runID)
            parts = try store.parts(runID: start.runID)
        } catch {
            logger.error("could not record the end of the run", metadata: ["error": "\(error)"])
            status = .aborted
        }
        return AgencySummary(
            runID: start.runID, status: status, run: recorded?.counters ?? invocation, thisInvocation: invocation,
            elapsed: elapsed, message: message,
            parts: parts.map { part in
                PartSummary(
                    locationID: part.locationID, name: names[part.locationID], status: part.status, counters: part.counters,
                    changedSince: part.changedSince, message: part.message)
            }
        )
    }
}
