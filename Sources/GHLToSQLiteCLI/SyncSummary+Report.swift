import ContactStore
package import ContactSync
import Foundation
package import LosslessJSON

extension SyncSummary {
    /// The one-line summary that ends every run.
    package var line: String {
        let seconds = elapsed.inSeconds
        let rate = seconds > 0 ? Double(thisInvocation.contactsSynced) / seconds : 0
        var text = "run \(runID) \(status.rawValue): \(run.idsRead) ids, \(run.contactsSynced) synced"
        text += " (\(run.contactsChanged) changed), \(run.failures) failed"
        if run.contactsDeleted > 0 { text += ", \(run.contactsDeleted) marked deleted" }
        if skippedAlreadySynced > 0 { text += ", \(skippedAlreadySynced) skipped as already synced" }
        if run.duplicateIDs > 0 { text += ", \(run.duplicateIDs) duplicate lines" }
        text += "; \(thisInvocation.requests) requests, \(thisInvocation.retries) retries, \(thisInvocation.rateLimited) rate-limited"
        text += "; \(Self.rounded(seconds)) s, \(Self.rounded(rate)) contacts/s"
        if let message { text += "; \(message)" }
        return text
    }

    /// One decimal, as Swift prints a double (`51.2`, `9.0`).
    private static func rounded(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }

    /// The summary as one JSON object (keys sorted), for `--summary-json`: run id, status, exit code, the
    /// run's and this invocation's counters, ids skipped, elapsed seconds, message (or null), and when this
    /// invocation started and finished.
    package func json(started: Timestamp, finished: Timestamp) -> String {
        JSONValue.sortedObject([
            "run_id": .integer(runID),
            "status": .string(status.rawValue),
            "exit_code": .integer(exitCode),
            "run": Self.json(run),
            "this_invocation": Self.json(thisInvocation),
            "skipped_already_synced": .integer(skippedAlreadySynced),
            "elapsed_seconds": .decimal(elapsed.inSeconds),
            "message": .text(message),
            "started_at": .string(started.iso8601),
            "finished_at": .string(finished.iso8601),
        ]).jsonText
    }

    /// Writes ``json(started:finished:)`` and a newline to `path` as an ``AtomicFile``.
    package func writeJSON(toFile path: String, started: Timestamp, finished: Timestamp) throws(CLIError) {
        do {
            try AtomicFile.write(json(started: started, finished: finished) + "\n", to: path)
        } catch {
            throw .aborted("cannot write the summary to \(path): \(error)")
        }
    }

    /// Checks, before a run starts, that `path` can take the summary: its directory exists and is writable,
    /// and `path` is not a directory.
    package static func validateSummaryPath(_ path: String) throws(CLIError) {
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        func refuse(_ reason: String) -> CLIError { .usage("cannot write the summary to \(path): \(reason)") }
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

    private static func json(_ counters: RunCounters) -> JSONValue {
        .sortedObject([
            "ids_read": .integer(counters.idsRead), "duplicate_ids": .integer(counters.duplicateIDs),
            "contacts_synced": .integer(counters.contactsSynced), "contacts_changed": .integer(counters.contactsChanged),
            "contacts_deleted": .integer(counters.contactsDeleted),
            "failures": .integer(counters.failures), "requests": .integer(counters.requests),
            "retries": .integer(counters.retries), "rate_limited": .integer(counters.rateLimited),
        ])
    }
}
