import ContactStore
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import Testing

@testable import ContactSync
import LosslessJSON
import TestSupport

/// A hostile id file, synced end to end against the simulator: only well-formed ids may reach the API, every
/// bad line becomes an `invalid_id` failure with its line number, and the rest of the file still syncs.
///
/// Decision on `#`: a line whose first non-blank character is `#` is a comment by design (README, "The id
/// file"), so `#frag` is skipped without a failure row and without a request. A `#` anywhere after an id
/// (`<id>#frag`) makes the line invalid, so a fragment can never be smuggled into a request.
@Suite struct BadIDInputTests {
    /// An id file built line by line, with what the job must do with each line.
    struct IDFile {
        var bytes: [UInt8] = []
        var lineCount = 0
        /// Valid ids at their first sighting, in file order.
        var ids: [(id: String, line: Int)] = []
        /// Distinct bad lines at their first sighting.
        var badLines: [(text: [UInt8], line: Int)] = []
        var duplicates = 0
        var comments: [Int] = []

        private mutating func append(_ content: [UInt8], ending: [UInt8]) -> Int {
            bytes += content + ending
            lineCount += 1
            return lineCount
        }

        /// A line holding `id`, possibly wrapped in whitespace; a repeat counts as a duplicate.
        mutating func id(_ id: String, before: String = "", after: String = "", ending: String = "\n") {
            let line = append(Array((before + id + after).utf8), ending: Array(ending.utf8))
            if ids.contains(where: { $0.id == id }) { duplicates += 1 } else { ids.append((id, line)) }
        }

        /// A line that must be refused; a repeat of the same bytes counts as a duplicate.
        mutating func bad(_ content: [UInt8], ending: String = "\n") {
            let line = append(content, ending: Array(ending.utf8))
            if badLines.contains(where: { $0.text == content }) { duplicates += 1 } else { badLines.append((content, line)) }
        }

        mutating func bad(_ text: String, ending: String = "\n") { bad(Array(text.utf8), ending: ending) }

        /// A line that is skipped: blank, whitespace only, or a comment.
        mutating func skipped(_ text: String, ending: String = "\n") {
            let line = append(Array(text.utf8), ending: Array(ending.utf8))
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("#") { comments.append(line) }
        }
    }

    /// Existing contacts, so every valid id must end up stored.
    static let valid = ContactGenerator.ids(count: 40, seed: 2024).filter(ContactGenerator.exists)
    /// The longest id accepted (64 characters), chosen to exist in the simulator.
    static let longest = (0..<1000).lazy.map { String(repeating: "Z", count: 60) + String(format: "%04d", $0) }
        .first(where: ContactGenerator.exists)!

    static func hostileFile() -> IDFile {
        let v = valid
        var file = IDFile()
        file.bytes = [0xEF, 0xBB, 0xBF]  // a byte-order mark before the first id
        file.id(v[0], ending: "\r\n")
        file.skipped("", ending: "\r\n")
        file.id(v[1], before: "   ", after: "\t \r", ending: "\n")
        file.skipped(" \t ")
        file.id(v[2], before: "\u{0C}", after: "\u{0B}")
        file.id(v[0])
        file.id(v[2], before: "  ", after: "  ", ending: "\r\n")
        file.bad("../x")
        file.bad("a/b")
        file.bad("%2F")
        file.bad("?q=1")
        file.skipped("#frag")
        file.skipped("   # an indented comment")
        file.bad(v[3] + "#frag")
        file.bad(v[3] + "?q=1")
        file.bad(v[3] + "/../x")
        file.bad(v[3] + "%2F")
        file.id(v[4])
        file.bad(String(repeating: "x", count: 65))
        file.bad(String(repeating: "x", count: 200))
        file.bad([UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20))
        file.id(longest)
        file.bad(Array("ab".utf8) + [0] + Array("cd".utf8))
        file.bad([0])
        file.bad(Array(v[5].utf8) + [0])
        file.bad(Array("ab".utf8) + [0xFF, 0xFE] + Array("cd".utf8))
        file.bad([0x80])
        file.bad([0xFF])
        file.bad([0xC0, 0xAF])
        file.bad([0xED, 0xA0, 0x80])
        file.bad([0xEF, 0xBB, 0xBF] + Array(v[6].utf8))
        file.bad("\u{00A0}" + v[6])
        file.bad("１２３")
        file.bad(v[7] + " " + v[8])
        file.bad(#"a\x00b"#)
        file.bad("../x")
        file.id(v[9], ending: "\r\n")
        file.skipped("\r")
        file.id(v[10], after: "\r", ending: "")
        return file
    }

    static func failureRows(_ store: ContactStore, run: Int64) throws -> [Row] {
        try store.database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT CAST(contact_id AS BLOB) AS contact_id, reason, http_status, message, attempts, line_number
                FROM sync_failures WHERE run_id = ? ORDER BY line_number
                """, arguments: [run])
        }
    }

    @Test func onlyValidIDsReachTheAPIAndEveryBadLineIsRecordedWithItsLineNumber() async throws {
        let harness = try SyncHarness()
        let file = Self.hostileFile()
        let path = try harness.directory.write("hostile-ids.txt", file.bytes)
        var simulator = SimulatorConfiguration()
        simulator.rateLimit = nil
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let summary = try await harness.sync(idsAt: path, against: running)
            let expectedIDs = file.ids.map(\.id)

            // Nothing but /contacts/<valid id> was requested, each distinct valid id exactly once.
            let paths = running.log.requestedPaths
            #expect(paths.count == expectedIDs.count)
            #expect(Set(paths) == Set(expectedIDs.map { "/contacts/\($0)" }))
            for id in expectedIDs { #expect(running.log.hits(for: id) == 1, "\(id) fetched once") }
            #expect(running.log.totalRequests == expectedIDs.count)

            // The byte-order mark did not spoil the first id, and duplicates (even re-wrapped in spaces) were dropped.
            #expect(file.ids.first?.line == 1)
            #expect(file.duplicates == 3)

            #expect(summary.status == .partial)
            #expect(summary.exitCode == 1)
            #expect(summary.run.idsRead == expectedIDs.count + file.badLines.count)
            #expect(summary.run.duplicateIDs == file.duplicates)
            #expect(summary.run.contactsSynced == expectedIDs.count)
            #expect(summary.run.failures == file.badLines.count)
            let stored = try #require(try harness.store.run(id: summary.runID))
            #expect(stored.status == .partial)
            #expect(stored.counters.idsRead == summary.run.idsRead)
            #expect(stored.counters.duplicateIDs == file.duplicates)
            #expect(stored.counters.failures == file.badLines.count)
            #expect(stored.counters.requests == expectedIDs.count)

            try harness.read { db throws in
                #expect(try String.fetchSet(db, sql: "SELECT id FROM contacts") == Set(expectedIDs))
                for id in expectedIDs { try ContactOracle.verify(id: id, in: db) }
            }

            // One invalid_id row per distinct bad line, at the line where it first appeared.
            let rows = try Self.failureRows(harness.store, run: summary.runID)
            #expect(rows.map { $0["line_number"] as Int } == file.badLines.map(\.line))
            #expect(!rows.contains { ($0["line_number"] as Int?) == 1 }, "the first line (after the BOM) is a valid id")
            for comment in file.comments {
                #expect(!rows.contains { ($0["line_number"] as Int?) == comment }, "line \(comment) is a comment")
            }
            var texts: Set<String> = []
            for row in rows {
                let line: Int = row["line_number"]
                let text = String(decoding: row["contact_id"] as Data, as: UTF8.self)
                #expect(row["reason"] as String == "invalid_id", "line \(line)")
                #expect(row["attempts"] as Int == 0, "line \(line)")
                #expect(row["http_status"] as Int? == nil, "line \(line)")
                #expect(!(row["message"] as String? ?? "").isEmpty, "line \(line) says why")
                #expect(!text.isEmpty && text.count <= IDReader.maximumDisplayCharacters, "line \(line): \(text)")
                #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "line \(line) is printable")
                #expect(ContactID(text) == nil, "line \(line) is not recorded under a valid id")
                texts.insert(text)
            }
            #expect(texts.count == rows.count, "distinct bad lines are recorded under distinct texts")
            let byLine = Dictionary(uniqueKeysWithValues: rows.map { row in
                (row["line_number"] as Int, String(decoding: row["contact_id"] as Data, as: UTF8.self))
            })
            let printable = file.badLines.filter { text, _ in
                text.count <= IDReader.maximumDisplayCharacters
                    && text.allSatisfy { (0x21...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
            }
            #expect(printable.count >= 8)
            for (text, line) in printable {
                #expect(byLine[line] == String(decoding: text, as: UTF8.self), "printable line \(line) is kept as read")
            }
        }
    }

    @Test func distinctBadLinesAreNeverMergedAndRepeatsAre() throws {
        let lines: [[UInt8]] = [
            [0x80], [0xFF], [0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], Array("\u{FFFD}".utf8),
            [0x5C, 0x78, 0x30, 0x30], [0x00], [0x5C], [0x5C, 0x5C], [0x01], [0x5C, 0x78, 0x30, 0x31],
            Array(repeating: UInt8(ascii: "x"), count: 150), Array(repeating: UInt8(ascii: "x"), count: 151),
            Array(repeating: UInt8(ascii: "x"), count: 100) + [0x2F],
            Array(repeating: UInt8(ascii: "x"), count: 100) + [0x2E],
            Array(repeating: UInt8(ascii: "y"), count: 5000), Array(repeating: UInt8(ascii: "y"), count: 5001),
            Array(repeating: 0x20, count: 5000), Array(repeating: 0x00, count: 200),
        ]
        let directory = try TemporaryDirectory()
        let bytes: [UInt8] = (lines + lines).flatMap { line -> [UInt8] in line + [0x0A] }
        let reader = try IDReader(path: try directory.write("ids.txt", bytes))
        var texts: [String] = []
        while let line = try reader.next() {
            guard case .invalid(let text, _, _) = line else {
                Issue.record("accepted \(line)")
                continue
            }
            #expect(text.count <= IDReader.maximumDisplayCharacters, "\(text)")
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(text)")
            texts.append(text)
        }
        #expect(texts.count == lines.count * 2)
        #expect(Set(texts).count == lines.count, "each distinct line has its own text: \(texts)")
        #expect(Array(texts[lines.count...]) == Array(texts[..<lines.count]), "a repeated line renders the same")
    }

    /// A pipe may deliver the byte-order mark in pieces; it is still ignored. A datagram socket pair makes every
    /// `read` return exactly one write, so the split is deterministic.
    @Test func aByteOrderMarkSplitAcrossReadsIsStillIgnored() throws {
        var descriptors: [Int32] = [-1, -1]
        #if os(Linux)
            let type = Int32(SOCK_DGRAM.rawValue)
        #else
            let type = SOCK_DGRAM
        #endif
        #expect(socketpair(AF_UNIX, type, 0, &descriptors) == 0)
        defer { descriptors.forEach { close($0) } }
        for piece in [[0xEF], [0xBB], [0xBF, UInt8(ascii: "a")], Array("bc\ndef\n".utf8)] as [[UInt8]] {
            #expect(piece.withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) } == piece.count)
        }
        var splitter = LineSplitter(fileDescriptor: descriptors[0])
        let first = try #require(try splitter.nextRawLine())
        #expect(first.bytes == Array("abc".utf8))
        #expect(first.length == 3)
        #expect(IDReader.parse(first.bytes, length: first.length, line: first.number) == .id(ContactID("abc")!, line: 1))
        let second = try #require(try splitter.nextRawLine())
        #expect(second.bytes == Array("def".utf8))
    }

    @Test func anEmptyFileIsAnEmptySuccessfulRunWithoutRequests() async throws {
        let harness = try SyncHarness()
        try await LeadConnectorSimulator.withRunning(SimulatorConfiguration()) { running in
            for content in [[], Array("\n\r\n  \n# only a comment\n".utf8), [0xEF, 0xBB, 0xBF]] as [[UInt8]] {
                let path = try harness.directory.write("empty-\(UUID().uuidString).txt", content)
                let summary = try await harness.sync(idsAt: path, against: running)
                #expect(summary.status == .succeeded)
                #expect(summary.exitCode == 0)
                #expect(summary.run.idsRead == 0)
                let stored = try #require(try harness.store.run(id: summary.runID))
                #expect(stored.status == .succeeded)
                #expect(stored.counters == RunCounters())
            }
            #expect(running.log.totalRequests == 0)
            try harness.read { db throws in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_runs") == 3)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contacts") == 0)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_failures") == 0)
            }
        }
    }

    /// An id list that cannot be opened at all.
    enum UnreadableList: String, CaseIterable, CustomTestStringConvertible {
        case missing, directory, socket

        var testDescription: String { rawValue }

        /// Creates the path; returns what must be closed afterwards, if anything.
        func make(in directory: TemporaryDirectory) throws -> (path: String, descriptor: Int32?) {
            switch self {
            case .missing:
                return (directory.file("missing.txt"), nil)
            case .directory:
                let path = directory.file("ids.d")
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                return (path, nil)
            case .socket:
                let path = directory.file("ids.sock")
                return (path, try BadIDInputTests.bindUnixSocket(at: path))
            }
        }

        /// What the error must say besides the path (strerror's text varies by platform for a socket).
        var cause: String? {
            switch self {
            case .missing: "No such file or directory"
            case .directory: "it is a directory"
            case .socket:
                #if os(Linux)
                    "No such device or address"
                #else
                    nil
                #endif
            }
        }
    }

    /// Refused where it is decided: `IDReader(path:)` throws before a run is recorded or a request sent (the CLI maps
    /// that error to exit 2 before opening the database; scripts/cli-test checks the missing and directory cases).
    @Test(arguments: UnreadableList.allCases)
    func anUnreadableListIsRefusedBeforeAnyRequest(_ kind: UnreadableList) async throws {
        let harness = try SyncHarness()
        let (path, descriptor) = try kind.make(in: harness.directory)
        defer { if let descriptor { close(descriptor) } }
        try await Self.expectRefusedBeforeAnyRequest(path: path, cause: kind.cause, harness: harness)
    }

    /// Permission bits do not stop root, so this case only runs as another user; the socket case above is a file
    /// that even root cannot open, and covers "unreadable" there.
    @Test(.disabled(if: geteuid() == 0, "running as root: mode 000 does not stop root from reading, so it proves nothing"))
    func aFileWithoutReadPermissionIsRefusedBeforeAnyRequest() async throws {
        let harness = try SyncHarness()
        let path = try harness.directory.write("locked.txt", Array("\(Self.valid[0])\n".utf8))
        #expect(chmod(path, 0) == 0)
        defer { chmod(path, 0o600) }
        try await Self.expectRefusedBeforeAnyRequest(path: path, cause: "Permission denied", harness: harness)
    }

    static func expectRefusedBeforeAnyRequest(path: String, cause: String?, harness: SyncHarness) async throws {
        let error = #expect(throws: IDReaderError.self) { try IDReader(path: path) }
        #expect(error?.description.contains(path) == true, "\(String(describing: error)) names the path")
        if let cause { #expect(error?.description.contains(cause) == true, "\(String(describing: error)) says why") }
        try await LeadConnectorSimulator.withRunning(SimulatorConfiguration()) { running in
            await #expect(throws: IDReaderError.self) { try await harness.sync(idsAt: path, against: running) }
            #expect(running.log.totalRequests == 0)
        }
        #expect(try harness.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_runs") } == 0)
    }

    /// Binds a Unix-domain socket at `path`: a directory entry that open(2) refuses, whoever asks.
    static func bindUnixSocket(at path: String) throws -> Int32 {
        #if os(Linux)
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < capacity else {
            close(descriptor)
            throw POSIXError(.ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw POSIXError(.init(rawValue: code) ?? .EIO)
        }
        return descriptor
    }
}
