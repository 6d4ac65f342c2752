import ArgumentParser
import ContactStore
import ContactSync
import Foundation
import HighLevelAPI
import Logging

extension DemoCommand {
    /// `demo --agency N`: the simulator serves an agency with N locations (its own and N - 1 more); the run lists the app's installed
    /// locations, mints a token for each from the agency's credentials, and syncs them all concurrently.
    func runAgency(locations: Int, database: OpenDatabase, logger: Logger, showsProgress: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ghl-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let simulator = try SimulatorProcess(arguments: [
            "--rate-limit", "none", "--latency-ms", "5", "--jitter-ms", "3", "--server-error-rate", "0.02",
            "--location-contacts", "\(contacts)", "--locations", "\(locations - 1)", "--location-rate-limit", "none",
            "--agency", "--write-config", directory.path,
        ], token: "demo-" + UUID().uuidString)
        defer { simulator.stop() }
        let file = try SyncConfigFile.load(path: directory.appendingPathComponent("agency.toml").path)

        let transport = AsyncHTTPTransport(maximumConnections: 32)
        let configuration = {
            var configuration = SyncConfiguration()
            configuration.concurrency = 16
            configuration.initialBackoff = .milliseconds(50)
            configuration.rateLimit = RateLimitPolicy(maximum: 1_000_000, interval: .seconds(1))
            return configuration
        }()
        let clientConfiguration = ClientConfiguration(baseURL: simulator.baseURL)
        let progress = CombinedProgress()
        let job = AgencySyncJob(
            configuration: configuration, clientConfiguration: clientConfiguration, transport: transport,
            store: database.store, logger: logger, progress: progress, maximumInFlight: 32
        )
        let display = ProgressDisplay(
            style: showsProgress ? .terminal : .none, progress: progress, logger: logger, logInterval: .seconds(10),
            structured: false
        )
        let summary: AgencySummary
        do {
            summary = try await SignalHandling.runCancellingOnSignal {
                let plans = try await ConfigPlans(
                    file: file, only: [], clientConfiguration: clientConfiguration, transport: transport,
                    configuration: configuration, progress: progress.shared, logger: logger
                ).resolve()
                return try await display.run { try await job.run(plans, resume: false) }
            }
        } catch {
            try? await transport.shutdown()
            throw error as? CLIError ?? CLIError.aborted("could not start a run in \(db): \(error)")
        }
        try? await transport.shutdown()
        simulator.stop()
        try printResult([summary.line] + summary.detailLines, database: database, queries: [ExampleQueries.perLocation] + ExampleQueries.all)
        if summary.status == .aborted || summary.status == .interrupted { throw ExitCode(summary.exitCode) }
        print("Explore it yourself: sqlite3 \(db) 'SELECT location_name, count(*) FROM contact_overview GROUP BY 1'")
    }
}
