import Foundation

/// Whole writes to a file descriptor, for lines that must not be split (log entries, progress redraws) and for
/// files written in chunks.
enum FileOutput {
    /// Writes all of `bytes` with as few `write(2)` calls as the kernel allows, retrying on EINTR; on failure
    /// returns the `errno`, nil on success.
    @discardableResult
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return written < 0 ? errno : EIO }
            offset += written
        }
        return nil
    }

    /// Writes `text` as UTF-8.
    @discardableResult
    static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }
}

/// A file that appears under its name only once complete: written as a hidden temporary beside it (mode 0600,
/// whatever the umask: summaries and exports hold personal data), flushed to disk, then renamed over it. A
/// reader never sees half a file, and a failure leaves any earlier file in place.
final class AtomicFile {
    /// Why the file could not be written: which step, on which path, and the system's error.
    struct Failure: Error, CustomStringConvertible {
        let step: String
        let path: String
        let code: Int32

        var description: String { "cannot \(step) \(path): \(String(cString: strerror(code)))" }
    }

    let path: String
    private let temporaryPath: String
    private(set) var descriptor: Int32

    /// Creates the temporary file beside `path`.
    init(path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        self.path = path
        unlink(temporaryPath)  // a leftover of a killed process that had this pid
        descriptor = open(temporaryPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw Failure(step: "write", path: path, code: errno) }
        guard fchmod(descriptor, 0o600) == 0 else {
            let failure = Failure(step: "write", path: path, code: errno)
            discard()
            throw failure
        }
    }

    deinit { discard() }

    /// Appends `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        if let code = FileOutput.writeAll(bytes, to: descriptor) { throw Failure(step: "write", path: path, code: code) }
    }

    /// Makes the file durable and moves it into place.
    func commit() throws(Failure) {
        guard fsync(descriptor) == 0 else { throw Failure(step: "write", path: path, code: errno) }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let failure = Failure(step: "move the file into", path: path, code: errno)
            unlink(temporaryPath)
            throw failure
        }
    }

    /// Removes the temporary file (after a failure; nothing once committed).
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    /// Writes `text` to `path` atomically.
    static func write(_ text: String, to path: String) throws(Failure) {
        let file = try AtomicFile(path: path)
        let bytes = Array(text.utf8)
        if let code = bytes.withUnsafeBytes({ FileOutput.writeAll($0, to: file.descriptor) }) {
            throw Failure(step: "write", path: path, code: code)
        }
        try file.commit()
    }
}
