import Foundation

extension IDReader {
    /// How many meaningful lines (neither blank nor `#` comments) the id file at `path` holds, for a progress
    /// total; nil for standard input, anything but a regular file, or a file that cannot be read.
    ///
    /// Reads the file once in 64 KiB blocks without keeping lines; the count matches what the reader reports
    /// (ids, invalid lines and repeats), so it is read again from the start by the run.
    package static func countIDLines(atPath path: String) -> Int? {
        guard path != "-" else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        var counter = LineCounter()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var atStart = true
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            // A byte-order mark at the start of the file is not part of the first line (as for the reader).
            let skip = atStart && count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0
            atStart = false
            for byte in buffer[skip..<count] { counter.consume(byte) }
        }
        counter.endOfFile()
        return counter.count
    }
}

/// Counts lines whose first non-blank byte is not `#`, byte by byte.
private struct LineCounter {
    private(set) var count = 0
    /// The first non-blank byte of the current line, once seen.
    private var first: UInt8?

    mutating func consume(_ byte: UInt8) {
        if byte == 0x0A {
            endOfLine()
            return
        }
        let isBlank = byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
        if first == nil, !isBlank { first = byte }
    }

    mutating func endOfFile() { endOfLine() }

    private mutating func endOfLine() {
        if let first, first != UInt8(ascii: "#") { count += 1 }
        first = nil
    }
}
