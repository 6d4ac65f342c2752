import ContactStore
import ContactSync
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import LosslessJSON
import TestSupport
import Testing

/// `--changed-since last` against a search index that lags behind updates and an API whose clock is not
/// this machine's: updates made just before, during and just after a run all land by the next run.
struct IncrementalRunTests {
    static let location = LocationID(LeadConnectorSimulator.locationID)!

    /// 400 contacts, answers taking 20 ms (so a run lasts long enough to update a contact during it), the
    /// index `lag` behind, the API's clock `offset` from this machine's.
    static func simulator(lag: Duration, offset: Duration) -> SimulatorConfiguration {
        var configuration = LocationSearchTests.simulator(contacts: 400)
        configuration.latency = .milliseconds(20)
        configuration.searchIndexLag = lag
        configuration.clockOffset = offset
        return configuration
    }

    static func incremental(overlap: Duration = LocationSearch.defaultOverlap) -> LocationSearch {
        LocationSearch(locationID: location, changedSince: .lastSuccessfulRun, pageSize: 100, overlap: overlap)
    }

    /// Runs an incremental sync while `update` marks `during` updated as soon as the run's first request arrived.
    static func syncUpdating(
        _ during: [String], harness: SyncHarness, simulator: RunningSimulator, overlap: Duration
    ) async throws -> SyncSummary {
        let requestsBefore = simulator.log.totalRequests
        async let summary = harness.sync(incremental(overlap: overlap), against: simulator)
        while simulator.log.totalRequests == requestsBefore { try await Task.sleep(for: .milliseconds(2)) }
        simulator.location.markUpdated(during)
        return try await summary
    }

    /// Every contact in the database is the simulator's current contact, and every location contact is there.
    static func expectCurrent(_ harness: SyncHarness, _ simulator: RunningSimulator, _ ids: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        try harness.read { db in
            for id in ids {
                let stored = try String.fetchOne(db, sql: "SELECT date_updated FROM contacts WHERE id = ?", arguments: [id])
                let expected = simulator.location.dateUpdatedMilliseconds(of: id).map { Timestamp(millisecondsSinceEpoch: $0).iso8601 }
                #expect(stored == expected, "\(id) is current", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: [
        (Duration.seconds(2), Duration.seconds(-90)),  // the API's clock 90 s behind this machine's
        (Duration.seconds(2), Duration.seconds(90)),  // 90 s ahead
    ])
    func updatesBeforeDuringAndAfterARunAllLandByTheNextRun(lag: Duration, offset: Duration) async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(Self.simulator(lag: lag, offset: offset)) { simulator in
            let ids = simulator.location.contactIDs
            let first = try await harness.sync(Self.incremental(), against: simulator)
            #expect(first.run.contactsSynced == 400, "no earlier run: every contact")
            var touched: Set<String> = []
            for round in 0..<3 {
                let batch = Array(ids[(round * 30)..<(round * 30 + 30)])
                let (before, during, after) = (Array(batch[0..<10]), Array(batch[10..<20]), Array(batch[20..<30]))
                simulator.location.markUpdated(before)  // still invisible to search when the run lists
                let run = try await Self.syncUpdating(during, harness: harness, simulator: simulator, overlap: LocationSearch.defaultOverlap)
                #expect(run.status == .succeeded, "\(run.status) \(run.message ?? "")")
                simulator.location.markUpdated(after)
                touched.formUnion(batch)
                try await Task.sleep(for: lag + .milliseconds(200))  // the index catches up before the next run
            }
            let last = try await harness.sync(Self.incremental(), against: simulator)
            #expect(last.status == .succeeded)
            try Self.expectCurrent(harness, simulator, ids)
            let basis = try harness.read { db in
                try String.fetchOne(db, sql: "SELECT changed_since_basis FROM sync_runs WHERE id = ?", arguments: [last.runID])
            }
            #expect(basis?.contains("less the 900 s overlap") == true, "\(basis ?? "nil")")
            #expect(last.run.idsRead < 400, "an incremental run, not a full one")
        }
    }

    /// The failure the overlap prevents: with none, an update hidden by the index lag when a run lists is older
    /// than the next run's watermark, and is never fetched.
    @Test func withoutAnOverlapAnUpdateTheIndexHadNotSeenIsLost() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(Self.simulator(lag: .seconds(2), offset: .seconds(-90))) { simulator in
            _ = try await harness.sync(Self.incremental(overlap: .zero), against: simulator)
            let hidden = Array(simulator.location.contactIDs.prefix(5))
            simulator.location.markUpdated(hidden)
            _ = try await harness.sync(Self.incremental(overlap: .zero), against: simulator)
            try await Task.sleep(for: .seconds(2) + .milliseconds(200))
            _ = try await harness.sync(Self.incremental(overlap: .zero), against: simulator)
            let stale = try harness.read { db in
                try hidden.filter { id in
                    let stored = try String.fetchOne(db, sql: "SELECT date_updated FROM contacts WHERE id = ?", arguments: [id])
                    return stored != simulator.location.dateUpdatedMilliseconds(of: id).map { Timestamp(millisecondsSinceEpoch: $0).iso8601 }
                }
            }
            #expect(stale == hidden, "every one of them is missed without an overlap")
        }
    }
}
