import GRDB
import Testing

@testable import ContactStore

/// A batch's statement journals stay in memory (temp_store = MEMORY for its transaction only); everything else
/// on the writer keeps SQLite's default, whose temporary files bound the memory of whole-table statements.
@Suite struct StatementJournalTests {
    /// The writer connection's temp_store: 0 is the default (files), 2 is memory.
    static func tempStore(_ db: Database) throws -> Int? {
        try Int.fetchOne(db, sql: "PRAGMA temp_store")
    }

    /// The writer connection's temp_store between transactions.
    static func writerTempStore(_ store: ContactStore) throws -> Int? {
        try store.database.writeWithoutTransaction { db in try tempStore(db) }
    }

    @Test func aBatchTransactionKeepsStatementJournalsInMemoryAndTheWriterGoesBackToTheDefault() throws {
        let (_, store) = try ContactStoreTests.open()
        let during = try store.writeKeepingStatementJournalsInMemory { db in try Self.tempStore(db) }
        #expect(during == 2)
        #expect(try Self.writerTempStore(store) == 0)
    }

    @Test func aBatchThatFailsAlsoLeavesTheDefault() throws {
        struct Failure: Error {}
        let (_, store) = try ContactStoreTests.open()
        #expect(throws: ContactStoreError.self) {
            try store.writeKeepingStatementJournalsInMemory { _ in throw Failure() }
        }
        #expect(try Self.writerTempStore(store) == 0)
    }

    @Test func savedContactsLandThroughTheInMemoryJournal() throws {
        let (_, store) = try ContactStoreTests.open()
        let run = try store.beginRun()
        let result = try store.save(
            [ContactStoreTests.sample(id: "j1", tags: ["a", "b"]), ContactStoreTests.sample(id: "j2")],
            failures: [], runID: run, counters: RunCounters())
        #expect(result.stored == 2)
        let tags = try store.database.read { db in
            try String.fetchAll(db, sql: "SELECT tag FROM contact_tags WHERE contact_id = 'j1' ORDER BY position")
        }
        #expect(tags == ["a", "b"])
        #expect(try Self.writerTempStore(store) == 0)
    }
}
