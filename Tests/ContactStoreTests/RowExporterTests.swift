import Foundation
import GRDB
import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

/// `export`: every value comes back out exactly as stored, in both formats, and bad requests are refused.
@Suite struct RowExporterTests {
    /// Values that break naive CSV and JSON writers.
    static let awkwardTexts = [
        "plain", "", "comma, inside", "quote \" inside", "line\nbreak", "crlf\r\nbreak", "nul\u{0}inside",
        "tab\tand\u{1}control", "ünïcødé 顧客 🔥", "back\\slash", " leading and trailing ", "\"", ",",
    ]

    static func database() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let path = directory.file("e.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, s TEXT, n REAL, b BLOB)")
            for (index, text) in awkwardTexts.enumerated() {
                // Bind through SQLite's C API path GRDB uses for Data, so the NUL survives.
                try db.execute(
                    sql: "INSERT INTO t (k, s, n, b) VALUES (?, CAST(? AS TEXT), ?, ?)",
                    arguments: [index, Data(text.utf8), Double(index) / 4, index % 3 == 0 ? Data([0, 1, 255]) : nil])
            }
            try db.execute(sql: "INSERT INTO t (k, s, n, b) VALUES (100, NULL, NULL, NULL)")
            try db.execute(sql: "INSERT INTO t (k, s, n) VALUES (101, 'big', 1e300)")
            try db.execute(sql: "CREATE VIEW v AS SELECT k, s FROM t WHERE k < 3")
        }
        try queue.close()
        return (directory, path)
    }

    static func export(_ source: ExportSource, _ format: ExportFormat, path: String) throws -> (Data, Int) {
        var output = Data()
        let rows = try RowExporter(path: path).export(source, format: format) { output.append(contentsOf: $0) }
        return (output, rows)
    }

    /// A strict RFC 4180 reader: returns each record's fields, nil for an empty unquoted field (NULL).
    static func parseCSV(_ data: Data) throws -> [[Data?]] {
        let bytes = [UInt8](data)
        var records: [[Data?]] = []
        var fields: [Data?] = []
        var index = 0
        while index < bytes.count {
            var field = Data()
            var quoted = false
            if bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                index += 1
                while true {
                    try #require(index < bytes.count, "unterminated quoted field")
                    if bytes[index] == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(UInt8(ascii: "\""))
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    field.append(bytes[index])
                    index += 1
                }
            } else {
                while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != 0x0D {
                    let isBare = bytes[index] != 0x0A && bytes[index] != UInt8(ascii: "\"")
                    #expect(isBare, "unquoted LF or quote")
                    field.append(bytes[index])
                    index += 1
                }
            }
            fields.append(quoted || !field.isEmpty ? field : nil)
            try #require(index < bytes.count, "the last record must end with CRLF")
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else {
                let endsWithCRLF = bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A
                try #require(endsWithCRLF, "records end with CRLF")
                index += 2
                records.append(fields)
                fields = []
            }
        }
        return records
    }

    @Test func csvRoundTripsEveryValueByteForByte() throws {
        let (directory, path) = try Self.database()
        defer { withExtendedLifetime(directory) {} }
        let (data, rows) = try Self.export(.table("t"), .csv, path: path)
        let records = try Self.parseCSV(data)
        #expect(rows == Self.awkwardTexts.count + 2)
        #expect(records.count == rows + 1)
        #expect(records[0] == ["k", "s", "n", "b"].map { Data($0.utf8) })
        for (index, text) in Self.awkwardTexts.enumerated() {
            let record = records[index + 1]
            #expect(record[0] == Data(String(index).utf8))
            #expect(record[1] == Data(text.utf8), "text \(index) comes back as stored; \"\" stays distinct from NULL")
            #expect(Double(String(decoding: record[2] ?? Data(), as: UTF8.self)) == Double(index) / 4)
            #expect(record[3] == (index % 3 == 0 ? Data("AAH/".utf8) : nil), "blobs are base64")
        }
        #expect(records[Self.awkwardTexts.count + 1] == [Data("100".utf8), nil, nil, nil], "NULL is an empty field")
        #expect(records.last?[2] == Data("1e+300".utf8))
    }

    @Test func jsonLinesRoundTripEveryValue() throws {
        let (directory, path) = try Self.database()
        defer { withExtendedLifetime(directory) {} }
        let (data, rows) = try Self.export(.table("t"), .jsonl, path: path)
        #expect(data.last == 0x0A)
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == rows)
        for (index, text) in Self.awkwardTexts.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[lines.startIndex + index])) as? [String: Any])
            #expect(object["k"] as? Int == index)
            #expect(object["s"] as? String == text)
            #expect(object["n"] as? Double == Double(index) / 4)
            if index % 3 == 0 { #expect(object["b"] as? String == "AAH/") } else { #expect(object["b"] is NSNull) }
        }
        let nulls = try #require(try JSONSerialization.jsonObject(with: Data(lines[lines.startIndex + Self.awkwardTexts.count])) as? [String: Any])
        #expect(nulls["s"] is NSNull && nulls["n"] is NSNull)
        // Keys keep column order, which JSONSerialization cannot show: check the text.
        #expect(String(decoding: lines[lines.startIndex + 1], as: UTF8.self).hasPrefix(#"{"k":1,"s":"","n":0.25,"b":null}"#))
    }

    @Test func viewsAndQueriesExportTheirColumns() throws {
        let (directory, path) = try Self.database()
        defer { withExtendedLifetime(directory) {} }
        let (view, viewRows) = try Self.export(.view("v"), .csv, path: path)
        #expect(viewRows == 3)
        #expect(String(decoding: view, as: UTF8.self) == "k,s\r\n0,plain\r\n1,\"\"\r\n2,\"comma, inside\"\r\n")
        let (query, queryRows) = try Self.export(
            .query("WITH x AS (SELECT k, length(s) AS len FROM t WHERE k IN (0, 6)) SELECT * FROM x ORDER BY k DESC"),
            .jsonl, path: path)
        #expect(queryRows == 2)
        #expect(String(decoding: query, as: UTF8.self) == "{\"k\":6,\"len\":3}\n{\"k\":0,\"len\":5}\n")
        let (empty, emptyRows) = try Self.export(.query("SELECT k FROM t WHERE 0"), .csv, path: path)
        #expect(emptyRows == 0)
        #expect(String(decoding: empty, as: UTF8.self) == "k\r\n", "an empty result still has its header")
    }

    static func syntaxError(_ refusal: ExportRefusal) -> Bool {
        if case .invalidQuery(let failure) = refusal { return failure.message.contains("syntax error") }
        return false
    }

    static let refusals: [(ExportSource, ExportRefusal?)] = [
        (.table("missing"), .noSuchRelation(name: "missing", kind: .table)),
        (.view("t"), .wrongKind(name: "t", actual: .table)),
        (.table("v"), .wrongKind(name: "v", actual: .view)),
        (.query("DELETE FROM t"), .notReadOnly),
        (.query("SELECT 1; DROP TABLE t"), .multipleStatements),
        (.query("SELEKT 1"), nil),  // a syntax error: SQLite's message, checked below
        (.query("INSERT INTO t (k) VALUES (500) RETURNING k"), .notReadOnly),
    ]

    @Test(arguments: refusals)
    func refusesWhatItCannotExport(source: ExportSource, expected: ExportRefusal?) throws {
        let (directory, path) = try Self.database()
        defer { withExtendedLifetime(directory) {} }
        var output = Data()
        let error = #expect(throws: ContactStoreError.self) {
            try RowExporter(path: path).export(source, format: .csv) { output.append(contentsOf: $0) }
        }
        guard case .invalidExport(let reason) = error else {
            Issue.record("expected invalidExport, got \(String(describing: error))")
            return
        }
        if let expected {
            #expect(reason == expected)
        } else {
            #expect(Self.syntaxError(reason), "\(reason)")
        }
        #expect(output.isEmpty)
        let count = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") }
        #expect(count == Self.awkwardTexts.count + 2, "nothing was written")
    }

    @Test func aMissingDatabaseIsAnErrorAndIsNotCreated() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("absent.sqlite")
        #expect(throws: ContactStoreError.self) { try RowExporter(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        let notADatabase = directory.file("text.sqlite")
        try Data("hello, this is not SQLite at all, really it is not".utf8).write(to: URL(fileURLWithPath: notADatabase))
        #expect(throws: ContactStoreError.self) { try RowExporter(path: notADatabase) }
    }

    @Test func largeExportsArriveInBoundedChunks() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("big.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE big (k INTEGER PRIMARY KEY, s TEXT)")
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                INSERT INTO big SELECT i, printf('row %d %s', i, hex(randomblob(20))) FROM n
                """)
        }
        var chunks: [Int] = []
        var total = 0
        let rows = try RowExporter(path: path).export(.table("big"), format: .jsonl) { chunk in
            chunks.append(chunk.count)
            total += chunk.count
        }
        #expect(rows == 20000)
        #expect(chunks.count > 10)
        #expect(chunks.allSatisfy { $0 <= ExportBuffer.chunkSize + 4096 })
        #expect(total > 20000 * 50)
    }
}
