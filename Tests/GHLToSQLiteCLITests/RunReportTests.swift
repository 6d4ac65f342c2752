import ContactStore
import ContactSync
import GHLToSQLiteCLI
import Foundation
import HighLevelAPI
import LeadConnectorSimulator
import Logging
import LosslessJSON
import TestSupport
import Testing

/// What a run reports beyond the database: live progress, the summary file, JSON logs.
@Suite struct RunReportTests {
    @Test func theSummaryFileHoldsTheRunsFiguresAndIsPrivate() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 60, seed: 3)
        var simulator = SimulatorConfiguration()
        simulator.rateLimit = nil
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let started = Timestamp.now()
            let summary = try await harness.sync(["# ids", ""] + ids + [ids[0], "not/an/id"], against: running)
            let path = harness.directory.file("summary.json")
            try SyncSummary.validateSummaryPath(path)
            try summary.writeJSON(toFile: path, started: started, finished: .now())

            var status = stat()
            #expect(stat(path, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o600)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasSuffix("}\n") && text.filter { $0 == "\n" }.count == 1, "one JSON object on one line")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let existing = ids.filter(ContactGenerator.exists).count
            #expect(object["run_id"] as? Int == Int(summary.runID))
            #expect(object["status"] as? String == "partial")
            #expect(object["exit_code"] as? Int == 1)
            #expect(object["skipped_already_synced"] as? Int == 0)
            #expect(object["message"] is NSNull)
            let run = try #require(object["run"] as? [String: Int])
            #expect(run["ids_read"] == ids.count + 1)
            #expect(run["duplicate_ids"] == 1)
            #expect(run["contacts_synced"] == existing)
            #expect(run["failures"] == ids.count - existing + 1)
            let invocation = try #require(object["this_invocation"] as? [String: Int])
            #expect(invocation["requests"] == ids.count)
            let elapsed = try #require(object["elapsed_seconds"] as? Double)
            #expect(elapsed > 0)
            let startedAt = try #require(object["started_at"] as? String)
            let finishedAt = try #require(object["finished_at"] as? String)
            #expect(startedAt.hasSuffix("Z") && startedAt.count == 24 && startedAt <= finishedAt)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path).filter { $0.contains(".partial") }
            #expect(leftovers.isEmpty, "the temporary file was renamed")
        }
    }

    @Test func anInterruptedRunStillWritesItsSummary() async throws {
        let harness = try SyncHarness()
        var simulator = SimulatorConfiguration()
        simulator.rateLimit = nil
        simulator.latency = .milliseconds(20)
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let ids = ContactGenerator.ids(count: 400, seed: 5).filter(ContactGenerator.exists)
            var configuration = SyncHarness.testConfiguration()
            configuration.concurrency = 2
            let summary = try await harness.syncInterrupted(ids, against: running, afterCommitting: 1, configuration: configuration)
            let path = harness.directory.file("interrupted.json")
            try summary.writeJSON(toFile: path, started: .now(), finished: .now())
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
            #expect(object["status"] as? String == "interrupted")
            #expect(object["exit_code"] as? Int == 130)
            #expect((object["message"] as? String)?.contains("--resume") == true)
        }
    }

    @Test func summaryPathsThatCannotTakeTheFileAreRefusedUpFront() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: CLIError.self) { try SyncSummary.validateSummaryPath(directory.file("missing/summary.json")) }
        #expect(throws: CLIError.self) { try SyncSummary.validateSummaryPath(directory.path) }
        try SyncSummary.validateSummaryPath(directory.file("summary.json"))
        do {
            try SyncSummary.validateSummaryPath(directory.file("nope/s.json"))
        } catch {
            #expect(error.description.contains("does not exist"))
        }
    }

    @Test func progressCountsEveryLineOfTheFileAndTheJSONLogNeverHoldsTheToken() async throws {
        let harness = try SyncHarness()
        let token = "pit-\(UUID().uuidString)-SECRET"
        var simulator = SimulatorConfiguration()
        simulator.token = token
        // A 429 holds every worker for the window's interval; a short window keeps the test short.
        simulator.rateLimit = SimulatorRateLimit(max: 1_000_000, interval: .milliseconds(200))
        // Faults so that retries and 429s are counted live too.
        simulator.faults = SimulatorFaults(serverError: 0.1, rateLimitBurst: 0.05)
        simulator.seed = 17
        let ids = ContactGenerator.ids(count: 40, seed: 9)
        let path = try harness.directory.write("ids.txt", lines: ["# comment", "  ", "\u{FEFF}x"] + ids + [ids[1], "bad/id"])
        #expect(IDReader.countIDLines(atPath: path) == ids.count + 3)
        #expect(IDReader.countIDLines(atPath: "-") == nil)
        #expect(IDReader.countIDLines(atPath: harness.directory.path) == nil)

        let collector = LineCollector()
        var logger = Logger(label: "ghl-to-sqlite") { JSONLogHandler(label: $0, write: collector.append) }
        logger.logLevel = .trace
        var configuration = SyncHarness.testConfiguration()
        // A tight budget so some fetchers wait on the limiter.
        configuration.rateLimit = RateLimitPolicy(maximum: 10, interval: .milliseconds(100))
        configuration.maximumAttempts = 12
        try await LeadConnectorSimulator.withRunning(simulator) { running in
            let transport = AsyncHTTPTransport(maximumConnections: 8, readTimeout: .seconds(5))
            let client = HighLevelClient(
                configuration: ClientConfiguration(baseURL: running.baseURL, timeout: .seconds(5)),
                token: try #require(AccessToken(token)), transport: transport
            )
            let progress = SyncProgress(total: IDReader.countIDLines(atPath: path))
            let job = SyncJob(configuration: configuration, client: client, store: harness.store, logger: logger, progress: progress)
            let summary = try await job.run(ids: try IDReader(path: path), resume: false)
            try await transport.shutdown()

            let snapshot = progress.snapshot()
            #expect(snapshot.done == snapshot.total, "every counted line is settled at the end")
            #expect(snapshot.counters.contactsSynced == summary.thisInvocation.contactsSynced)
            #expect(snapshot.fetched == snapshot.counters.contactsSynced, "everything fetched was committed")
            #expect(snapshot.counters.failures == summary.thisInvocation.failures)
            #expect(snapshot.counters.duplicateIDs == 1)
            #expect(snapshot.counters.requests == summary.thisInvocation.requests)
            #expect(snapshot.counters.retries == summary.thisInvocation.retries)
            #expect(snapshot.counters.rateLimited == summary.thisInvocation.rateLimited)
            #expect(snapshot.counters.retries > 0, "faults were injected and retried")
            #expect(snapshot.limiterWait > .zero, "40 requests at 10 per 100 ms wait on the limiter")

            logger.info("progress", metadata: ProgressRenderer.metadata(snapshot, elapsed: summary.elapsed))
            logger.notice("\(summary.line)")
            let objects = try collector.objects()
            #expect(objects.count >= 3, "sync started, progress, summary")
            #expect(objects.contains { $0["message"] as? String == "sync started" })
            #expect(!collector.all.joined().contains(token))
            #expect(!collector.all.joined().contains("SECRET"))
        }
    }
}
