import GRDB
import Synchronization

/// An exact set of id strings kept in a private, temporary SQLite database rather than in memory.
///
/// A run remembers every id it has read, so that a repeated line is fetched once, and a resumed run the ids it
/// already stored, so that they are not fetched again; `ids` prints each id once. In memory that costs 20-100
/// bytes per id and doubles while a hash table grows: tens of MiB at a million ids. Here the ids live in a
/// B-tree in SQLite's private temporary file (an unnamed database, deleted when the connection closes), behind
/// a page cache capped at 512 KiB, so memory stays the same however many ids there are; an insert or a lookup
/// costs a few microseconds. Ids are compared as bytes (a NUL cannot cut one short).
///
/// Safe to share: GRDB serializes the queue's accesses (a run over many locations keeps one index, keyed by
/// location).
package final class IDIndex: Sendable {
    private let queue: DatabaseQueue
    private let inserted = Atomic<Int>(0)

    /// Distinct ids inserted so far.
    package var count: Int { inserted.load(ordering: .relaxed) }

    package init() throws(ContactStoreError) {
        var configuration = Configuration()
        configuration.label = "ghl-to-sqlite.ids"
        // One transaction stays open for the index's lifetime: nothing else reads this database, and
        // committing each insert would write pages to the file every time.
        configuration.allowsUnsafeTransactions = true
        do {
            // SQLite opens an empty path as a private temporary file that it deletes on close.
            queue = try DatabaseQueue(path: "", configuration: configuration)
            try queue.inDatabase { db in
                try db.execute(sql: """
                    PRAGMA journal_mode = OFF;
                    PRAGMA synchronous = OFF;
                    PRAGMA cache_size = -512;
                    CREATE TABLE ids (id BLOB PRIMARY KEY NOT NULL) WITHOUT ROWID;
                    BEGIN;
                    """)
            }
        } catch {
            throw .cannotOpen(path: "(temporary id index)", reason: .sqlite(SQLiteFailure(error)))
        }
    }

    /// Inserts `id`; false when it was already present.
    @discardableResult
    package func insert(_ id: String) throws(ContactStoreError) -> Bool {
        let inserted = try run { db in
            var insert = try SQLStatement(db, cached: "INSERT INTO ids (id) VALUES (?) ON CONFLICT (id) DO NOTHING")
            insert.bindBlob(id)
            try insert.execute()
            return db.changesCount > 0
        }
        if inserted { self.inserted.add(1, ordering: .relaxed) }
        return inserted
    }

    /// Whether `id` was inserted.
    package func contains(_ id: String) throws(ContactStoreError) -> Bool {
        try run { db in
            var select = try SQLStatement(db, cached: "SELECT 1 FROM ids WHERE id = ?")
            select.bindBlob(id)
            return try select.fetchInt64() != nil
        }
    }

    private func run(_ body: (Database) throws -> Bool) throws(ContactStoreError) -> Bool {
        do {
            return try queue.inDatabase(body)
        } catch {
            throw .sqlite(SQLiteFailure(error))
        }
    }
}
