import Foundation
import HighLevelAPI
import Testing

@testable import ContactSync
import LosslessJSON
import TestSupport

@Suite struct IDReaderTests {
    static func read(_ bytes: [UInt8]) throws -> [IDLine] {
        let directory = try TemporaryDirectory()
        let reader = try IDReader(path: try directory.write("ids.txt", bytes))
        var lines: [IDLine] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    }

    static func id(_ text: String, _ line: Int) -> IDLine { .id(ContactID(text)!, line: line) }

    @Test func trimsWhitespaceAndCRAndSkipsBlanksAndComments() throws {
        let text = "  abc \r\n\r\n# a comment\n\tdef\t\n   # indented comment\nghi"
        #expect(try Self.read(Array(text.utf8)) == [Self.id("abc", 1), Self.id("def", 4), Self.id("ghi", 6)])
    }

    @Test func aByteOrderMarkAtTheStartIsIgnored() throws {
        #expect(try Self.read([0xEF, 0xBB, 0xBF] + Array("abc\ndef".utf8)) == [Self.id("abc", 1), Self.id("def", 2)])
    }

    @Test func anEmptyFileHasNoIds() throws {
        #expect(try Self.read([]).isEmpty)
        #expect(try Self.read(Array("\n\n  \n".utf8)).isEmpty)
    }

    @Test(arguments: ["../x", "a/b", "%2F", "?q=1", "a b", "é", "abc\u{00A0}", String(repeating: "a", count: 65), "a\u{0}b"])
    func badLinesAreInvalidNotSent(line: String) throws {
        let lines = try Self.read(Array("ok1\n\(line)\nok2".utf8))
        #expect(lines.count == 3)
        #expect(lines.first == Self.id("ok1", 1))
        #expect(lines.last == Self.id("ok2", 3))
        guard case .invalid(let text, let number, let reason) = lines[1] else {
            Issue.record("\(line) was accepted")
            return
        }
        #expect(number == 2)
        #expect(!reason.description.isEmpty)
        #expect(!text.contains("\u{0}"))
        #expect(text.count <= IDReader.maximumDisplayCharacters + 1)
    }

    @Test func sixtyFourCharactersIsTheLongestId() throws {
        let longest = String(repeating: "Z", count: 64)
        #expect(try Self.read(Array(longest.utf8)) == [Self.id(longest, 1)])
    }

    @Test func invalidUTF8IsReportedPrintably() throws {
        let lines = try Self.read(Array("ab".utf8) + [0xFF, 0xFE] + Array("\nok".utf8))
        guard case .invalid(let text, 1, let reason)? = lines.first else {
            Issue.record("expected an invalid first line, got \(lines)")
            return
        }
        #expect(reason == .notUTF8 && reason.description.contains("UTF-8"))
        #expect(text.hasPrefix("ab"))
        #expect(lines.last == Self.id("ok", 2))
    }

    @Test func aOneMebibyteLineIsRefusedWithoutBeingKept() throws {
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        let lines = try Self.read(huge + Array("\nnext".utf8))
        guard case .invalid(let text, 1, let reason)? = lines.first else {
            Issue.record("expected an invalid first line")
            return
        }
        #expect(reason.description.contains("\(1 << 20) bytes"))
        #expect(text.count <= IDReader.maximumDisplayCharacters + 1)
        #expect(lines.last == Self.id("next", 2))
    }

    @Test func missingFilesAndDirectoriesAreRefusedUpFront() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: IDReaderError.self) { try IDReader(path: directory.file("nope.txt")) }
        do {
            _ = try IDReader(path: directory.path)
            Issue.record("a directory was accepted")
        } catch {
            #expect(error.description.contains("directory"))
        }
    }
}
