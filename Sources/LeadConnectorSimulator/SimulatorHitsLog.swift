#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An append-only file with one line per answered `GET /contacts/{id}`: `ID STATUS`, plus ` FAULT` when the
/// answer was an injected fault (`server_error`, `burst_429`, `dropped`, `truncated`, `malformed`).
///
/// Each line is a single `write(2)` to a file opened with `O_APPEND`, made before the response is sent: once a
/// client holds a response, its line is in the file, and neither killing the client nor killing the simulator
/// loses it. A restarted simulator appends to the same file. `STATUS` is 0 for a dropped connection. Scripts
/// read it to count requests per id across many client processes (`scripts/chaos`).
final class SimulatorHitsLog: Sendable {
    private let path: String
    /// The open file, or -1 once closed.
    private let descriptor: Mutex<Int32>

    /// Opens `path` for appending, creating it (mode 0644) when missing.
    init(path: String) throws(SimulatorError) {
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw .cannotOpenHitsLog(path: path, reason: Self.lastErrorDescription()) }
        self.path = path
        descriptor = Mutex(opened)
    }

    /// Appends the line for one answer.
    ///
    /// A line that cannot be written stops the process: a log that silently misses requests would let the
    /// checks built on it pass when they should fail.
    func append(contactID: String, status: Int, fault: String?) {
        var line = Self.printable(contactID) + " " + String(status)
        if let fault { line += " " + fault }
        line += "\n"
        let bytes = Array(line.utf8)
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    fatalError("the hits log \(path) could not be written: \(Self.lastErrorDescription())")
                }
                offset += written
            }
        }
    }

    /// Closes the file; later appends are ignored.
    func close() {
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            closeDescriptor(descriptor)
            descriptor = -1
        }
    }

    /// The id with every byte outside printable ASCII (and `%`) written as `%XX`, so a line is always one line
    /// of two or three space-separated fields.
    static func printable(_ id: String) -> String {
        var text = ""
        for byte in id.utf8 {
            if (0x21...0x7E).contains(byte), byte != UInt8(ascii: "%") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                text += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text
    }

    private static func lastErrorDescription() -> String {
        String(cString: strerror(errno))
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
