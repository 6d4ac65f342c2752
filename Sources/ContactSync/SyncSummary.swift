package import ContactStore

/// How a run ended, what it did, and the exit code cron sees.
package struct SyncSummary: Sendable {
    package let runID: Int64
    package let status: RunStatus
    /// The run's totals as stored (for a resumed run, including earlier attempts).
    package let run: RunCounters
    /// What this invocation did: requests, retries and 429s it sent, ids it skipped as already synced.
    package let thisInvocation: RunCounters
    package let skippedAlreadySynced: Int
    package let elapsed: Duration
    /// Why the run stopped early, when it did.
    package let message: String?

    /// 0 every id synced; 1 finished with failures; 3 aborted; 130 interrupted.
    package var exitCode: Int32 {
        switch status {
        case .succeeded: 0
        case .partial: 1
        case .aborted: 3
        case .interrupted: 130
        case .running: 3
        }
    }
}
