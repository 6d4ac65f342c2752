import Foundation
public import HighLevelAPI
import Synchronization

/// One meaningful line of an id list.
public enum IDLine: Sendable, Equatable {
    /// A valid id, and the 1-based line it was read from.
    case id(ContactID, line: Int)
    /// A line that is not a valid id: its text made printable and cut short, and why it was refused.
    case invalid(text: String, line: Int, reason: String)
}

/// Why the id list could not be read at all.
public struct IDReaderError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Streams an id list, one id per line, without holding the file in memory.
///
/// Rules: a UTF-8 byte-order mark at the start is ignored; each line is trimmed of spaces, tabs and `\r`;
/// blank lines and lines starting with `#` are skipped; anything else must be 1–64 ASCII letters and
/// digits or it is reported as `invalid` (never sent to the API). A line longer than 4 KiB is not kept in
/// memory: it is reported invalid with its length.
public final class IDReader: Sendable {
    /// The longest line kept whole; longer ones are reported invalid by their length.
    static let maximumLineBytes = 4096
    /// How much of an invalid line is kept for the failure record.
    static let maximumDisplayCharacters = 100

    private let fileDescriptor: Int32
    private let ownsDescriptor: Bool
    private let splitter: Mutex<LineSplitter>

    /// Opens `path` for reading, or standard input for `-`. Refuses directories and unreadable paths.
    public init(path: String) throws(IDReaderError) {
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
    public func next() throws(IDReaderError) -> IDLine? {
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
            return .invalid(text: display(trimmed), line: line, reason: "line is \(length) bytes long")
        }
        if let id = ContactID(String(decoding: trimmed, as: UTF8.self)), trimmed.allSatisfy({ $0 < 0x80 }) {
            return .id(id, line: line)
        }
        let reason: String
        if trimmed.count > ContactID.maximumLength {
            reason = "longer than \(ContactID.maximumLength) characters"
        } else if String(validating: trimmed, as: UTF8.self) == nil {
            reason = "not valid UTF-8"
        } else {
            reason = "ids are 1-\(ContactID.maximumLength) ASCII letters and digits"
        }
        return .invalid(text: display(trimmed), line: line, reason: reason)
    }

    /// A printable, bounded rendering of a bad line: control characters and invalid UTF-8 become escapes.
    static func display(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(maximumDisplayCharacters * 4), as: UTF8.self)
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == maximumDisplayCharacters {
                result += "…"
                break
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\x" + String(scalar.value, radix: 16, uppercase: true)
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result.isEmpty ? "(empty)" : result
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
    private var atStartOfFile = true

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
                lineNumber += 1
                return (line, lineLength, lineNumber)
            }
            append(buffer[bufferStart..<bufferEnd])
            bufferStart = bufferEnd
        }
        guard lineLength > 0 else { return nil }
        lineNumber += 1
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
        if atStartOfFile, count > 0 {
            atStartOfFile = false
            if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { bufferStart = 3 }
        }
    }
}
