import Foundation
import GRDBSQLite
import LosslessJSON

/// Encodes result rows, read straight from a stepped SQLite statement, as CSV or JSON-lines bytes.
struct RowEncoder {
    let format: ExportFormat
    let columns: [String]
    /// Each column name already encoded as a JSON key followed by `:`.
    private let jsonKeys: [[UInt8]]

    init(format: ExportFormat, columns: [String]) {
        self.format = format
        self.columns = columns
        jsonKeys = columns.map { name in
            var key: [UInt8] = []
            JSONWriter.writeString(name, to: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    /// CSV starts with the column names; JSON lines have no header.
    func writeHeader(to output: inout ExportBuffer) {
        guard format == .csv else { return }
        for (index, name) in columns.enumerated() {
            if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
            Array(name.utf8).withUnsafeBufferPointer { Self.appendCSVField($0, to: &output.bytes) }
        }
        output.bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends the statement's current row.
    func writeRow(_ statement: SQLStatement, to output: inout ExportBuffer) {
        switch format {
        case .csv:
            for index in columns.indices {
                if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
                appendCSVValue(statement, column: Int32(index), to: &output.bytes)
            }
            output.bytes.append(contentsOf: [0x0D, 0x0A])
        case .jsonl:
            output.bytes.append(UInt8(ascii: "{"))
            for index in columns.indices {
                if index > 0 { output.bytes.append(UInt8(ascii: ",")) }
                output.bytes.append(contentsOf: jsonKeys[index])
                appendJSONValue(statement, column: Int32(index), to: &output.bytes)
            }
            output.bytes.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
        }
    }

    private func appendCSVValue(_ statement: SQLStatement, column: Int32, to bytes: inout [UInt8]) {
        switch statement.columnType(column) {
        case SQLITE_NULL:
            break
        case SQLITE_INTEGER:
            bytes.append(contentsOf: String(statement.int64(column)).utf8)
        case SQLITE_FLOAT:
            bytes.append(contentsOf: Self.formatDouble(statement.double(column)).utf8)
        case SQLITE_BLOB:
            bytes.append(contentsOf: statement.blob(column).base64EncodedString().utf8)
        default:
            statement.withTextBytes(column) { text in
                if text.isEmpty {
                    bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: "\"")])
                } else {
                    Self.appendCSVField(text, to: &bytes)
                }
            }
        }
    }

    private func appendJSONValue(_ statement: SQLStatement, column: Int32, to bytes: inout [UInt8]) {
        switch statement.columnType(column) {
        case SQLITE_NULL:
            bytes.append(contentsOf: "null".utf8)
        case SQLITE_INTEGER:
            bytes.append(contentsOf: String(statement.int64(column)).utf8)
        case SQLITE_FLOAT:
            let value = statement.double(column)
            bytes.append(contentsOf: (value.isFinite ? Self.formatDouble(value) : "null").utf8)
        case SQLITE_BLOB:
            JSONWriter.writeString(statement.blob(column).base64EncodedString(), to: &bytes)
        default:
            // JSON must be UTF-8: bytes SQLite holds that are not become U+FFFD.
            let text = statement.withTextBytes(column) { String(decoding: $0, as: UTF8.self) }
            JSONWriter.writeString(text, to: &bytes)
        }
    }

    /// Shortest text that reads back as the same double, without a trailing `.0` on whole numbers.
    static func formatDouble(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// RFC 4180: quoted when the field holds a comma, quote, CR or LF; quotes inside are doubled.
    static func appendCSVField(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let needsQuotes = text.contains { byte in
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D: true
            default: false
            }
        }
        guard needsQuotes else {
            bytes.append(contentsOf: text)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
