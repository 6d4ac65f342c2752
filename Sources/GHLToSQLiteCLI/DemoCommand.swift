import ArgumentParser
import ContactStore
import ContactSync
import Foundation
import HighLevelAPI
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Sync a simulated location's contacts from the API simulator, then show example queries.",
        discussion: """
            Needs no token and no network: it starts ghl-simulator (built beside ghl-to-sqlite) on 127.0.0.1 \
            with a few injected faults, syncs every contact of its location with --all, and stops it.
            """
    )

    /// The simulated location's id.
    static let locationID = "ve9EPM428h8vShlRW1KT"

    @Option(help: "How many contacts the simulated location holds.")
    var contacts: Int = 500

    @Option(help: ArgumentHelp("SQLite database to write.", valueName: "PATH"))
    var db: String = "demo.sqlite"

    @Option(help: ArgumentHelp(
        "Show an agency run instead: N simulated locations of --contacts contacts each, listed from the app's installed locations, their tokens minted from agency credentials.",
        valueName: "N"))
    var agency: Int?

    func validate() throws {
        guard (1...1_000_000).contains(contacts) else { throw ValidationError("--contacts must be 1-1000000") }
        guard (1...1_000).contains(agency ?? 1) else { throw ValidationError("--agency must be 1-1000") }
    }

    func run() async throws {
        umask(0o077)
        let showsProgress = ProgressDisplay.standardErrorIsTerminal
        let logger = Logging.make(level: .notice, clearsProgressLine: showsProgress)
        let database = try OpenDatabase(path: db)
        defer { database.lock.release() }
        if let agency {
            try await runAgency(locations: agency, database: database, logger: logger, showsProgress: showsProgress)
            return
        }
        let token = "demo-" + UUID().uuidString
        let simulator = try SimulatorProcess(arguments: [
            "--rate-limit", "none", "--latency-ms", "5", "--jitter-ms", "3", "--server-error-rate", "0.02",
            "--drop-rate", "0.005", "--malformed-rate", "0.005", "--location-contacts", "\(contacts)",
        ], token: token)
        defer { simulator.stop() }

        let transport = AsyncHTTPTransport(maximumConnections: 16)
        var configuration = SyncConfiguration()
        configuration.concurrency = 16
        configuration.initialBackoff = .milliseconds(50)
        configuration.rateLimit = RateLimitPolicy(maximum: 1_000_000, interval: .seconds(1))
        let client = HighLevelClient(
            configuration: ClientConfiguration(baseURL: simulator.baseURL), token: AccessToken(token)!, transport: transport
        )
        let progress = SyncProgress()
        let job = SyncJob(configuration: configuration, client: client, store: database.store, logger: logger, progress: progress)
        // On a terminal, the same redrawn progress line as `sync`; otherwise none (demo is interactive).
        let display = ProgressDisplay(
            style: showsProgress ? .terminal : .none, progress: progress, logger: logger, logInterval: .seconds(10),
            structured: false
        )
        let search = LocationSearch(locationID: LocationID(Self.locationID)!)
        let summary: SyncSummary
        do {
            summary = try await SignalHandling.runCancellingOnSignal {
                try await display.run { try await job.run(source: .location(search), resume: false) }
            }
        } catch {
            try? await transport.shutdown()
            throw CLIError.aborted("could not start a run in \(db): \(error)")
        }
        try? await transport.shutdown()
        simulator.stop()
        try printResult([summary.line], database: database)
        if summary.status == .aborted || summary.status == .interrupted { throw ExitCode(summary.exitCode) }
        print("Explore it yourself: sqlite3 \(db) 'SELECT id, name, email FROM contacts LIMIT 5'")
    }

    /// Prints the summary and the example queries' results.
    func printResult(_ summary: [String], database: OpenDatabase, queries: [ExampleQueries.Query] = ExampleQueries.all) throws {
        print("Synced into \(db) from a simulated HighLevel API on 127.0.0.1:")
        summary.forEach { print($0) }
        print("")
        for query in queries {
            print(try ExampleQueries.render(query, in: database.store.database))
            print("")
        }
    }
}
