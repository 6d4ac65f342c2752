import Foundation
import GRDB
import GRDBSQLite

/// What `export` reads: every row of a table or a view, or the rows of one read-only query.
public enum ExportSource: Sendable, Equatable {
    case table(String)
    case view(String)
    case query(String)
}

/// How exported rows are written.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 4180: a header line, CRLF line ends, fields quoted when they hold `,`, `"`, CR or LF.
    case csv
    /// One JSON object per line, keys in column order.
    case jsonl
}

/// Streams rows out of a database, opened read-only, as CSV or JSON lines without holding them in memory.
///
/// Text is written byte for byte as stored, NUL characters included (GRDB's `String` conversion would stop
/// at the first one). SQL NULL is an empty CSV field and JSON `null`; an empty string is `""` in CSV, so the
/// two stay distinct. Blobs are written as base64 text.
public struct RowExporter {
    public let path: String
    private let queue: DatabaseQueue

    /// Opens the database at `path` read-only; a missing file is an error, never an empty new database.
    public init(path: String) throws(ContactStoreError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .cannotOpen(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .cannotOpen(path: path, reason: "it is a directory") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "ghl-to-sqlite-export"
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // Opening is lazy in SQLite: read the schema now, so a file that is not a database fails here.
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        } catch {
            throw .cannotOpen(path: path, reason: ContactDatabase.describe(error))
        }
        self.path = path
    }

    /// Writes every row of `source` to `sink` in `format` and returns how many rows were written.
    ///
    /// `sink` receives chunks of about 64 KiB; an error it throws stops the export and is rethrown. SQLite's
    /// errors arrive as `ContactStoreError` (`invalidExport` for a bad name or query, `database` otherwise).
    @discardableResult
    public func export(
        _ source: ExportSource, format: ExportFormat, to sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        do {
            return try rows(of: source, format: format, to: sink)
        } catch let error as DatabaseError {
            throw ContactStoreError.database(ContactDatabase.describe(error))
        }
    }

    private func rows(
        of source: ExportSource, format: ExportFormat, to sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        try queue.read { db in
            let statement = try Self.statement(for: source, in: db)
            let encoder = RowEncoder(format: format, columns: statement.columnNames)
            var output = ExportBuffer()
            encoder.writeHeader(to: &output)
            let handle = statement.sqliteStatement
            sqlite3_reset(handle)
            var rows = 0
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
                }
                try encoder.writeRow(handle, to: &output)
                rows += 1
                if output.isFull { try output.flush(to: sink) }
            }
            try output.flush(to: sink)
            return rows
        }
    }

    /// Names of the tables and views `export` can read, for error messages.
    public func relationNames() throws -> (tables: [String], views: [String]) {
        try queue.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
            )
            var tables: [String] = []
            var views: [String] = []
            for row in rows {
                let name: String = row["name"]
                if row["type"] == "view" { views.append(name) } else { tables.append(name) }
            }
            return (tables, views)
        }
    }

    private static func statement(for source: ExportSource, in db: Database) throws -> Statement {
        switch source {
        case .table(let name): return try relationStatement(name: name, type: "table", in: db)
        case .view(let name): return try relationStatement(name: name, type: "view", in: db)
        case .query(let sql):
            let statement: Statement
            do {
                statement = try db.makeStatement(sql: sql)
            } catch let error as DatabaseError {
                let message = error.message ?? "the query does not compile"
                if message.hasPrefix("Multiple statements") {
                    throw ContactStoreError.invalidExport("--query must be a single statement")
                }
                throw ContactStoreError.invalidExport(message)
            }
            guard statement.isReadonly else {
                throw ContactStoreError.invalidExport("--query must only read (a SELECT, or WITH ... SELECT)")
            }
            guard statement.columnCount > 0 else {
                throw ContactStoreError.invalidExport("--query returns no columns")
            }
            return statement
        }
    }

    /// `SELECT *` from a relation whose name and type are first checked against the schema; the identifier is
    /// then quoted, so no part of the name is ever read as SQL.
    private static func relationStatement(name: String, type: String, in db: Database) throws -> Statement {
        let found = try Row.fetchOne(
            db, sql: "SELECT type, name FROM sqlite_master WHERE name = ? COLLATE NOCASE AND type IN ('table', 'view')",
            arguments: [name]
        )
        guard let found else {
            throw ContactStoreError.invalidExport("no \(type) named \(name) in the database")
        }
        let actualType: String = found["type"]
        let actualName: String = found["name"]
        guard actualType == type else {
            throw ContactStoreError.invalidExport("\(actualName) is a \(actualType): use --\(actualType) \(actualName)")
        }
        return try db.makeStatement(sql: "SELECT * FROM \(actualName.quotedDatabaseIdentifier)")
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
