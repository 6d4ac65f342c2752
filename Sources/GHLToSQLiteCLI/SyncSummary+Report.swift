import ContactStore
package import ContactSync
import Foundation
package import LosslessJSON

extension SyncSummary {
    /// The one-line summary that ends every run.
    package var line: String {
        var text = "run \(runID) \(status.rawValue): " + Self.figures(run)
        if skippedAlreadySynced > 0 { text += ", \(skippedAlreadySynced) skipped as already synced" }
        if run.duplicateIDs > 0 { text += ", \(run.duplicateIDs) duplicate lines" }
        text += "; " + Self.pace(thisInvocation, elapsed: elapsed)
        if let message { text += "; \(message)" }
        return text
    }

    /// `400 ids, 388 synced (12 changed), 12 failed[, 3 marked deleted]`.
    static func figures(_ counters: RunCounters) -> String {
        var text = "\(counters.idsRead) ids, \(counters.contactsSynced) synced (\(counters.contactsChanged) changed), \(counters.failures) failed"
        if counters.contactsDeleted > 0 { text += ", \(counters.contactsDeleted) marked deleted" }
        return text
    }

    /// `404 requests, 4 retries, 0 rate-limited; 40.5 s, 9.6 contacts/s`.
    static func pace(_ invocation: RunCounters, elapsed: Duration) -> String {
        let seconds = elapsed.inSeconds
        let rate = seconds > 0 ? Double(invocation.contactsSynced) / seconds : 0
        return "\(invocation.requests) requests, \(invocation.retries) retries, \(invocation.rateLimited) rate-limited"
            + "; \(rounded(seconds)) s, \(rounded(rate)) contacts/s"
    }

    /// One decimal, as Swift prints a double (`51.2`, `9.0`).
    static func rounded(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }

    /// The summary as one JSON object (keys sorted), for `--summary-json`: run id, status, exit code, the
    /// run's and this invocation's counters, ids skipped, elapsed seconds, message (or null), and when this
    /// invocation started and finished.
    package func json(started: Timestamp, finished: Timestamp) -> String {
        var members = Self.jsonMembers(
            runID: runID, status: status, exitCode: exitCode, run: run, thisInvocation: thisInvocation,
            elapsed: elapsed, message: message, started: started, finished: finished)
        members["skipped_already_synced"] = .integer(skippedAlreadySynced)
        return JSONValue.sortedObject(members).jsonText
    }

    /// The members every summary JSON has, one location's or many's.
    static func jsonMembers(
        runID: Int64, status: RunStatus, exitCode: Int32, run: RunCounters, thisInvocation: RunCounters,
        elapsed: Duration, message: String?, started: Timestamp, finished: Timestamp
    ) -> [String: JSONValue] {
        [
            "run_id": .integer(runID),
            "status": .string(status.rawValue),
            "exit_code": .integer(exitCode),
            "run": json(run),
            "this_invocation": json(thisInvocation),
            "elapsed_seconds": .decimal(elapsed.inSeconds),
            "message": .text(message),
            "started_at": .string(started.iso8601),
            "finished_at": .string(finished.iso8601),
        ]
    }

    /// Writes ``json(started:finished:)`` and a newline to `path` as an ``AtomicFile``.
    package func writeJSON(toFile path: String, started: Timestamp, finished: Timestamp) throws(CLIError) {
        try Self.write(json(started: started, finished: finished), toFile: path)
    }

    /// Writes `json` and a newline to `path` as an ``AtomicFile``.
    static func write(_ json: String, toFile path: String) throws(CLIError) {
        do {
            try AtomicFile.write(json + "\n", to: path)
        } catch {
            throw .aborted("cannot write the summary to \(path): \(error)")
        }
    }

    /// Checks, before a run starts, that `path` can take the summary: its directory exists and is writable,
    /// and `path` is not a directory.
    package static func validateSummaryPath(_ path: String) throws(CLIError) {
        try validateOutputPath(path, what: "the summary")
    }

    /// Checks, before a run starts, that `path` can take `what` (a file written when the run ends).
    package static func validateOutputPath(_ path: String, what: String) throws(CLIError) {
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        func refuse(_ reason: String) -> CLIError { .usage("cannot write \(what) to \(path): \(reason)") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw refuse("directory \(parent) does not exist")
        }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw refuse("directory \(parent) is not writable: \(String(cString: strerror(errno)))")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw refuse("it is a directory")
        }
    }

    static func json(_ counters: RunCounters) -> JSONValue {
        .sortedObject([
            "ids_read": .integer(counters.idsRead), "duplicate_ids": .integer(counters.duplicateIDs),
            "contacts_synced": .integer(counters.contactsSynced), "contacts_changed": .integer(counters.contactsChanged),
            "contacts_deleted": .integer(counters.contactsDeleted),
            "failures": .integer(counters.failures), "requests": .integer(counters.requests),
            "retries": .integer(counters.retries), "rate_limited": .integer(counters.rateLimited),
        ])
    }
}
