package import ContactStore
package import HighLevelAPI
import LosslessJSON
package import Logging

/// One location of a run over many: where it is, what to call it, and how its requests are authorized.
package struct LocationPlan: Sendable {
    package let id: LocationID
    /// The label analysts see (`locations.name`), when given.
    package let name: String?
    package let tokens: any AccessTokenSource

    package init(id: LocationID, name: String?, tokens: any AccessTokenSource) {
        (self.id, self.name, self.tokens) = (id, name, tokens)
    }
}

/// How one location's part of a run ended.
package struct PartSummary: Sendable {
    package let locationID: String
    package let name: String?
    package let status: RunStatus
    /// The part's totals as stored (for a resumed run, including earlier attempts).
    package let counters: RunCounters
    package let changedSince: String?
    package let message: String?
}

/// How a run over many locations ended: the run's figures and each location's.
package struct AgencySummary: Sendable {
    package let runID: Int64
    package let status: RunStatus
    package let run: RunCounters
    package let thisInvocation: RunCounters
    package let elapsed: Duration
    package let message: String?
    /// Every location of the run, this invocation's or finished before it.
    package let parts: [PartSummary]

    /// 0 every location succeeded; 1 every location finished but some ids failed (or a location's quota ran
    /// out, or its listing left out too many contacts to mark them deleted); 3 a location aborted (its token was
    /// refused, its listing failed, the API did not answer) or the database failed; 130 interrupted.
    package var exitCode: Int32 {
        switch status {
        case .succeeded: 0
        case .partial: 1
        case .interrupted: 130
        case .aborted, .running: 3
        }
    }
}

/// A run over many locations: each location's part runs concurrently within its own limits (its token, rate
/// limiter learned from its own headers, daily quota, watermark), under one cap on requests in flight shared
/// fairly between them, into one database through one writer.
package struct AgencySyncJob: Sendable {
    package let configuration: SyncConfiguration
    package let clientConfiguration: ClientConfiguration
    package let transport: any HTTPTransport
    package let store: ContactStore
    package let logger: Logger
    package let progress: CombinedProgress
    /// Which contacts of each location: all, or those changed since a time or since the location's last success.
    package let changedSince: ChangedSince
    package let pageSize: Int
    package let overlap: Duration
    /// Requests in flight at once across every location.
    package let maximumInFlight: Int

    package init(
        configuration: SyncConfiguration, clientConfiguration: ClientConfiguration, transport: any HTTPTransport,
        store: ContactStore, logger: Logger, progress: CombinedProgress, changedSince: ChangedSince = .all,
        pageSize: Int = ContactSearchQuery.maximumPageLimit, overlap: Duration = LocationSearch.defaultOverlap,
        maximumInFlight: Int = 128
    ) {
        (self.configuration, self.clientConfiguration, self.transport) = (configuration, clientConfiguration, transport)
        (self.store, self.logger, self.progress) = (store, logger, progress)
        (self.changedSince, self.pageSize, self.overlap, self.maximumInFlight) = (changedSince, pageSize, overlap, maximumInFlight)
    }

    /// How many contacts a run over many locations may hold fetched and not yet written, across all of them:
    /// what a single-location run holds at most (a batch being written and one filling).
    package static func unwrittenContacts(_ configuration: SyncConfiguration) -> Int {
        2 * configuration.batchSize
    }

    /// Syncs every location of `plans`. With `resume`, continues the latest unfinished run over many locations,
    /// syncing again only the locations whose part did not succeed.
    package func run(_ plans: [LocationPlan], resume: Bool) async throws(SyncJobError) -> AgencySummary {
        let clock = ContinuousClock()
        let started = clock.now
        let start: AgencyStart
        let firstLoad: Bool
        do {
            start = try begin(plans, resume: resume)
            firstLoad = try store.isFirstLoad()
        } catch {
            throw .store(error)
        }
        progress.expect(parts: start.pending.count)
        logger.info("sync of many locations started", metadata: [
            "run": "\(start.runID)", "locations": "\(plans.count)", "to_sync": "\(start.pending.count)",
            "max_in_flight": "\(maximumInFlight)", "base_url": "\(clientConfiguration.baseURL)",
        ])
        let shared = AgencyShared(
            gate: OutageGate(timeout: configuration.outageTimeout, clock: clock, logger: logger, progress: progress.shared),
            slots: RequestSlots(capacity: maximumInFlight), writer: BatchWriter(store: store, runID: start.runID),
            seen: start.seen, alreadyStored: start.alreadyStored, parts: start.pending.count,
            unwritten: RequestSlots(capacity: Self.unwrittenContacts(configuration)), firstLoad: firstLoad
        )
        let finished = await withTaskGroup(of: PartEnd.self) { group in
            for (index, pending) in start.pending.enumerated() {
                group.addTask { await sync(pending, owner: index, runID: start.runID, shared: shared) }
            }
            var ends: [PartEnd] = []
            for await end in group {
                progress.partFinished()
                ends.append(end)
            }
            return ends
        }
        var names: [String: String] = [:]
        for plan in plans { names[plan.id.rawValue] = plan.name }
        return finish(start, ended: finished, elapsed: started.duration(to: clock.now), names: names)
    }
}
