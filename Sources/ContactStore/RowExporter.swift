import Foundation
import GRDB

/// What `export` reads: every row of a table or a view, or the rows of one read-only query.
package enum ExportSource: Sendable, Equatable {
    case table(String)
    case view(String)
    case query(String)

    /// A named relation's kind.
    package enum Kind: String, Sendable {
        case table, view
    }
}

/// How exported rows are written.
package enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 4180: a header line, CRLF line ends, fields quoted when they hold `,`, `"`, CR or LF.
    case csv
    /// One JSON object per line, keys in column order.
    case jsonl
}

/// Streams rows out of a database, opened read-only, as CSV or JSON lines without holding them in memory.
///
/// Text is written byte for byte as stored, NUL characters included. SQL NULL is an empty CSV field and JSON
/// `null`; an empty string is `""` in CSV, so the two stay distinct. Blobs are written as base64 text.
package struct RowExporter {
    package let path: String
    private let queue: DatabaseQueue

    /// Opens the database at `path` read-only; a missing file is an error, never an empty new database.
    package init(path: String) throws(ContactStoreError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .cannotOpen(path: path, reason: .noSuchFile)
        }
        guard !isDirectory.boolValue else { throw .cannotOpen(path: path, reason: .isDirectory) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "ghl-to-sqlite-export"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // Opening is lazy in SQLite: read the schema now, so a file that is not a database fails here.
            try queue.read { db in
                var count = try SQLStatement(db, cached: "SELECT count(*) FROM sqlite_master")
                _ = try count.fetchInt64()
            }
        } catch {
            throw .cannotOpen(path: path, reason: .sqlite(SQLiteFailure(error)))
        }
        self.path = path
    }

    /// Writes every row of `source` to `sink` in `format` and returns how many rows were written.
    ///
    /// `sink` receives chunks of about 64 KiB; an error it throws stops the export and is rethrown. The store's
    /// own failures arrive as ``ContactStoreError`` (``ContactStoreError/invalidExport(_:)`` before any row for
    /// a bad name or query).
    @discardableResult
    package func export(
        _ source: ExportSource, format: ExportFormat, to sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        do {
            return try queue.read { db in
                var statement = try Self.statement(for: source, in: db)
                let encoder = RowEncoder(format: format, columns: (0..<statement.columnCount).map(statement.columnName))
                var output = ExportBuffer()
                encoder.writeHeader(to: &output)
                var rows = 0
                while try statement.step() {
                    encoder.writeRow(statement, to: &output)
                    rows += 1
                    if output.isFull { try output.flush(to: sink) }
                }
                try output.flush(to: sink)
                return rows
            }
        } catch let error as DatabaseError {
            throw ContactStoreError.sqlite(SQLiteFailure(error))
        }
    }

    /// Names of the tables and views `export` can read, for error messages.
    package func relationNames() throws(ContactStoreError) -> (tables: [String], views: [String]) {
        do {
            return try queue.read { db in
                var statement = try SQLStatement(
                    db, cached: "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
                var tables: [String] = []
                var views: [String] = []
                while try statement.step() {
                    let name = statement.text(1) ?? ""
                    if statement.text(0) == "view" { views.append(name) } else { tables.append(name) }
                }
                return (tables, views)
            }
        } catch {
            throw .sqlite(SQLiteFailure(error))
        }
    }

    private static func statement(for source: ExportSource, in db: Database) throws -> SQLStatement {
        switch source {
        case .table(let name): return try relationStatement(name: name, kind: .table, in: db)
        case .view(let name): return try relationStatement(name: name, kind: .view, in: db)
        case .query(let sql): return try queryStatement(sql, in: db)
        }
    }

    /// One read-only statement that returns columns; anything else is refused before a row is read.
    private static func queryStatement(_ sql: String, in db: Database) throws -> SQLStatement {
        let statement: Statement
        do {
            let statements = try db.allStatements(sql: sql)
            guard let first = try statements.next() else { throw ContactStoreError.invalidExport(.noColumns) }
            guard try statements.next() == nil else { throw ContactStoreError.invalidExport(.multipleStatements) }
            statement = first
        } catch let error as DatabaseError {
            throw ContactStoreError.invalidExport(.invalidQuery(SQLiteFailure(error)))
        }
        guard statement.isReadonly else { throw ContactStoreError.invalidExport(.notReadOnly) }
        guard statement.columnCount > 0 else { throw ContactStoreError.invalidExport(.noColumns) }
        return SQLStatement(statement)
    }

    /// `SELECT *` from a relation whose name and kind are first checked against the schema; the identifier is
    /// then quoted, so no part of the name is ever read as SQL.
    private static func relationStatement(name: String, kind: ExportSource.Kind, in db: Database) throws -> SQLStatement {
        var lookup = try SQLStatement(db, cached: """
            SELECT type, name FROM sqlite_master WHERE name = ? COLLATE NOCASE AND type IN ('table', 'view')
            """)
        lookup.bind(name)
        guard try lookup.step(), let actualType = lookup.text(0).flatMap(ExportSource.Kind.init(rawValue:)),
            let actualName = lookup.text(1)
        else {
            lookup.reset()
            throw ContactStoreError.invalidExport(.noSuchRelation(name: name, kind: kind))
        }
        lookup.reset()
        guard actualType == kind else { throw ContactStoreError.invalidExport(.wrongKind(name: actualName, actual: actualType)) }
        return SQLStatement(try db.makeStatement(sql: "SELECT * FROM \(actualName.quotedDatabaseIdentifier)"))
    }
}

/// Collects encoded bytes and hands them to the sink in chunks.
struct ExportBuffer {
    static let chunkSize = 64 * 1024
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(Self.chunkSize + 4096)
    }

    var isFull: Bool { bytes.count >= Self.chunkSize }

    mutating func flush(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try sink($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
