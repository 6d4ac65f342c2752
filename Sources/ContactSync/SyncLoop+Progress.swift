extension SyncLoop {
    /// How often the loop copies its counters into ``SyncProgress`` (a display reads them less often).
    static var progressPublishInterval: Duration { .milliseconds(100) }

    /// Publishes the counters when the last publication is older than ``progressPublishInterval``.
    mutating func publishProgressIfDue(_ now: ContinuousClock.Instant) {
        guard lastProgress.duration(to: now) >= Self.progressPublishInterval else { return }
        lastProgress = now
        publishProgress()
    }

    /// Publishes this invocation's counters now (the end of the run).
    func publishProgress() {
        progress.publish(invocation, skipped: skipped)
    }
}
