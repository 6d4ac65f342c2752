import Foundation

/// Where `export` writes: standard output, or a file that appears under its name only once complete.
///
/// A file is written as a hidden temporary beside the target (mode 0600: exports hold personal data),
/// flushed to disk, then renamed over the target, so a reader never sees half an export and a failed
/// export leaves any earlier file in place.
final class ExportDestination {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let descriptor: Int32
    private let temporaryPath: String?
    private let finalPath: String?
    private var isClosed = false

    init(path: String?) throws(Failure) {
        guard let path else {
            descriptor = STDOUT_FILENO
            temporaryPath = nil
            finalPath = nil
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Failure(description: "cannot write \(path): it is a directory")
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        let opened = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = opened
        temporaryPath = temporary
        finalPath = path
    }

    /// Writes all of `bytes`, retrying short writes and interrupted calls.
    func write(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Foundation.write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                // A closed pipe (`export ... | head`) is the reader's choice, not a failure to report.
                if errno == EPIPE, temporaryPath == nil { exit(141) }
                throw Failure(description: "cannot write \(finalPath ?? "standard output"): \(String(cString: strerror(errno)))")
            }
            next += written
            remaining -= written
        }
    }

    /// Makes a file export durable and moves it into place; standard output needs nothing.
    func commit() throws(Failure) {
        guard let temporaryPath, let finalPath else { return }
        defer { closeFile() }
        guard fsync(descriptor) == 0 else {
            throw Failure(description: "cannot write \(finalPath): \(String(cString: strerror(errno)))")
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            throw Failure(description: "cannot move the export into \(finalPath): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the partial file after a failure.
    func discard() {
        guard let temporaryPath else { return }
        closeFile()
        unlink(temporaryPath)
    }

    private func closeFile() {
        guard !isClosed else { return }
        isClosed = true
        close(descriptor)
    }
}
