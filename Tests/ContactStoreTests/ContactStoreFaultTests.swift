import ContactNormalization
import Foundation
import GRDB
import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

/// What the store does when SQLite cannot write: a full disk, simulated with `max_page_count`, which makes
/// SQLite answer SQLITE_FULL exactly as it does when the file system is full. (A real full disk, a read-only
/// file and a read-only file system are exercised on the binary by scripts/cli-test.)
@Suite struct ContactStoreFaultTests {
    static func pageCount(_ store: ContactStore) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    }

    /// Caps the writer connection's database at its current size plus `headroom` pages.
    static func capSize(_ store: ContactStore, headroom: Int) throws {
        let limit = try pageCount(store) + headroom
        // PRAGMA arguments cannot be bound; `limit` is an Int computed here.
        try store.database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(limit)") }
    }

    static func integrityCheck(_ store: ContactStore) throws -> [String] {
        try store.database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    @Test func aBatchThatDoesNotFitIsRolledBackWholeAndTheStoreStaysUsable() throws {
        let (_, store) = try ContactStoreTests.open()
        let run = try store.beginRun()
        try store.save([ContactStoreTests.sample(id: "kept")], failures: [], runID: run, counters: RunCounters())
        let before = try ContactStoreTests.dump(store)
        let runBefore = try store.run(id: run)

        try Self.capSize(store, headroom: 2)
        let big = (0..<200).map { ContactStoreTests.sample(id: "big\($0)", tags: (0..<20).map { "tag-\($0)" }) }
        let error = #expect(throws: ContactStoreError.self) {
            try store.save(big, failures: [], runID: run, counters: RunCounters())
        }
        #expect(error?.description == "database error: database or disk is full (SQLite error 13)")
        #expect(try ContactStoreTests.dump(store) == before, "nothing of the failed batch landed")
        #expect(try store.run(id: run) == runBefore, "the run's counters are untouched")
        #expect(try Self.integrityCheck(store) == ["ok"])

        try store.finishRun(id: run, status: .aborted, message: "disk full")
        #expect(try store.run(id: run)?.status == .aborted, "an update that needs no new page still commits")

        try store.database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        let next = try store.beginRun()
        let result = try store.save(big, failures: [], runID: next, counters: RunCounters())
        #expect(result.stored == big.count)
        #expect(try Self.integrityCheck(store) == ["ok"])
    }
}
