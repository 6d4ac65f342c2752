import Foundation
import Synchronization

/// An exclusive lock on a database, so that one run at a time writes it: `flock(2)` on `<database>.lock`.
///
/// The kernel drops the lock when the holder's process ends, however it ends (SIGKILL included), so a lock
/// file left behind never blocks a later run. The file holds the holder's pid, for the message a refused
/// run prints. It is created with mode 0600 and never deleted: deleting it could let two runs each lock a
/// different file of the same name.
package final class DatabaseLock: Sendable {
    /// The lock file's path.
    package let path: String
    /// The open lock file, or nil once released.
    private let descriptor: Mutex<Int32?>

    /// The lock file for the database at `databasePath`: beside the file a symbolic link points to, so every
    /// path to one database shares one lock.
    package static func lockPath(forDatabaseAt databasePath: String) -> String {
        guard let resolved = realpath(databasePath, nil) else { return databasePath + ".lock" }
        defer { free(resolved) }
        return String(cString: resolved) + ".lock"
    }

    /// Takes the lock for the database at `databasePath` without waiting.
    ///
    /// Throws ``ContactStoreError/locked(path:holder:)`` at once when another open file holds it (in this
    /// process or another), and ``ContactStoreError/cannotLock(path:lockFile:reason:)`` when the lock file
    /// cannot be created or opened (a read-only directory, a symbolic link in its place).
    package init(forDatabaseAt databasePath: String) throws(ContactStoreError) {
        path = Self.lockPath(forDatabaseAt: databasePath)
        // O_NOFOLLOW: a planted symbolic link must not make us truncate the file it points to.
        // O_NONBLOCK: a FIFO in the file's place must not hang the run (it is refused below).
        let file = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        guard file >= 0 else {
            throw .cannotLock(path: databasePath, lockFile: path, reason: .fromErrno(errno))
        }
        var status = stat()
        guard fstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(file)
            throw .cannotLock(path: databasePath, lockFile: path, reason: .notRegularFile)
        }
        guard flock(file, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            defer { close(file) }
            if code == EWOULDBLOCK {
                throw .locked(path: databasePath, holder: Self.readPID(file))
            }
            throw .cannotLock(path: databasePath, lockFile: path, reason: .fromErrno(code))
        }
        let pid = Array("\(getpid())\n".utf8)
        guard ftruncate(file, 0) == 0, pwrite(file, pid, pid.count, 0) == pid.count else {
            let reason = FileFailure.fromErrno(errno)
            close(file)
            throw .cannotLock(path: databasePath, lockFile: path, reason: reason)
        }
        descriptor = Mutex(file)
    }

    /// Releases the lock (and empties the file). Later calls do nothing; process exit releases it too.
    package func release() {
        guard let file = descriptor.withLock({ value in defer { value = nil }; return value }) else { return }
        _ = ftruncate(file, 0)
        close(file)
    }

    deinit { release() }

    /// The pid the holder wrote, if it has written one yet.
    private static func readPID(_ file: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = pread(file, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
