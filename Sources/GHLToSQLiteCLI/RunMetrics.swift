import ContactStore
import ContactSync
import Foundation
import Logging
import LosslessJSON
import Prometheus

/// `sync --metrics-file`: how a run ended, in the Prometheus text format for node_exporter's textfile
/// collector. A run over one location (or an id list) has one unlabelled set of series; a run over several
/// has one set per location, labelled `location` (a family is either labelled or not: the whole run's totals
/// are their sum). When the run ended and how long it took are unlabelled either way. Counters are the totals
/// `sync_runs` and `sync_run_locations` record (a resumed run's include its earlier attempts).
struct RunMetrics {
    /// The series of the whole run (`location` nil) or of one location's part.
    struct Series {
        var location: String?
        var status: RunStatus
        var counters: RunCounters
        var lastSuccess: Timestamp?
    }

    static let namespace = "ghl_to_sqlite"
    /// The statuses `run_status` has a series for (a run the job ended is never `running`).
    static let statuses: [RunStatus] = [.succeeded, .partial, .aborted, .interrupted]

    var finished: Timestamp
    var duration: Duration
    var series: [Series]

    /// The metrics of run `runID` as the database recorded it, this invocation having run from `started` to
    /// `finished`.
    static func recorded(
        runID: Int64, store: ContactStore, started: Timestamp, finished: Timestamp
    ) throws(ContactStoreError) -> RunMetrics {
        let successes = try store.lastSuccesses()
        guard let run = try store.run(id: runID) else {
            return unrecorded(lastSuccess: successes.run.flatMap(Timestamp.init(iso8601:)), started: started, finished: finished)
        }
        let parts = try store.parts(runID: runID)
        let series = if parts.count > 1 {
            parts.map { part in
                Series(
                    location: part.locationID, status: part.status, counters: part.counters,
                    lastSuccess: successes.locations[part.locationID].flatMap(Timestamp.init(iso8601:))
                )
            }
        } else {
            [Series(
                location: nil, status: run.status, counters: run.counters,
                lastSuccess: successes.run.flatMap(Timestamp.init(iso8601:))
            )]
        }
        return RunMetrics(finished: finished, duration: finished.duration(since: started), series: series)
    }

    /// A run that ended before the database recorded one (it could not start): aborted, nothing synced.
    static func unrecorded(lastSuccess: Timestamp?, started: Timestamp, finished: Timestamp) -> RunMetrics {
        RunMetrics(
            finished: finished, duration: finished.duration(since: started),
            series: [Series(location: nil, status: .aborted, counters: RunCounters(), lastSuccess: lastSuccess)]
        )
    }

    /// The whole run's last success as an earlier metrics file at `path` reported it, for a run that cannot
    /// read the database; nil when there is no such file or line.
    static func previousLastSuccess(inFileAt path: String) -> Timestamp? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let name = namespace + "_last_success_timestamp_seconds "
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            if let seconds = Double(line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)), seconds.isFinite {
                return Timestamp(secondsSinceEpoch: seconds)
            }
        }
        return nil
    }

    /// The exposition text.
    var text: String {
        let registry = PrometheusCollectorRegistry()
        func gauge(_ name: String, _ help: String, _ labels: [(String, String)], _ value: Double) {
            let descriptor = MetricNameDescriptor(namespace: Self.namespace, metricName: name, unitName: "", helpText: help)
            registry.makeGauge(descriptor: descriptor, labels: labels).set(value)
        }
        gauge("last_run_timestamp_seconds", "When the latest run ended (Unix time).", [], finished.seconds)
        gauge("run_duration_seconds", "How long the latest invocation of sync ran.", [], duration.inSeconds)
        for series in series {
            let labels = series.location.map { [("location", $0)] } ?? []
            if let lastSuccess = series.lastSuccess {
                gauge(
                    "last_success_timestamp_seconds", "When a run last succeeded (for a location: synced it completely).",
                    labels, lastSuccess.seconds)
            }
            for status in Self.statuses {
                gauge(
                    "run_status", "1 for how the latest run ended (succeeded, partial, aborted, interrupted), 0 for the others.",
                    labels + [("status", status.rawValue)], series.status == status ? 1 : 0)
            }
            let counters = series.counters
            gauge("ids_read", "Ids the latest run read.", labels, Double(counters.idsRead))
            gauge("contacts_synced", "Contacts the latest run stored.", labels, Double(counters.contactsSynced))
            gauge("contacts_changed", "Contacts the latest run stored that were new or changed.", labels, Double(counters.contactsChanged))
            gauge("contacts_deleted", "Contacts the latest run marked deleted.", labels, Double(counters.contactsDeleted))
            gauge("failures", "Ids the latest run could not sync (see sync_failures).", labels, Double(counters.failures))
            gauge("requests", "HTTP requests the latest run sent.", labels, Double(counters.requests))
            gauge("rate_limited_responses", "429 responses the latest run received.", labels, Double(counters.rateLimited))
        }
        return registry.emitToString()
    }

    /// Writes ``text`` to `path` atomically (mode 0644: node_exporter reads it; it holds no personal data).
    func write(to path: String) throws(AtomicFile.Failure) {
        try AtomicFile.write(text, to: path, mode: 0o644)
    }
}

extension Timestamp {
    /// Seconds since the Unix epoch.
    var seconds: Double { Double(millisecondsSinceEpoch) / 1000 }

    /// The time from `earlier` to this.
    func duration(since earlier: Timestamp) -> Duration {
        .milliseconds(millisecondsSinceEpoch - earlier.millisecondsSinceEpoch)
    }
}

/// `--metrics-file` for one invocation of `sync`: writes the metrics once, however the run ends.
final class MetricsReporter {
    let path: String?
    let started = Timestamp.now()
    private var written = false

    init(path: String?) {
        self.path = path
    }

    /// Writes the metrics of run `runID` as `store` recorded it; false when the file could not be written
    /// (logged).
    func report(runID: Int64, store: ContactStore, logger: Logger) -> Bool {
        write(logger: logger) { () throws(ContactStoreError) in
            try RunMetrics.recorded(runID: runID, store: store, started: started, finished: .now())
        }
    }

    /// Writes the metrics of a run that ended before the database recorded it: aborted, with the last success
    /// from `store` when it is open, else from the previous metrics file.
    @discardableResult
    func reportUnstarted(store: ContactStore?, logger: Logger) -> Bool {
        guard let path else { return true }
        return write(logger: logger) { () throws(ContactStoreError) in
            let lastSuccess = if let store {
                try store.lastSuccesses().run.flatMap(Timestamp.init(iso8601:))
            } else {
                RunMetrics.previousLastSuccess(inFileAt: path)
            }
            return RunMetrics.unrecorded(lastSuccess: lastSuccess, started: started, finished: .now())
        }
    }

    private func write(logger: Logger, _ metrics: () throws(ContactStoreError) -> RunMetrics) -> Bool {
        guard let path, !written else { return true }
        written = true
        do {
            try metrics().write(to: path)
            return true
        } catch {
            logger.error("--metrics-file: \(error)")
            return false
        }
    }
}
