/// Word-at-a-time scans over UTF-8 text: eight bytes per step through the runs that need nothing done, which
/// is most of a contact's bytes (string contents). Each test is exact for the word as a whole ("some byte of
/// these eight is …"), so a word that passes needs no second look and a word that fails is read byte by byte.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` equals `byte`.
    @inline(__always)
    private static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        let matches = word ^ (ones &* UInt64(byte))
        return (matches &- ones) & ~matches & highs != 0
    }

    /// Whether some byte of `word` is a control character (below 0x20).
    @inline(__always)
    private static func containsControl(_ word: UInt64) -> Bool {
        (word &- ones &* 0x20) & ~word & highs != 0
    }

    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
    }

    /// The index of the first byte at or after `start` that ends a run of JSON string contents: `"`, `\` or a
    /// control character; `bytes.count` when there is none.
    static func stringContentEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while bytes.count - index >= 8 {
            let word = word(bytes, at: index)
            if contains(word, UInt8(ascii: "\"")) || contains(word, UInt8(ascii: "\\")) || containsControl(word) { break }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    /// The index of the first byte in `range` that is not ASCII (0x80 or above); `range.upperBound` when none.
    static func firstNonASCII(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var index = range.lowerBound
        while range.upperBound - index >= 8 {
            if word(bytes, at: index) & highs != 0 { break }
            index += 8
        }
        while index < range.upperBound, bytes[index] < 0x80 { index += 1 }
        return index
    }
}
