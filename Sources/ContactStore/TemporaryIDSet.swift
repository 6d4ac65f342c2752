import Foundation
import GRDB

/// An exact set of strings kept in a private, temporary SQLite database rather than in memory.
///
/// A run remembers every id it has read, so that a repeated line is fetched once. In memory that costs
/// 16-40 bytes per id and doubles while the hash table grows: about 6 MiB at 100,000 ids and 50 MiB at a
/// million. Here the ids live in a B-tree in SQLite's private temporary file (an unnamed database, deleted
/// when the connection closes), behind a page cache capped at 512 KiB, so memory stays the same however
/// long the id list is; an insert costs a few microseconds.
///
/// Not thread-safe by design: the run's loop is its only user.
public final class TemporaryIDSet {
    private let queue: DatabaseQueue
    /// Distinct strings inserted so far.
    public private(set) var count = 0

    public init() throws(ContactStoreError) {
        var configuration = Configuration()
        configuration.label = "ghl-to-sqlite.ids"
        // One transaction stays open for the set's lifetime: nothing else reads this database, and
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
            throw .cannotOpen(path: "(temporary id set)", reason: ContactDatabase.describe(error))
        }
    }

    /// Inserts `id`; false when it was already present.
    @discardableResult
    public func insert(_ id: String) throws(ContactStoreError) -> Bool {
        let inserted: Bool
        do {
            inserted = try queue.inDatabase { db in
                try db.cachedStatement(sql: "INSERT INTO ids (id) VALUES (?) ON CONFLICT (id) DO NOTHING")
                    .execute(arguments: [Data(id.utf8)])  // bytes: a NUL cannot cut the key short
                return db.changesCount > 0
            }
        } catch {
            throw .database(ContactDatabase.describe(error))
        }
        if inserted { count += 1 }
        return inserted
    }

    /// Whether `id` was inserted.
    public func contains(_ id: String) throws(ContactStoreError) -> Bool {
        do {
            return try queue.inDatabase { db in
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM ids WHERE id = ?"), arguments: [Data(id.utf8)]) ?? false
            }
        } catch {
            throw .database(ContactDatabase.describe(error))
        }
    }
}
