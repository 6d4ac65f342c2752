package import ContactSync
package import Logging

/// Turns a ``SyncProgress/Snapshot`` and the time since the run started into what a person reads: a line
/// redrawn in place on a terminal, or a plain log line (with the same figures as metadata) for cron.
///
/// Pure: no clock, no I/O, so every figure is tested directly.
package struct ProgressRenderer: Sendable {
    /// The terminal's width in columns, when known; the redrawn line is cut to one column less (writing the
    /// last column makes some terminals wrap).
    package var width: Int?

    package init(width: Int? = nil) {
        self.width = width
    }

    /// Contacts processed (fetched or failed) per second over the whole run; 0 before any time passed.
    package static func rate(_ snapshot: SyncProgress.Snapshot, elapsed: Duration) -> Double {
        let seconds = elapsed.inSeconds
        guard seconds > 0 else { return 0 }
        return Double(snapshot.processed) / seconds
    }

    /// The time left at the current rate, when the total is known and there is a rate to go by.
    package static func remaining(_ snapshot: SyncProgress.Snapshot, elapsed: Duration) -> Duration? {
        guard let total = snapshot.total else { return nil }
        let left = max(total - snapshot.done, 0)
        if left == 0 { return .zero }
        let rate = Self.rate(snapshot, elapsed: elapsed)
        guard rate > 0 else { return nil }
        let seconds = (Double(left) / rate).rounded(.up)
        guard seconds < 1e9 else { return nil }
        return .seconds(Int64(seconds))
    }

    /// The figures as text, e.g. `120/400 (30%) 40.1/s ETA 7s, 3 failed, 2 retries, 0 rate-limited, limiter wait 1.2s`.
    package func text(_ snapshot: SyncProgress.Snapshot, elapsed: Duration) -> String {
        var text: String
        if let total = snapshot.total {
            let percent = total > 0 ? min(snapshot.done * 100 / total, 100) : 100
            text = "\(snapshot.done)/\(total) (\(percent)%)"
        } else {
            text = "\(snapshot.done) done"
        }
        text += " \(Self.decimal(Self.rate(snapshot, elapsed: elapsed)))/s"
        if snapshot.total != nil {
            text += " ETA " + (Self.remaining(snapshot, elapsed: elapsed).map(Self.clock) ?? "?")
        }
        text += ", \(snapshot.counters.failures) failed, \(snapshot.counters.retries) retries, \(snapshot.counters.rateLimited) rate-limited"
        text += ", limiter wait \(Self.decimal(snapshot.limiterWait.inSeconds))s"
        if let since = snapshot.waitingForAPISince { text += ", waiting for the API since \(since)" }
        return text
    }

    /// The terminal line: carriage return, the text cut to the width, and erase-to-end-of-line.
    package func terminalLine(_ snapshot: SyncProgress.Snapshot, elapsed: Duration) -> String {
        var line = text(snapshot, elapsed: elapsed)
        if let width, width > 1, line.count > width - 1 {
            line = String(line.prefix(width - 1))
        }
        return "\r" + line + "\u{1B}[K"
    }

    /// The log message for a plain (non-terminal) progress line.
    package func logMessage(_ snapshot: SyncProgress.Snapshot, elapsed: Duration) -> Logger.Message {
        "progress \(text(snapshot, elapsed: elapsed))"
    }

    /// The same figures as log metadata, for structured (JSON) logs.
    package static func metadata(_ snapshot: SyncProgress.Snapshot, elapsed: Duration) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "done": "\(snapshot.done)", "fetched": "\(snapshot.fetched)", "synced": "\(snapshot.counters.contactsSynced)",
            "failed": "\(snapshot.counters.failures)",
            "skipped": "\(snapshot.skipped)", "duplicates": "\(snapshot.counters.duplicateIDs)",
            "requests": "\(snapshot.counters.requests)", "retries": "\(snapshot.counters.retries)",
            "rate_limited": "\(snapshot.counters.rateLimited)",
            "limiter_wait_seconds": "\(decimal(snapshot.limiterWait.inSeconds))",
            "elapsed_seconds": "\(decimal(elapsed.inSeconds))",
            "rate_per_second": "\(decimal(rate(snapshot, elapsed: elapsed)))",
        ]
        if let total = snapshot.total { metadata["total"] = "\(total)" }
        if let since = snapshot.waitingForAPISince { metadata["waiting_for_api_since"] = "\(since)" }
        if let eta = remaining(snapshot, elapsed: elapsed) { metadata["eta_seconds"] = "\(Int(eta.inSeconds))" }
        return metadata
    }

    /// One decimal, e.g. `40.1`.
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// `7s`, `3m05s`, `2h04m`.
    static func clock(_ duration: Duration) -> String {
        let total = Int(duration.components.seconds)
        let hours = total / 3600
        let minutes = total / 60 % 60
        let seconds = total % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if hours > 0 { return "\(hours)h\(two(minutes))m" }
        if minutes > 0 { return "\(minutes)m\(two(seconds))s" }
        return "\(seconds)s"
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
