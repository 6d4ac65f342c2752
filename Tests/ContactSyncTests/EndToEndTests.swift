import ContactStore
import ContactSync
import Foundation
import GRDB
import LeadConnectorSimulator
import LosslessJSON
import TestSupport
import Testing

@Suite struct EndToEndTests {
    static func unlimited() -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = nil
        return configuration
    }

    static func failures(_ store: ContactStore, run: Int64) throws -> [String: String] {
        try store.database.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT contact_id, reason FROM sync_failures WHERE run_id = ?", arguments: [run])
                .map { ($0["contact_id"] as String, $0["reason"] as String) })
        }
    }

    @Test func aCleanRunStoresEveryContactFieldForFieldAndASecondRunChangesNothing() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 250, seed: 7)
        let lines = ["# header comment", ""] + ids + [ids[0], "../etc/passwd"]
        try await LeadConnectorSimulator.withRunning(Self.unlimited()) { simulator in
            let summary = try await harness.sync(lines, against: simulator)
            let existing = ids.filter(ContactGenerator.exists)
            let missing = ids.filter { !ContactGenerator.exists($0) }
            #expect(!missing.isEmpty, "the generator leaves some ids missing")
            #expect(summary.status == .partial)
            #expect(summary.exitCode == 1)
            #expect(summary.run.idsRead == ids.count + 1)
            #expect(summary.run.duplicateIDs == 1)
            #expect(summary.run.contactsSynced == existing.count)
            #expect(summary.run.failures == missing.count + 1)
            #expect(simulator.log.hits(for: ids[0]) == 1, "a duplicate line is fetched once")
            #expect(!simulator.log.requestedPaths.contains { $0.contains("..") || $0.contains("passwd") })

            try harness.read { db in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") == existing.count)
                for id in existing { try ContactOracle.verify(id: id, in: db) }
            }
            let failures = try Self.failures(harness.store, run: summary.runID)
            for id in missing { #expect(failures[id] == "not_found", "\(id) recorded as not found") }
            #expect(failures["../etc/passwd"] == "invalid_id")

            let before = try ContactStoreSnapshot(harness.store)
            let again = try await harness.sync(lines, against: simulator)
            #expect(again.run.contactsSynced == existing.count)
            #expect(again.run.contactsChanged == 0)
            #expect(try ContactStoreSnapshot(harness.store) == before, "re-running the same ids changes no row")
        }
    }

    @Test func aRunWithFaultsStillStoresEveryExistingContactCorrectly() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 400, seed: 11)
        var simulator = Self.unlimited()
        simulator.faults = SimulatorFaults(serverError: 0.05, rateLimitBurst: 0.03, dropConnection: 0.03, truncatedBody: 0.03, malformedBody: 0.03)
        simulator.seed = 99
        // A 429 holds every worker for the window's interval; a short window keeps the test short.
        simulator.rateLimit = SimulatorRateLimit(max: 1_000_000, interval: .milliseconds(200))
        var configuration = SyncHarness.testConfiguration()
        configuration.maximumAttempts = 12
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let summary = try await harness.sync(ids, against: running, configuration: configuration)
            let existing = ids.filter(ContactGenerator.exists)
            #expect(summary.thisInvocation.retries > 0, "faults were injected and retried")
            #expect(summary.run.contactsSynced == existing.count)
            try harness.read { db throws in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") == existing.count)
                for id in existing { try ContactOracle.verify(id: id, in: db) }
            }
            let failures = try Self.failures(harness.store, run: summary.runID)
            #expect(Set(failures.keys) == Set(ids.filter { !ContactGenerator.exists($0) }))
            #expect(Set(failures.values) == ["not_found"])

            let before = try ContactStoreSnapshot(harness.store)
            let again = try await harness.sync(ids, against: running, configuration: configuration)
            #expect(again.run.contactsSynced == existing.count)
            #expect(again.run.contactsChanged == 0)
            #expect(try ContactStoreSnapshot(harness.store) == before, "a second faulty run changes no row")
        }
    }

    @Test func retriesRunOutIntoARecordedFailure() async throws {
        let harness = try SyncHarness()
        var simulator = Self.unlimited()
        simulator.faults = SimulatorFaults(serverError: 1)
        var configuration = SyncHarness.testConfiguration()
        configuration.maximumAttempts = 3
        let id = ContactGenerator.ids(count: 50, seed: 3).first(where: ContactGenerator.exists)!
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let summary = try await harness.sync([id], against: running, configuration: configuration)
            #expect(summary.exitCode == 1)
            #expect(running.log.hits(for: id) == 3)
            let row = try harness.read { db in try Row.fetchOne(db, sql: "SELECT * FROM sync_failures") }
            #expect(row?["reason"] as String? == "retries_exhausted")
            #expect(row?["attempts"] as Int? == 3)
            #expect((500...599).contains(row?["http_status"] as Int? ?? 0))
        }
    }

    @Test func aWrongTokenAbortsAtOnceWithoutRetrying() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 200, seed: 5)
        try await LeadConnectorSimulator.withRunning(Self.unlimited()) { running in
            let summary = try await harness.sync(ids, against: running, token: "not-the-token")
            #expect(summary.status == .aborted)
            #expect(summary.exitCode == 3)
            #expect(running.log.totalRequests <= SyncHarness.testConfiguration().concurrency, "no request after the first 401s")
            #expect(summary.message?.contains("not-the-token") == false)
            let stored = try harness.store.run(id: summary.runID)
            #expect(stored?.status == .aborted)
        }
    }

    @Test func aTokenRevokedMidRunAbortsAndKeepsWhatWasCommitted() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 300, seed: 8)
        var simulator = Self.unlimited()
        simulator.revokeTokenAfter = 120
        var configuration = SyncHarness.testConfiguration()
        configuration.batchSize = 20
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let summary = try await harness.sync(ids, against: running, configuration: configuration)
            #expect(summary.status == .aborted)
            #expect(running.log.totalRequests < 120 + configuration.concurrency * 2)
            let stored = try harness.read { db in try String.fetchAll(db, sql: "SELECT id FROM contacts") }
            #expect(stored.count >= 80, "contacts fetched before the revocation are kept")
            try harness.read { db in
                for id in stored { try ContactOracle.verify(id: id, in: db) }
            }
        }
    }

    @Test func anInterruptedRunResumesWithoutRefetchingCommittedIds() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 300, seed: 21)
        var simulator = Self.unlimited()
        simulator.latency = .milliseconds(10)
        var configuration = SyncHarness.testConfiguration()
        configuration.concurrency = 4
        configuration.batchSize = 10
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let first = try await harness.syncInterrupted(ids, against: running, afterCommitting: 30, configuration: configuration)
            #expect(first.status == .interrupted)
            #expect(first.exitCode == 130)
            let committed = try harness.store.storedContactIDs(runID: first.runID)
            #expect(!committed.isEmpty)
            #expect(committed.count < ids.count)

            let resumed = try await harness.sync(ids, against: running, configuration: configuration, resume: true)
            #expect(resumed.runID == first.runID)
            #expect(resumed.skippedAlreadySynced == committed.count)
            #expect(resumed.status == .partial)
            for id in committed { #expect(running.log.hits(for: id) == 1, "\(id) was committed, so never fetched again") }
            let existing = ids.filter(ContactGenerator.exists)
            #expect(resumed.run.contactsSynced == existing.count)
            let count = try harness.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") }
            #expect(count == existing.count)
        }
    }

    @Test func theLimiterLearnsTheRealBudgetFromHeaders() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 90, seed: 4)
        var simulator = SimulatorConfiguration()
        simulator.rateLimit = SimulatorRateLimit(max: 30, interval: .milliseconds(500))
        var configuration = SyncHarness.testConfiguration()
        configuration.rateLimit = RateLimitPolicy(maximum: 1000, interval: .seconds(1))
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let summary = try await harness.sync(ids, against: running, configuration: configuration)
            #expect(summary.run.contactsSynced == ids.filter(ContactGenerator.exists).count)
            // Pacing by send time cannot see arrivals bunch up when the machine is loaded (CI runs the suites in
            // parallel on two cores): requests sent a window apart can land in one server window. The limiter then
            // pauses on the first 429 or `Remaining: 0`, so what can be refused is what was already in flight;
            // once, under load, that was 4 of 90. `scripts/bench` measures the real target (≤ 1 % at 3,000 ids).
            #expect(running.log.rateLimitedResponses <= configuration.concurrency, "at most one window of in-flight requests is refused")
        }
    }

    @Test func theDailyQuotaStopsSendingAndResumeFinishesLater() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 60, seed: 9)
        var simulator = Self.unlimited()
        simulator.dailyLimit = 25
        var configuration = SyncHarness.testConfiguration()
        configuration.concurrency = 1
        let first = try await LeadConnectorSimulator.withRunning(simulator) { running in
            let summary = try await harness.sync(ids, against: running, configuration: configuration)
            #expect(running.log.totalRequests <= 26)
            return summary
        }
        #expect(first.status == .partial)
        let failures = try Self.failures(harness.store, run: first.runID)
        #expect(failures.values.filter { $0 == "daily_quota_exhausted" }.count >= 30)
        let resumed = try await LeadConnectorSimulator.withRunning(Self.unlimited()) { running in
            try await harness.sync(ids, against: running, configuration: configuration, resume: true)
        }
        #expect(resumed.runID == first.runID)
        #expect(resumed.run.contactsSynced == ids.filter(ContactGenerator.exists).count)
        #expect(try Self.failures(harness.store, run: first.runID).values.allSatisfy { $0 == "not_found" })
    }
}

/// Every data row of a store, for before/after equality.
struct ContactStoreSnapshot: Equatable {
    let rows: [String]

    init(_ store: ContactStore) throws {
        rows = try store.database.read { db in
            var rows: [String] = []
            for table in ["contacts", "contact_tags", "contact_custom_fields", "contact_attributions", "contact_dnd_settings"] {
                rows += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3").map { "\(table) \($0)" }
            }
            return rows
        }
    }
}
