import Foundation

/// Whole writes to a file descriptor, for lines that must not be split (log entries, progress redraws) and for
/// files written in chunks.
package enum FileOutput {
    /// Writes all of `bytes` with as few `write(2)` calls as the kernel allows, retrying on EINTR; on failure
    /// returns the `errno`, nil on success.
    @discardableResult
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
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
    package static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }
}

/// A file that appears under its name only once complete: written as a hidden temporary beside it (mode 0600
/// unless told otherwise, whatever the umask: summaries, exports and credentials hold personal data or
/// secrets), flushed to disk,
/// renamed over it, and the rename made durable. A reader never sees half a file, and a failure (or a kill at
/// any instant) leaves the earlier file in place.
package final class AtomicFile {
    /// Why the file could not be written: which step, on which path, and the system's error.
    package struct Failure: Error, CustomStringConvertible {
        package let step: String
        package let path: String
        package let code: Int32

        package var description: String { "cannot \(step) \(path): \(String(cString: strerror(code)))" }
    }

    package let path: String
    private let temporaryPath: String
    private(set) var descriptor: Int32

    /// Creates the temporary file beside `path`, with permissions `mode`.
    package init(path: String, mode: Int = 0o600) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        self.path = path
        unlink(temporaryPath)  // a leftover of a killed process that had this pid
        descriptor = open(temporaryPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw Failure(step: "write", path: path, code: errno) }
        guard fchmod(descriptor, mode_t(mode)) == 0 else {
            let failure = Failure(step: "write", path: path, code: errno)
            discard()
            throw failure
        }
    }

    deinit { discard() }

    /// Appends `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        if let code = FileOutput.writeAll(bytes, to: descriptor) { throw Failure(step: "write", path: path, code: code) }
    }

    /// Makes the file durable and moves it into place.
    package func commit() throws(Failure) {
        guard fsync(descriptor) == 0 else { throw Failure(step: "write", path: path, code: errno) }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let failure = Failure(step: "move the file into", path: path, code: errno)
            unlink(temporaryPath)
            throw failure
        }
        // The rename itself is durable once the directory is synced (a credentials file must survive a crash).
        let directory = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Removes the temporary file (after a failure; nothing once committed).
    package func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    /// Writes `text` to `path` atomically, with permissions `mode`.
    package static func write(_ text: String, to path: String, mode: Int = 0o600) throws(Failure) {
        let file = try AtomicFile(path: path, mode: mode)
        let bytes = Array(text.utf8)
        if let code = bytes.withUnsafeBytes({ FileOutput.writeAll($0, to: file.descriptor) }) {
            throw Failure(step: "write", path: path, code: code)
        }
        try file.commit()
    }
}
