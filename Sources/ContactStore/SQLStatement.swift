import Foundation
import GRDB
import GRDBSQLite

/// The store's one way to run SQL: binds and steps a statement GRDB prepared (and usually cached), and reads
/// result columns, through SQLite's C API.
///
/// GRDB binds and reads Swift strings as C strings, so SQLite would cut text at the first NUL character;
/// contacts can carry `\u0000` in any string, and nothing may be lost. Here text is bound and read with
/// explicit byte lengths. Binding also skips building `StatementArguments` for every row on the hot path.
/// Errors are GRDB's `DatabaseError`, with SQLite's result code and message.
struct SQLStatement {
    /// GRDB's statement, kept so that the SQLite statement it owns lives as long as this value.
    private let statement: Statement
    private let handle: OpaquePointer
    private var index: Int32 = 0

    /// A cached statement for `sql` (the writer's hot path reuses it across rows and batches).
    init(_ db: Database, cached sql: String) throws {
        self.init(try db.cachedStatement(sql: sql))
    }

    /// A statement GRDB prepared, reset with its bindings cleared.
    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Binding, in parameter order

    mutating func bind(_ value: String?) {
        index += 1
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        var text = value
        _ = text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                sqlite3_bind_text(handle, index, base, Int32(bytes.count), sqliteTransient)
            } else {
                sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            }
        }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int?) {
        bind(value.map(Int64.init))
    }

    mutating func bind(_ value: Bool?) {
        bind(value.map { $0 ? Int64(1) : Int64(0) })
    }

    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds the bytes of `value` as a blob.
    mutating func bindBlob(_ value: some StringProtocol) {
        index += 1
        var text = String(value)
        _ = text.withUTF8 { bytes in
            if let base = bytes.baseAddress, !bytes.isEmpty {
                sqlite3_bind_blob(handle, index, base, Int32(bytes.count), sqliteTransient)
            } else {
                sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    /// Binds the raw value of each element.
    mutating func bind<Value: RawRepresentable>(_ value: Value?) where Value.RawValue == String {
        bind(value?.rawValue)
    }

    // MARK: Running

    /// Runs the statement to completion and resets it for the next row.
    mutating func execute() throws {
        defer { reset() }
        while try step() {}
    }

    /// Advances to the next result row; false when there is none (the statement is then done).
    mutating func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
            reset()
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Clears bindings and rewinds, so the statement can run again.
    mutating func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        index = 0
    }

    /// Runs the statement and returns the first column of its first row as an integer (nil when there is no row
    /// or the value is NULL).
    mutating func fetchInt64() throws -> Int64? {
        defer { reset() }
        guard try step(), !isNull(0) else { return nil }
        return int64(0)
    }

    /// Runs the statement and returns the first column of its first row as text.
    mutating func fetchText() throws -> String? {
        defer { reset() }
        guard try step() else { return nil }
        return text(0)
    }

    // MARK: Reading the current row

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func columnName(_ column: Int32) -> String {
        sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
    }

    func columnType(_ column: Int32) -> Int32 { sqlite3_column_type(handle, column) }

    func isNull(_ column: Int32) -> Bool { columnType(column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// The column as text, NUL characters included; nil for NULL.
    func text(_ column: Int32) -> String? {
        guard !isNull(column) else { return nil }
        return withTextBytes(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the column's bytes as text (NUL characters included; empty for NULL).
    func withTextBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        guard let base = sqlite3_column_text(handle, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// The column as a blob's bytes (empty for NULL or an empty blob).
    func blob(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let base = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: base, count: count)
    }
}

/// SQLite's `SQLITE_TRANSIENT` (copy the bytes now), which the C macro does not bring into Swift.
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
