import ContactStore
import ContactSync
import Foundation
import GRDB
import LeadConnectorSimulator
import LosslessJSON
import TestSupport
import Testing

/// A database that fills up mid-run: the run stops as `aborted`, keeps every batch committed before the
/// fault (each contact whole), leaves a healthy file, and a later run finishes the job.
@Suite struct DatabaseFaultTests {
    /// Makes the writer connection answer SQLITE_FULL once the file grows `headroom` pages past its size
    /// now, as a full file system does.
    static func fill(_ harness: SyncHarness, headroom: Int) throws {
        try harness.store.database.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            // PRAGMA arguments cannot be bound; the value is an Int computed here.
            try db.execute(sql: "PRAGMA max_page_count = \(pages + headroom)")
        }
    }

    static func makeRoom(_ harness: SyncHarness) throws {
        try harness.store.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = 1073741823")
        }
    }

    @Test func aDiskThatFillsMidRunAbortsKeepsCommittedContactsAndResumeFinishes() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 300, seed: 41)
        let existing = ids.filter(ContactGenerator.exists)
        var simulator = SimulatorConfiguration()
        simulator.rateLimit = nil
        var configuration = SyncHarness.testConfiguration()
        configuration.batchSize = 10
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            try Self.fill(harness, headroom: 60)
            let summary = try await harness.sync(ids, against: running, configuration: configuration)
            #expect(summary.status == .aborted)
            #expect(summary.exitCode == 3)
            #expect(summary.message == "database error: database or disk is full (SQLite error 13); run again with --resume once that is fixed")
            #expect(running.log.totalRequests < ids.count, "the run stopped sending once the disk was full")

            let committed = try harness.store.storedContactIDs(runID: summary.runID)
            #expect(!committed.isEmpty, "batches before the fault were committed")
            #expect(committed.count < existing.count)
            try harness.read { db throws in
                #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
                let stored = try Set(String.fetchAll(db, sql: "SELECT id FROM contacts"))
                #expect(stored == committed, "a contact is stored exactly when its run says so")
                for id in stored { try ContactOracle.verify(id: id, in: db) }
            }
            #expect(summary.run.contactsSynced == committed.count)
            #expect(summary.thisInvocation.contactsSynced == committed.count, "a batch lost to the fault is not counted")
            #expect(try harness.store.run(id: summary.runID)?.status == .aborted)
            #expect(try harness.store.run(id: summary.runID)?.message == summary.message)
            #expect(try !harness.store.deferredIndexNames().isEmpty, "a full disk is not spent building indexes")

            try Self.makeRoom(harness)
            let resumed = try await harness.sync(ids, against: running, configuration: configuration, resume: true)
            #expect(resumed.runID == summary.runID)
            #expect(resumed.status == .partial, "only the ids that do not exist are left")
            #expect(resumed.skippedAlreadySynced == committed.count)
            #expect(resumed.run.contactsSynced == existing.count)
            #expect(try harness.store.deferredIndexNames().isEmpty, "the finished pass built them")
            try harness.read { db throws in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") == existing.count)
                #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            }
        }
    }
}
