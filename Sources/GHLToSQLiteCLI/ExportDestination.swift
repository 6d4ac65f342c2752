import ContactSync
import Foundation

/// Where `export` writes: standard output, or an ``AtomicFile`` that appears under its name only once complete.
final class ExportDestination {
    private let file: AtomicFile?

    init(path: String?) throws(CLIError) {
        guard let path else {
            file = nil
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .usage("cannot write \(path): it is a directory")
        }
        do {
            file = try AtomicFile(path: path)
        } catch {
            throw .usage(error.description)
        }
    }

    /// Writes all of `bytes`. A closed pipe (`export ... | head`) is the reader's choice: the command ends
    /// quietly with the code a shell expects.
    func write(_ bytes: UnsafeRawBufferPointer) throws(CLIError) {
        if let file {
            do {
                try file.write(bytes)
            } catch {
                throw .aborted(error.description)
            }
        } else if let code = FileOutput.writeAll(bytes, to: STDOUT_FILENO) {
            if code == EPIPE { throw CLIError(nil, exitCode: ExitStatus.brokenPipe) }
            throw .aborted("cannot write standard output: \(String(cString: strerror(code)))")
        }
    }

    /// Makes a file export durable and moves it into place; standard output needs nothing.
    func commit() throws(CLIError) {
        do {
            try file?.commit()
        } catch {
            throw .aborted(error.description)
        }
    }

    /// Removes the partial file after a failure.
    func discard() {
        file?.discard()
    }
}
