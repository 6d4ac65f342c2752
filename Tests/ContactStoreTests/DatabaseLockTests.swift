import Foundation
import Testing

@testable import ContactStore
import LosslessJSON
import TestSupport

@Suite struct DatabaseLockTests {
    static func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func theLockFileSitsBesideTheDatabaseWithMode0600AndTheHoldersPID() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("c.sqlite")
        let lock = try DatabaseLock(forDatabaseAt: database)
        defer { lock.release() }
        #expect(lock.path.hasSuffix("/c.sqlite.lock"))
        #expect(FileManager.default.fileExists(atPath: directory.file("c.sqlite.lock")))
        let mode = try FileManager.default.attributesOfItem(atPath: lock.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try Self.contents(lock.path) == "\(getpid())\n")
    }

    @Test func aSecondLockerIsRefusedAtOnceAndToldTheHoldersPID() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("c.sqlite")
        let first = try DatabaseLock(forDatabaseAt: database)
        defer { first.release() }
        let error = #expect(throws: ContactStoreError.self) { try DatabaseLock(forDatabaseAt: database) }
        guard case .locked(let path, let holder)? = error else {
            Issue.record("expected .locked, got \(String(describing: error))")
            return
        }
        #expect(path == database)
        #expect(holder == getpid())
        #expect(error?.isHeldByAnotherRun == true)
        #expect(error?.description.contains("pid \(getpid())") == true)
        #expect(try Self.contents(first.path) == "\(getpid())\n", "the refused locker leaves the holder's pid alone")
    }

    @Test func releasingTheLockLetsTheNextRunIn() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("c.sqlite")
        let first = try DatabaseLock(forDatabaseAt: database)
        first.release()
        first.release()
        let second = try DatabaseLock(forDatabaseAt: database)
        defer { second.release() }
        #expect(try Self.contents(second.path) == "\(getpid())\n")
    }

    @Test func aStaleLockFileWithADeadPIDDoesNotBlock() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("c.sqlite")
        try "999999\n".write(toFile: directory.file("c.sqlite.lock"), atomically: false, encoding: .utf8)
        let lock = try DatabaseLock(forDatabaseAt: database)
        defer { lock.release() }
        #expect(try Self.contents(lock.path) == "\(getpid())\n")
    }

    @Test func aLockHeldByAnotherProcessIsRefusedAndFreedWhenThatProcessIsKilled() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("c.sqlite")
        let holder = try LockHoldingProcess(lockFile: DatabaseLock.lockPath(forDatabaseAt: database))
        let error = #expect(throws: ContactStoreError.self) { try DatabaseLock(forDatabaseAt: database) }
        guard case .locked(_, let pid)? = error else {
            Issue.record("expected .locked, got \(String(describing: error))")
            return
        }
        #expect(pid == holder.pid)

        holder.kill()
        let lock = try DatabaseLock(forDatabaseAt: database)
        defer { lock.release() }
        #expect(try Self.contents(lock.path) == "\(getpid())\n")
    }

    @Test func pathsThroughASymbolicLinkShareOneLock() throws {
        let directory = try TemporaryDirectory()
        let database = directory.file("real.sqlite")
        #expect(FileManager.default.createFile(atPath: database, contents: nil))
        try FileManager.default.createSymbolicLink(atPath: directory.file("link.sqlite"), withDestinationPath: database)
        let lock = try DatabaseLock(forDatabaseAt: directory.file("link.sqlite"))
        defer { lock.release() }
        let error = #expect(throws: ContactStoreError.self) { try DatabaseLock(forDatabaseAt: database) }
        #expect(error?.isHeldByAnotherRun == true)
    }

    @Test func aSymbolicLinkInTheLockFilesPlaceIsRefusedAndItsTargetLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let target = directory.file("precious.txt")
        try "keep me".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory.file("c.sqlite.lock"), withDestinationPath: target)
        let error = #expect(throws: ContactStoreError.self) { try DatabaseLock(forDatabaseAt: directory.file("c.sqlite")) }
        guard case .cannotLock(_, _, let reason)? = error else {
            Issue.record("expected .cannotLock, got \(String(describing: error))")
            return
        }
        #expect(reason == .symbolicLink)
        #expect(reason.description == "it is a symbolic link")
        #expect(error?.isHeldByAnotherRun == false)
        #expect(try Self.contents(target) == "keep me")
    }

    @Test func aMissingDirectoryIsAFaultNotABusyDatabase() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: ContactStoreError.self) {
            try DatabaseLock(forDatabaseAt: directory.file("no-such-dir/c.sqlite"))
        }
        guard case .cannotLock(let path, let lockFile, let reason)? = error else {
            Issue.record("expected .cannotLock, got \(String(describing: error))")
            return
        }
        #expect(path == directory.file("no-such-dir/c.sqlite"))
        #expect(lockFile == directory.file("no-such-dir/c.sqlite.lock"))
        #expect(reason == .system(errno: ENOENT))
        #expect(reason.description == String(cString: strerror(ENOENT)))
    }
}

/// A separate process (python3) that takes `flock` on a file, writes its pid there as ghl-to-sqlite does, and
/// holds the lock until it is killed.
final class LockHoldingProcess {
    private let process = Process()

    var pid: Int32 { process.processIdentifier }

    init(lockFile: String) throws {
        let script = """
            import fcntl, os, sys
            fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.write(fd, b"%d\\n" % os.getpid())
            print("locked", flush=True)
            sys.stdin.read()
            """
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, lockFile]
        process.standardInput = Pipe()
        process.standardOutput = output
        try process.run()
        // Blocks until the child has the lock (or has died): no sleeping, no polling.
        var bytes: [UInt8] = []
        while !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes += chunk
        }
        let line = String(decoding: bytes, as: UTF8.self)
        guard line == "locked\n" else {
            kill()
            throw LockHolderError(output: line)
        }
    }

    /// SIGKILL, as the OOM killer or `kill -9` would, and waits for the process to be gone.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { kill() }
}

struct LockHolderError: Error, CustomStringConvertible {
    let output: String
    var description: String { "the lock-holding child process did not report its lock: \(output.debugDescription)" }
}
