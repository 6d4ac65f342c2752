import Foundation
import Testing

@testable import LosslessJSON

/// The word-at-a-time scans find exactly what a byte-by-byte scan finds, wherever it falls against the
/// eight-byte words, and the parser, skim and writer built on them keep their results.
@Suite("ByteScan") struct ByteScanTests {
    static func withBytes<T>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        bytes.withUnsafeBufferPointer(body)
    }

    @Test("stringContentEnd stops at the first quote, backslash or control character, at any offset")
    func stringContentEnd() {
        let filler = Array("abcdefghijklmnopqrstuvwxyz é€😀 ~\u{7F}".utf8)  // ASCII, multi-byte, DEL: all content
        #expect(Self.withBytes(filler) { ByteScan.stringContentEnd(in: $0, from: 0) } == filler.count)
        for special: UInt8 in [0x22, 0x5C, 0x00, 0x01, 0x0A, 0x1F] {
            for position in 0..<filler.count {
                var bytes = filler
                bytes[position] = special
                bytes.append(0x22)
                for start in 0...position {
                    let found = Self.withBytes(bytes) { ByteScan.stringContentEnd(in: $0, from: start) }
                    #expect(found == position, "special \(special) at \(position), scan from \(start)")
                }
            }
        }
        #expect(Self.withBytes([]) { ByteScan.stringContentEnd(in: $0, from: 0) } == 0)
    }

    @Test("firstNonASCII finds the first byte at or above 0x80 within the range")
    func firstNonASCII() {
        for length in 0..<20 {
            for position in 0...length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if position < length { bytes[position] = 0x80 | UInt8(position) }
                for start in 0...position {
                    let found = Self.withBytes(bytes) { ByteScan.firstNonASCII(in: $0, start..<length) }
                    #expect(found == position, "length \(length), byte at \(position), from \(start)")
                }
                // A range that ends before the byte does not see it.
                let cut = Self.withBytes(bytes) { ByteScan.firstNonASCII(in: $0, 0..<position) }
                #expect(cut == position)
            }
        }
    }

    /// Strings with an escape-needing or multi-byte character at every offset against the words.
    static let strings: [String] = (0..<20).flatMap { offset in
        ["\"", "\\", "\n", "\u{01}", "é", "😀", "\u{7F}"].map { String(repeating: "x", count: offset) + $0 + "tail-of-nine" }
    }

    @Test("written, parsed and skimmed strings round-trip and agree with Foundation")
    func roundTrips() throws {
        for string in Self.strings {
            var literal: [UInt8] = []
            JSONWriter.writeString(string, to: &literal)
            #expect(try JSONParser.parse(literal) == .string(string))
            let document = Array(#"{"contact":{"id":"#.utf8) + literal + Array("}}".utf8)
            let skim = try JSONParser.skim(document, member: "contact", strings: ["id"])
            #expect(skim.memberStrings["id"] == string)
            let foundation = try JSONSerialization.jsonObject(with: Data(literal), options: [.fragmentsAllowed]) as? String
            #expect(foundation == string)
        }
    }

    @Test("invalid UTF-8 and raw control characters are refused at any offset, by parse and skim alike")
    func refusalsAtEveryOffset() {
        let bad: [[UInt8]] = [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xF5, 0x80, 0x80, 0x80], [0x0A]]
        for offset in 0..<20 {
            for sequence in bad {
                let body = [0x22] + [UInt8](repeating: UInt8(ascii: "y"), count: offset) + sequence + Array("zz\"".utf8)
                JSONSkimTests.expectRefusedAlike(body)
            }
        }
    }
}
