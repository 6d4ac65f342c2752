import ArgumentParser
import ContactStore
import ContactSync
import Foundation
import HighLevelAPI
import Logging

struct SyncCommand: AsyncParsableCommand {
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

    @Option(name: .customLong("location-id"), help: ArgumentHelp("The location (sub-account) to search, and whose custom field definitions to refresh.", valueName: "ID"))
    var locationID: String?

    @Option(name: .customLong("changed-since"), help: ArgumentHelp("With --all: only contacts updated since this ISO-8601 time, or since the start of the latest succeeded --all run for the location ('last'; none: every contact).", valueName: "last|ISO-8601"))
    var changedSince: String?

    @Option(name: .customLong("page-size"), help: "With --all: contacts per search page (1-500).")
    var pageSize: Int = ContactSearchQuery.maximumPageLimit

    @Option(name: .long, help: ArgumentHelp("SQLite database to create or update.", valueName: "PATH"))
    var db: String = "contacts.sqlite"

    @Option(name: .customLong("base-url"), help: "API base URL (https, or http to a loopback host).")
    var baseURL: String = ClientConfiguration.productionBaseURL

    @Option(help: "Requests in flight at once (1-256).")
    var concurrency: Int = SyncConfiguration().concurrency

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Starting burst budget; corrected from X-RateLimit-* headers.", valueName: "N/SECONDS"))
    var rateLimit: String = "100/10"

    @Option(name: .customLong("max-attempts"), help: "Attempts per id before it is recorded as failed (1-20).")
    var maxAttempts: Int = SyncConfiguration().maximumAttempts

    @Option(help: ArgumentHelp("Seconds one request may take.", valueName: "SECONDS"))
    var timeout: Double = 30

    @Flag(help: "Continue the latest run that did not succeed, skipping ids it already stored.")
    var resume = false

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the access token from this file instead of GHL_ACCESS_TOKEN.", valueName: "PATH"))
    var tokenFile: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @OptionGroup(title: "Progress and reporting")
    var output: OutputOptions

    func validate() throws {
        switch (ids, all) {
        case (nil, false): throw ValidationError("give --ids FILE|- or --all --location-id ID")
        case (_?, true): throw ValidationError("--ids and --all cannot be used together")
        default: break
        }
        if all, locationID == nil { throw ValidationError("--all needs --location-id") }
        if let locationID, LocationID(locationID) == nil {
            throw ValidationError("--location-id must be 1-64 ASCII letters and digits")
        }
        if let changedSince {
            guard all else { throw ValidationError("--changed-since needs --all") }
            guard ChangedSince(parsing: changedSince) != nil else {
                throw ValidationError("--changed-since must be 'last' or an ISO-8601 time such as 2026-11-01T00:00:00Z")
            }
        }
        guard (1...ContactSearchQuery.maximumPageLimit).contains(pageSize) else {
            throw ValidationError("--page-size must be 1-\(ContactSearchQuery.maximumPageLimit)")
        }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1-256") }
        guard (1...20).contains(maxAttempts) else { throw ValidationError("--max-attempts must be 1-20") }
        guard timeout.isFinite, timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be 0-600 seconds") }
        guard RateLimitPolicy(parsing: rateLimit) != nil else {
            throw ValidationError("--rate-limit must be N/SECONDS, e.g. 100/10")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        umask(0o077)
        let progressStyle = output.progressStyle(isTerminal: ProgressDisplay.standardErrorIsTerminal)
        let logger = Logging.make(
            level: output.level(Logger.Level(rawValue: logLevel) ?? .info), format: output.logFormat,
            clearsProgressLine: progressStyle == .terminal
        )
        output.validateSummaryPath()
        let progress = SyncProgress(total: OutputOptions.progressTotal(ids: ids))
        let (baseURL, token) = APIAccess.resolve(baseURL: self.baseURL, tokenFile: tokenFile)
        let location = locationID.flatMap(LocationID.init)
        let source: ContactIDSource
        if let ids {
            do {
                source = .list(try IDReader(path: ids))
            } catch {
                fail(error.description, code: ExitStatus.usage)
            }
        } else if let location {
            let since = changedSince.flatMap(ChangedSince.init(parsing:)) ?? .all
            source = .location(LocationSearch(locationID: location, changedSince: since, pageSize: pageSize))
        } else {
            fail("--all needs --location-id", code: ExitStatus.usage)
        }
        let lock = DatabaseLock.acquireOrExit(forDatabaseAt: db)
        defer { lock.release() }
        let store: ContactStore
        do {
            store = try ContactStore(path: db)
        } catch {
            fail(error.description, code: ExitStatus.aborted)
        }

        var configuration = SyncConfiguration()
        configuration.concurrency = concurrency
        configuration.maximumAttempts = maxAttempts
        configuration.rateLimit = RateLimitPolicy(parsing: rateLimit) ?? .documented
        if let seconds = output.progressInterval { configuration.progressInterval = .milliseconds(Int64(seconds * 1000)) }
        let requestTimeout = Duration.milliseconds(Int64(timeout * 1000))
        let transport = AsyncHTTPTransport(maximumConnections: concurrency, readTimeout: requestTimeout)
        let client = HighLevelClient(
            configuration: ClientConfiguration(baseURL: baseURL, timeout: requestTimeout), token: token, transport: transport
        )
        let job = SyncJob(configuration: configuration, client: client, store: store, logger: logger, progress: progress)
        let display = ProgressDisplay(
            style: progressStyle, progress: progress,
            logger: logger, logInterval: configuration.progressInterval ?? .seconds(10), structured: output.logFormat == .json
        )
        let started = Date()
        let summary: SyncSummary
        do {
            summary = try await SignalHandling.runCancellingOnSignal {
                try await display.run { try await job.run(source: source, customFieldsOf: location, resume: resume) }
            }
        } catch {
            try? await transport.shutdown()
            fail("could not start a run in \(db): \(error)", code: ExitStatus.aborted)
        }
        try? await transport.shutdown()
        let code = output.report(summary, started: started, logger: logger)
        if code != 0 { throw ExitCode(code) }
    }
}
