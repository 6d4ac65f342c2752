import Foundation
package import HighLevelAPI
import Synchronization

/// One meaningful line of an id list.
package enum IDLine: Sendable, Equatable {
    /// A valid id, and the 1-based line it was read from.
    case id(ContactID, line: Int)
    /// A line that is not a valid id: its text made printable and cut short, and why it was refused.
    case invalid(text: String, line: Int, reason: InvalidLine)
}

/// Why a line is not an id; its description is what `sync_failures.message` stores.
package enum InvalidLine: Sendable, Equatable, CustomStringConvertible {
    /// Longer than ``IDReader/maximumLineBytes``: not kept in memory.
    case lineTooLong(bytes: Int)
    case longerThanAnID
    case notUTF8
    /// Characters an id cannot hold.
    case notAnID
    /// The search listed an id that could not be sent.
    case searchReturnedInvalidID

    package var description: String {
        switch self {
        case .lineTooLong(let bytes): "line is \(bytes) bytes long"
        case .longerThanAnID: "longer than \(ContactID.maximumLength) characters"
        case .notUTF8: "not valid UTF-8"
        case .notAnID: "ids are 1-\(ContactID.maximumLength) ASCII letters and digits"
        case .searchReturnedInvalidID:
            "the search returned an id that is not 1-\(ContactID.maximumLength) ASCII letters and digits"
        }
    }
}

/// Why the id list could not be read at all.
package struct IDReaderError: Error, Sendable, CustomStringConvertible {
    package let description: String
}

/// Streams an id list, one id per line, without holding the file in memory.
///
/// Rules: a UTF-8 byte-order mark at the start is ignored; each line is trimmed of spaces, tabs and `\r`;
/// blank lines and lines starting with `#` are skipped; anything else must be 1–64 ASCII letters and
/// digits or it is reported as `invalid` (never sent to the API). A line longer than 4 KiB is not kept in
/// memory: it is reported invalid with its length.
package final class IDReader: Sendable {
    /// The longest line kept whole; longer ones are reported invalid by their length.
    static let maximumLineBytes = 4096
    /// How much of an invalid line is kept for the failure record.
    static let maximumDisplayCharacters = 100

    private let fileDescriptor: Int32
    private let ownsDescriptor: Bool
    private let splitter: Mutex<LineSplitter>

    /// Opens `path` for reading, or standard input for `-`. Refuses directories and unreadable paths.
    package init(path: String) throws(IDReaderError) {
        if path == "-" {
            fileDescriptor = STDIN_FILENO
            ownsDescriptor = false
            splitter = Mutex(LineSplitter(fileDescriptor: STDIN_FILENO))
            return
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw IDReaderError(description: "cannot read id file \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw IDReaderError(description: "cannot read id file \(path): it is a directory")
        }
        fileDescriptor = descriptor
        ownsDescriptor = true
        splitter = Mutex(LineSplitter(fileDescriptor: descriptor))
    }

    deinit {
        if ownsDescriptor { close(fileDescriptor) }
    }

    /// The next id or invalid line, or nil at the end of the list.
    package func next() throws(IDReaderError) -> IDLine? {
        let result: Result<IDLine?, IDReaderError> = splitter.withLock { splitter in
            do throws(IDReaderError) {
                while let raw = try splitter.nextRawLine() {
                    if let parsed = Self.parse(raw.bytes, length: raw.length, line: raw.number) { return .success(parsed) }
                }
                return .success(nil)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Classifies one line's bytes (without its `\n`); nil for blank and comment lines.
    static func parse(_ bytes: [UInt8], length: Int, line: Int) -> IDLine? {
        var start = bytes.startIndex
        var end = bytes.endIndex
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if start == end, length <= bytes.count { return nil }
        if start < end, bytes[start] == UInt8(ascii: "#") { return nil }
        let trimmed = bytes[start..<end]
        if length > bytes.count {
            let text = display(trimmed, lineLength: length, isWhole: false)
            return .invalid(text: text, line: line, reason: .lineTooLong(bytes: length))
        }
        if let id = ContactID(String(decoding: trimmed, as: UTF8.self)), trimmed.allSatisfy({ $0 < 0x80 }) {
            return .id(id, line: line)
        }
        let reason: InvalidLine
        if trimmed.count > ContactID.maximumLength {
            reason = .longerThanAnID
        } else if String(validating: trimmed, as: UTF8.self) == nil {
            reason = .notUTF8
        } else {
            reason = .notAnID
        }
        return .invalid(text: display(trimmed, lineLength: length, isWhole: true), line: line, reason: reason)
    }

    /// A printable, bounded rendering of a bad line that tells distinct lines apart (it keys the failure row, and
    /// repeats of one bad line are counted as duplicates by it).
    ///
    /// Backslashes are doubled, and control characters and bytes that are not UTF-8 become `\xHH`, so no two lines
    /// render alike. A rendering longer than ``maximumDisplayCharacters``, or of a line too long to keep whole, is
    /// cut short and ends in `…#` and a 64-bit hash of the kept bytes and the line's length.
    static func display(_ bytes: ArraySlice<UInt8>, lineLength: Int, isWhole: Bool) -> String {
        var pieces: [String] = []
        var count = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = bytes.startIndex
        var exhausted = false
        reading: while count <= maximumDisplayCharacters {
            let piece: String
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "\\" {
                    piece = "\\\\"
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    piece = escaped(UInt8(scalar.value))
                } else {
                    piece = String(Character(scalar))
                }
            case .error(let length):
                piece = bytes[offset..<(offset + length)].map(escaped).joined()
                offset += length
            case .emptyInput:
                exhausted = true
                break reading
            }
            pieces.append(piece)
            count += piece.unicodeScalars.count
        }
        if isWhole, exhausted, count <= maximumDisplayCharacters { return pieces.joined() }

        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the kept bytes, then the line's length
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for shift in stride(from: 0, to: 64, by: 8) {
            hash = (hash ^ (UInt64(lineLength) >> UInt64(shift) & 0xFF)) &* 0x100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        let suffix = "…#" + String(repeating: "0", count: 16 - digits.count) + digits
        var result = ""
        var kept = 0
        for piece in pieces {
            let size = piece.unicodeScalars.count
            if kept + size > maximumDisplayCharacters - suffix.unicodeScalars.count { break }
            result += piece
            kept += size
        }
        return result + suffix
    }

    /// `\xHH` for one byte.
    private static func escaped(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "\\x" + (digits.count == 1 ? "0" + digits : digits)
    }
}

/// Splits a file descriptor's bytes into lines, keeping at most ``IDReader/maximumLineBytes`` of each.
struct LineSplitter: ~Copyable {
    let fileDescriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var bufferStart = 0
    private var bufferEnd = 0
    private var line: [UInt8] = []
    private var lineLength = 0
    private var lineNumber = 0
    private var atEndOfFile = false

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    mutating func nextRawLine() throws(IDReaderError) -> (bytes: [UInt8], length: Int, number: Int)? {
        line.removeAll(keepingCapacity: true)
        lineLength = 0
        while true {
            if bufferStart == bufferEnd {
                if atEndOfFile { break }
                try fill()
                continue
            }
            if let newline = buffer[bufferStart..<bufferEnd].firstIndex(of: 0x0A) {
                append(buffer[bufferStart..<newline])
                bufferStart = newline + 1
                return finishLine()
            }
            append(buffer[bufferStart..<bufferEnd])
            bufferStart = bufferEnd
        }
        guard lineLength > 0 else { return nil }
        return finishLine()
    }

    /// Numbers the line just read; drops a byte-order mark from the first (however the reads split it).
    private mutating func finishLine() -> (bytes: [UInt8], length: Int, number: Int) {
        lineNumber += 1
        if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) {
            line.removeFirst(3)
            lineLength -= 3
        }
        return (line, lineLength, lineNumber)
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        lineLength += bytes.count
        let room = IDReader.maximumLineBytes - line.count
        if room > 0 { line.append(contentsOf: bytes.prefix(room)) }
    }

    private mutating func fill() throws(IDReaderError) {
        let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { return }
            throw IDReaderError(description: "cannot read id list: \(String(cString: strerror(errno)))")
        }
        bufferStart = 0
        bufferEnd = count
        if count == 0 { atEndOfFile = true }
    }
}
