import ContactNormalization
import GRDB
import Testing

@testable import ContactStore
import TestSupport

/// A first load builds its secondary indexes when the run ends (schema 008); any other run keeps them.
@Suite struct DeferredIndexTests {
    /// Every index in the schema with its SQL, by name.
    static func indexes(_ store: ContactStore) throws -> [String: String] {
        try store.database.read { db throws in
            let rows = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as String, $0["sql"] as String) })
        }
    }

    static func deferred(_ store: ContactStore) throws -> [String] {
        try store.deferredIndexNames()
    }

    @Test func aFirstLoadDropsTheDeferrableIndexesAndItsEndBuildsThemAsTheyWere() throws {
        let (_, store) = try ContactStoreTests.open()
        let before = try Self.indexes(store)
        #expect(Set(ContactStore.deferrableIndexes).isSubset(of: before.keys), "every deferrable index is in the schema")

        let run = try store.beginRun()
        let during = try Self.indexes(store)
        #expect(Set(during.keys) == Set(before.keys).subtracting(ContactStore.deferrableIndexes))
        #expect(during["contacts_location_id"] != nil, "the location index stays: the deletion sweep reads by it")
        #expect(try Self.deferred(store) == ContactStore.deferrableIndexes.sorted())

        _ = try store.save([ContactStoreTests.sample(id: "a1"), ContactStoreTests.sample(id: "a2", tags: ["x"])],
                           failures: [], runID: run, counters: RunCounters())
        try store.finishRun(id: run, status: .succeeded, message: nil)
        #expect(try Self.indexes(store) == before, "the same indexes, with the same definitions")
        #expect(try Self.deferred(store).isEmpty)
        try store.database.read { db throws in
            // The rebuilt index covers the rows written while it was away.
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT contact_id FROM contact_tags WHERE tag = 'x'")
                .map { $0["detail"] as String }
            #expect(plan.contains { $0.contains("contact_tags_tag") }, "\(plan)")
            #expect(try String.fetchAll(db, sql: "SELECT contact_id FROM contact_tags WHERE tag = 'x'") == ["a2"])
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        }
    }

    @Test func aFirstLoadIsUnderWayWhileItsIndexesWait() throws {
        let (_, store) = try ContactStoreTests.open()
        #expect(try !store.isFirstLoad())
        let first = try store.beginRun()
        #expect(try store.isFirstLoad())
        _ = try store.save([ContactStoreTests.sample(id: "a1")], failures: [], runID: first, counters: RunCounters())
        try store.finishRun(id: first, status: .interrupted, message: nil)
        #expect(try store.isFirstLoad(), "stopped early, it is still a first load")
        let second = try store.beginRun()
        #expect(try store.isFirstLoad())
        try store.finishRun(id: second, status: .succeeded, message: nil)
        #expect(try !store.isFirstLoad())
        _ = try store.beginRun()
        #expect(try !store.isFirstLoad(), "contacts are stored: a new run is not a first load")
    }

    @Test func aRunIntoADatabaseWithContactsKeepsEveryIndex() throws {
        let (_, store) = try ContactStoreTests.open()
        let first = try store.beginRun()
        _ = try store.save([ContactStoreTests.sample(id: "a1")], failures: [], runID: first, counters: RunCounters())
        try store.finishRun(id: first, status: .succeeded, message: nil)
        let before = try Self.indexes(store)

        let second = try store.beginRun()
        #expect(try Self.indexes(store) == before)
        #expect(try Self.deferred(store).isEmpty)
        try store.finishRun(id: second, status: .succeeded, message: nil)
        #expect(try Self.indexes(store) == before)
    }

    @Test func aKilledFirstLoadLeavesTheIndexesDeferredUntilTheNextRunEnds() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("s.sqlite")
        let before: [String: String]
        do {
            let store = try ContactStore(path: path)
            before = try Self.indexes(store)
            let run = try store.beginRun()
            _ = try store.save([ContactStoreTests.sample(id: "a1")], failures: [], runID: run, counters: RunCounters())
            // Killed here: the run is never finished.
        }
        let store = try ContactStore(path: path)
        #expect(try Self.deferred(store) == ContactStore.deferrableIndexes.sorted(), "the definitions survive the kill")
        // The next run (a new one; contacts are stored now) keeps them deferred and builds them when it ends.
        let next = try store.beginRun()
        #expect(try Self.deferred(store) == ContactStore.deferrableIndexes.sorted())
        _ = try store.save([ContactStoreTests.sample(id: "b1")], failures: [], runID: next, counters: RunCounters())
        try store.finishRun(id: next, status: .partial, message: nil)
        #expect(try Self.indexes(store) == before)
        #expect(try Self.deferred(store).isEmpty)
    }

    @Test(arguments: [RunStatus.interrupted, .aborted])
    func aFirstLoadThatStopsEarlyLeavesThemDeferredThroughItsResume(stop: RunStatus) throws {
        let (_, store) = try ContactStoreTests.open()
        let before = try Self.indexes(store)
        let run = try store.beginRun()
        _ = try store.save([ContactStoreTests.sample(id: "a1")], failures: [], runID: run, counters: RunCounters())
        try store.finishRun(id: run, status: stop, message: "stopped")
        #expect(try store.run(id: run)?.status == stop, "the stop is recorded without building anything")
        #expect(try Self.deferred(store) == ContactStore.deferrableIndexes.sorted())

        // --resume reopens the run with contacts stored: it keeps loading without the indexes.
        try store.reopenRun(id: run)
        #expect(try Self.deferred(store) == ContactStore.deferrableIndexes.sorted())
        _ = try store.save([ContactStoreTests.sample(id: "b1", tags: ["x"])], failures: [], runID: run, counters: RunCounters())
        try store.finishRun(id: run, status: .partial, message: nil)
        #expect(try Self.deferred(store).isEmpty, "a partial pass builds them")
        #expect(try Self.indexes(store) == before)
        let tagged = try store.database.read { db in try String.fetchAll(db, sql: "SELECT contact_id FROM contact_tags WHERE tag = 'x'") }
        #expect(tagged == ["b1"])
    }

    @Test func aResumedFirstLoadStaysDeferred() throws {
        // Into an empty database, a run that is interrupted before storing anything and resumed defers and
        // builds once.
        let (_, fresh) = try ContactStoreTests.open()
        let first = try fresh.beginRun()
        try fresh.reopenRun(id: first)
        #expect(try Self.deferred(fresh) == ContactStore.deferrableIndexes.sorted())
        try fresh.finishRun(id: first, status: .succeeded, message: nil)
        #expect(try Self.deferred(fresh).isEmpty)
    }

    @Test func aDefinitionEditedByHandIsRefusedNotRun() throws {
        let (_, store) = try ContactStoreTests.open()
        let run = try store.beginRun()
        try store.database.write { db in
            try db.execute(sql: "UPDATE deferred_indexes SET sql = 'CREATE INDEX contact_tags_tag ON contact_tags (tag); DROP TABLE contacts' WHERE name = 'contact_tags_tag'")
        }
        #expect(throws: ContactStoreError.self) { try store.finishRun(id: run, status: .succeeded, message: nil) }
        try store.database.read { db throws in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE name = 'contacts'") == 1)
            #expect(try String.fetchOne(db, sql: "SELECT status FROM sync_runs WHERE id = ?", arguments: [run]) == "running",
                    "the end is not recorded without its indexes")
        }
    }
}
