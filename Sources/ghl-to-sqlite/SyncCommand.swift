import ArgumentParser
import ContactStore
import ContactSync
import Foundation
import HighLevelAPI
import Logging

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the contacts listed in an id file and store them in the database.",
        discussion: """
            The token is read from GHL_ACCESS_TOKEN, or from --token-file; it is never accepted as a flag value.
            """
    )

    @Option(name: .long, help: ArgumentHelp("File with one contact id per line, or - for standard input.", valueName: "FILE|-"))
    var ids: String

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
        let baseURL: String
        do {
            baseURL = try BaseURLPolicy.validate(self.baseURL)
        } catch {
            fail(error.description, code: ExitStatus.usage)
        }
        let token: AccessToken
        do {
            token = try AccessToken.resolve(environment: ProcessInfo.processInfo.environment, tokenFile: tokenFile)
        } catch {
            fail(error.description, code: ExitStatus.usage)
        }
        let reader: IDReader
        do {
            reader = try IDReader(path: ids)
        } catch {
            fail(error.description, code: ExitStatus.usage)
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
                try await display.run { try await job.run(ids: reader, resume: resume) }
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
