import ArgumentParser
import ContactStore
import ContactSync
import Foundation
import HighLevelAPI
import Logging
import LosslessJSON

struct SyncCommand: AsyncParsableCommand, ReportsInLogFormat {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the contacts listed in an id file, or every contact of a location, into the database.",
        discussion: """
            The token is read from GHL_ACCESS_TOKEN, or from --token-file; it is never accepted as a flag value.

            --all pages POST /contacts/search for the location and fetches each contact while paging; \
            --changed-since limits it to contacts updated since a time, or since the start of the latest \
            succeeded --all run for the location ('last'). Runs given --location-id first refresh the \
            location's custom field definitions.
            """
    )

    @Option(name: .long, help: ArgumentHelp("File with one contact id per line, or - for standard input.", valueName: "FILE|-"))
    var ids: String?

    @Flag(help: "Sync every contact of --location-id (found with POST /contacts/search) instead of an id list.")
    var all = false

    @OptionGroup(title: "Location")
    var search: SearchOptions

    @Option(name: .customLong("config"), help: ArgumentHelp("With --all: sync every location of this TOML file (tokens per location, or minted through an agency), concurrently, into one database.", valueName: "FILE"))
    var config: String?

    @Option(name: .customLong("max-in-flight"), help: "With --config: requests in flight at once across all locations (1-1024).")
    var maxInFlight: Int = 128

    @Option(name: .long, help: ArgumentHelp("SQLite database to create or update.", valueName: "PATH"))
    var db: String = "contacts.sqlite"

    @OptionGroup(title: "API")
    var api: APIOptions

    @Option(help: "Requests in flight at once (1-256).")
    var concurrency: Int = SyncConfiguration().concurrency

    @Option(name: .customLong("max-attempts"), help: "Attempts per id before it is recorded as failed (1-20).")
    var maxAttempts: Int = SyncConfiguration().maximumAttempts

    @Option(help: ArgumentHelp("Seconds one request may take.", valueName: "SECONDS"))
    var timeout: Double = 30

    @Flag(help: "Continue the latest run that did not succeed, skipping ids it already stored.")
    var resume = false

    @Option(name: .customLong("overlap"), help: ArgumentHelp("With --changed-since last: ask from this long before the previous succeeded run started, to cover the search index's lag and a clock difference (seconds, or 90s, 15m, 1h).", valueName: "DURATION"))
    var overlap = DurationArgument(LocationSearch.defaultOverlap, text: "15m")

    @Option(name: .customLong("outage-timeout"), help: ArgumentHelp("How long the API may fail as a whole before the run gives up (exit 3, resumable); meanwhile every request waits (seconds, or 90s, 15m, 1h).", valueName: "DURATION"))
    var outageTimeout = DurationArgument(SyncConfiguration().outageTimeout, text: "5m")

    @Flag(name: .customLong("confirm-deletions"), help: "With a full --all run: mark deleted the stored contacts the listing left out even when they are more than 10 % of the location's.")
    var confirmDeletions = false

    @OptionGroup(title: "Progress and reporting")
    var output: OutputOptions

    @Option(
        name: .customLong("metrics-file"),
        help: ArgumentHelp("Write how the run ended as Prometheus metrics to this file (mode 0644), for node_exporter's textfile collector; replaced atomically at the end of every run.", valueName: "PATH"))
    var metricsFile: String?

    var logFormat: LogFormat { output.logFormat }

    /// The job's settings from the flags.
    var syncConfiguration: SyncConfiguration {
        var configuration = SyncConfiguration()
        configuration.concurrency = concurrency
        configuration.maximumAttempts = maxAttempts
        configuration.rateLimit = api.ratePolicy
        configuration.outageTimeout = outageTimeout.duration
        configuration.confirmDeletions = confirmDeletions
        return configuration
    }

    /// `--timeout`.
    var requestTimeout: Duration { .milliseconds(Int64(timeout * 1000)) }

    func validate() throws {
        switch (ids, all) {
        case (nil, false): throw ValidationError("give --ids FILE|- or --all --location-id ID")
        case (_?, true): throw ValidationError("--ids and --all cannot be used together")
        default: break
        }
        if config != nil {
            guard all else { throw ValidationError("--config needs --all") }
        } else {
            if all, search.locationIDs.isEmpty { throw ValidationError("--all needs --location-id (or --config FILE)") }
            if search.locationIDs.count > 1 { throw ValidationError("give one --location-id (many locations need --config FILE)") }
        }
        if search.changedSince != nil, !all { throw ValidationError("--changed-since needs --all") }
        if confirmDeletions, !all { throw ValidationError("--confirm-deletions needs --all") }
        guard outageTimeout.duration > .zero else { throw ValidationError("--outage-timeout must be more than 0") }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1-256") }
        guard (1...1024).contains(maxInFlight) else { throw ValidationError("--max-in-flight must be 1-1024") }
        guard (1...20).contains(maxAttempts) else { throw ValidationError("--max-attempts must be 1-20") }
        guard timeout.isFinite, timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be 0-600 seconds") }
    }

    func run() async throws {
        umask(0o077)
        let progressStyle = output.progressStyle(isTerminal: ProgressDisplay.standardErrorIsTerminal)
        let logger = Logging.make(
            level: output.level(api.level), format: output.logFormat, clearsProgressLine: progressStyle == .terminal
        )
        try output.validateSummaryPath()
        if let metricsFile { try SyncSummary.validateOutputPath(metricsFile, what: "the metrics") }
        let metrics = MetricsReporter(path: metricsFile)
        do {
            if let config {
                try await runConfig(config, logger: logger, progressStyle: progressStyle, metrics: metrics)
            } else {
                try await runLocation(logger: logger, progressStyle: progressStyle, metrics: metrics)
            }
        } catch let error as CLIError where error.exitCode != ExitStatus.busy {
            // Ended before a run was recorded (an unreadable id file, a database that cannot be opened): the
            // metrics still say so. A run refused because another holds the database leaves them to that run.
            metrics.reportUnstarted(store: nil, logger: logger)
            throw error
        }
    }

    /// `sync --ids` or `sync --all --location-id`: one location, or an id list.
    private func runLocation(logger: Logger, progressStyle: ProgressDisplay.Style, metrics: MetricsReporter) async throws {
        let progress = SyncProgress(total: OutputOptions.progressTotal(ids: ids))
        let (baseURL, token) = try api.resolve()
        let source: ContactIDSource
        if let ids {
            do {
                source = .list(try IDReader(path: ids))
            } catch {
                throw CLIError.usage(error.description)
            }
        } else if let location = search.location {
            source = .location(LocationSearch(
                locationID: location, changedSince: search.since, pageSize: search.pageSize, overlap: overlap.duration))
        } else {
            throw CLIError.usage("--all needs --location-id")
        }
        let database = try OpenDatabase(path: db)
        defer { database.lock.release() }

        let configuration = syncConfiguration
        let requestTimeout = self.requestTimeout
        let transport = AsyncHTTPTransport(maximumConnections: concurrency, readTimeout: requestTimeout)
        let client = HighLevelClient(
            configuration: ClientConfiguration(baseURL: baseURL, timeout: requestTimeout), token: token, transport: transport
        )
        let job = SyncJob(configuration: configuration, client: client, store: database.store, logger: logger, progress: progress)
        let display = ProgressDisplay(
            style: progressStyle, progress: progress, logger: logger, logInterval: output.logInterval,
            structured: output.logFormat == .json
        )
        let location = search.location
        let resume = self.resume
        try await runReporting(transport: transport, store: database.store, metrics: metrics, logger: logger) {
            try await display.run { try await job.run(source: source, customFieldsOf: location, resume: resume) }
        }
    }

    /// Runs a job until it ends or SIGINT/SIGTERM cancels it, shuts the transport down however it ends, reports
    /// the summary (line, `--summary-json`, `--metrics-file`) and exits with the summary's code when it is not 0.
    func runReporting<Summary: RunReport & Sendable>(
        transport: AsyncHTTPTransport, store: ContactStore, metrics: MetricsReporter, logger: Logger,
        _ job: @escaping @Sendable () async throws -> Summary
    ) async throws {
        let started = Timestamp.now()
        let summary: Summary
        do {
            summary = try await SignalHandling.runCancellingOnSignal(job)
        } catch let error as CLIError {
            try? await transport.shutdown()
            metrics.reportUnstarted(store: store, logger: logger)
            throw error
        } catch {
            try? await transport.shutdown()
            metrics.reportUnstarted(store: store, logger: logger)
            throw CLIError.aborted("could not start a run in \(db): \(error)")
        }
        try? await transport.shutdown()
        var code = output.report(summary, started: started, logger: logger)
        if !metrics.report(runID: summary.runID, store: store, logger: logger), code == 0 { code = ExitStatus.aborted }
        if code != 0 { throw ExitCode(code) }
    }
}
