package import ContactStore
package import ContactSync
import Foundation
package import GRDB
package import HighLevelAPI
package import LeadConnectorSimulator
import Logging

/// Runs real sync jobs against a real simulator over loopback HTTP, into a temporary database.
package struct SyncHarness {
    package let directory: TemporaryDirectory
    package let store: ContactStore

    package init() throws {
        directory = try TemporaryDirectory()
        store = try ContactStore(path: directory.file("contacts.sqlite"))
    }

    /// Reads the database synchronously (GRDB's async overload would be picked in async tests).
    package func read<T>(_ body: (Database) throws -> T) throws -> T {
        try store.database.read(body)
    }

    /// Quick retries so fault runs finish fast; everything else as in production.
    package static func testConfiguration() -> SyncConfiguration {
        var configuration = SyncConfiguration()
        configuration.concurrency = 8
        configuration.initialBackoff = .milliseconds(5)
        configuration.maximumBackoff = .milliseconds(50)
        configuration.rateLimit = RateLimitPolicy(maximum: 100_000, interval: .seconds(1))
        return configuration
    }

    package func job(
        baseURL: String, token: String = SimulatorConfiguration().token, configuration: SyncConfiguration = testConfiguration(),
        progress: SyncProgress = SyncProgress()
    ) -> (SyncJob, AsyncHTTPTransport) {
        let transport = AsyncHTTPTransport(maximumConnections: configuration.concurrency, readTimeout: .seconds(5))
        return (job(baseURL: baseURL, transport: transport, token: token, configuration: configuration, progress: progress), transport)
    }

    /// A job whose client sends its requests through `transport` (a fake, or a transport the caller shuts down).
    package func job(
        baseURL: String = "http://127.0.0.1:1", transport: any HTTPTransport, token: String = SimulatorConfiguration().token,
        configuration: SyncConfiguration = testConfiguration(), progress: SyncProgress = SyncProgress()
    ) -> SyncJob {
        let client = HighLevelClient(
            configuration: ClientConfiguration(baseURL: baseURL, timeout: .seconds(5)),
            token: AccessToken(token)!, transport: transport
        )
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return SyncJob(configuration: configuration, client: client, store: store, logger: logger, progress: progress)
    }

    /// Syncs `lines` (an id file's lines) and returns the summary.
    package func sync(
        _ lines: [String], against simulator: RunningSimulator, token: String = SimulatorConfiguration().token,
        configuration: SyncConfiguration = testConfiguration(), resume: Bool = false
    ) async throws -> SyncSummary {
        let path = try directory.write("ids-\(UUID().uuidString).txt", lines: lines)
        return try await sync(idsAt: path, against: simulator, token: token, configuration: configuration, resume: resume)
    }

    /// Syncs the id file at `path` as `sync --ids PATH` does: the file is opened before the job starts, so a file
    /// that cannot be read throws ``IDReaderError`` before any run is recorded or any request is sent.
    package func sync(
        idsAt path: String, against simulator: RunningSimulator, token: String = SimulatorConfiguration().token,
        configuration: SyncConfiguration = testConfiguration(), resume: Bool = false
    ) async throws -> SyncSummary {
        let reader = try IDReader(path: path)
        let (job, transport) = job(baseURL: simulator.baseURL, token: token, configuration: configuration)
        let summary: SyncSummary
        do {
            summary = try await job.run(ids: reader, resume: resume)
        } catch {
            try await transport.shutdown()
            throw error
        }
        try await transport.shutdown()
        return summary
    }

    /// Contacts committed by any run (synchronous, so GRDB's blocking read is the overload chosen).
    package static func committedCount(_ store: ContactStore) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_run_contacts") ?? 0 }
    }

    /// Like ``sync(_:against:token:configuration:resume:)`` but cancels the job, as SIGINT does, once it has
    /// committed at least `committed` contacts (polled, so a slow machine changes when, not whether).
    package func syncInterrupted(
        _ lines: [String], against simulator: RunningSimulator, afterCommitting committed: Int,
        configuration: SyncConfiguration = testConfiguration()
    ) async throws -> SyncSummary {
        let (job, transport) = job(baseURL: simulator.baseURL, configuration: configuration)
        let reader = try IDReader(path: try directory.write("ids-\(UUID().uuidString).txt", lines: lines))
        let summary = try await withThrowingTaskGroup(of: SyncSummary?.self) { group in
            group.addTask { try await job.run(ids: reader, resume: false) }
            group.addTask { [store] in
                while try Self.committedCount(store) < committed {
                    try await Task.sleep(for: .milliseconds(5))
                }
                return nil
            }
            var result: SyncSummary?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                } else {
                    group.cancelAll()
                }
            }
            return result
        }
        try await transport.shutdown()
        guard let summary else { throw CancellationError() }
        return summary
    }
}

extension ContactStore {
    /// The ids a run has stored, as a set (tests read small runs).
    package func storedContactIDs(runID: Int64) throws -> Set<String> {
        var ids = Set<String>()
        try forEachStoredContactID(runID: runID) { ids.insert($0) }
        return ids
    }
}
