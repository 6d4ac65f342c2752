import ContactStore
public import Foundation

extension SyncSummary {
    /// The summary as one JSON object (keys sorted), for `--summary-json`: run id, status, exit code, the
    /// run's and this invocation's counters, ids skipped, elapsed seconds, message (or null), and when this
    /// invocation started and finished.
    public func json(started: Date, finished: Date) -> String {
        let object: [String: Any] = [
            "run_id": runID,
            "status": status.rawValue,
            "exit_code": Int(exitCode),
            "run": Self.dictionary(run),
            "this_invocation": Self.dictionary(thisInvocation),
            "skipped_already_synced": skippedAlreadySynced,
            "elapsed_seconds": (elapsed.inSeconds * 1000).rounded() / 1000,
            "message": message.map { $0 as Any } ?? NSNull(),
            "started_at": JSONLogHandler.iso8601(started.timeIntervalSince1970),
            "finished_at": JSONLogHandler.iso8601(finished.timeIntervalSince1970),
        ]
        // Only strings, numbers, null and dictionaries of them: serialization cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes ``json(started:finished:)`` (and a newline) to `path` atomically: a temporary file beside it,
    /// mode 0600 whatever the umask, synced, then renamed over `path`.
    public func writeJSON(toFile path: String, started: Date, finished: Date) throws(SyncJobError) {
        let bytes = Array((json(started: started, finished: finished) + "\n").utf8)
        let temporary = path + ".tmp-\(getpid())"
        func failure(_ step: String) -> SyncJobError {
            .summaryFile(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        var ok = fchmod(descriptor, 0o600) == 0
        if ok { ok = bytes.withUnsafeBytes { FileOutput.writeAll($0, to: descriptor) } }
        if ok { ok = fsync(descriptor) == 0 }
        let error = failure("cannot write \(temporary)")
        close(descriptor)
        guard ok else {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary)")
            unlink(temporary)
            throw error
        }
    }

    /// Checks, before a run starts, that `path` can take the summary: its directory exists and is writable,
    /// and `path` is not a directory.
    public static func validateSummaryPath(_ path: String) throws(SyncJobError) {
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .summaryFile(path: path, reason: "directory \(parent) does not exist")
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw .summaryFile(path: path, reason: "directory \(parent) is not writable: \(String(cString: strerror(errno)))")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .summaryFile(path: path, reason: "it is a directory")
        }
    }

    private static func dictionary(_ counters: RunCounters) -> [String: Int] {
        [
            "ids_read": counters.idsRead, "duplicate_ids": counters.duplicateIDs,
            "contacts_synced": counters.contactsSynced, "contacts_changed": counters.contactsChanged,
            "failures": counters.failures, "requests": counters.requests, "retries": counters.retries,
            "rate_limited": counters.rateLimited,
        ]
    }
}
