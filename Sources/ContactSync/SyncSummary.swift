public import ContactStore

/// How a run ended, what it did, and the exit code cron sees.
public struct SyncSummary: Sendable {
    public let runID: Int64
    public let status: RunStatus
    /// The run's totals as stored (for a resumed run, including earlier attempts).
    public let run: RunCounters
    /// What this invocation did: requests, retries and 429s it sent, ids it skipped as already synced.
    public let thisInvocation: RunCounters
    public let skippedAlreadySynced: Int
    public let elapsed: Duration
    /// Why the run stopped early, when it did.
    public let message: String?

    /// 0 every id synced; 1 finished with failures; 3 aborted; 130 interrupted.
    public var exitCode: Int32 {
        switch status {
        case .succeeded: 0
        case .partial: 1
        case .aborted: 3
        case .interrupted: 130
        case .running: 3
        }
    }

    /// The one-line summary that ends every run.
    public var line: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let stored = thisInvocation.contactsSynced
        let rate = seconds > 0 ? Double(stored) / seconds : 0
        var text = "run \(runID) \(status.rawValue): \(run.idsRead) ids, \(run.contactsSynced) synced"
        text += " (\(run.contactsChanged) changed), \(run.failures) failed"
        if skippedAlreadySynced > 0 { text += ", \(skippedAlreadySynced) skipped as already synced" }
        if run.duplicateIDs > 0 { text += ", \(run.duplicateIDs) duplicate lines" }
        text += "; \(thisInvocation.requests) requests, \(thisInvocation.retries) retries, \(thisInvocation.rateLimited) rate-limited"
        text += "; \(format(seconds, digits: 1)) s, \(format(rate, digits: 1)) contacts/s"
        if let message { text += "; \(message)" }
        return text
    }

    private func format(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return String(rounded)
    }
}
