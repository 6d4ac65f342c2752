import ContactStore
import ContactSync
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import Logging
import Synchronization
import TestSupport
import Testing

/// When the API as a whole fails, the run waits for it instead of spending each id's attempts: an outage of
/// tens of seconds costs no id; one that outlasts the timeout ends the run, resumable, with nothing recorded
/// as failed. One id that keeps failing while others succeed is still that id's failure.
struct OutageTests {
    static func simulator(contacts: Int) -> SimulatorConfiguration {
        var configuration = LocationSearchTests.simulator(contacts: contacts)
        configuration.latency = .milliseconds(10)
        return configuration
    }

    static func failureCount(_ harness: SyncHarness) throws -> Int {
        try harness.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_failures") ?? -1 }
    }

    @Test(arguments: [(SimulatorOutage.unavailable, 30), (SimulatorOutage.closeConnections, 8)])
    func anOutageMidRunCostsNoID(mode: SimulatorOutage, seconds: Int) async throws {
        let harness = try SyncHarness()
        var configuration = Self.simulator(contacts: 600)
        configuration.outageAfterRequests = 150
        configuration.outageMode = mode
        configuration.outageDuration = .seconds(Int64(seconds))
        try await LeadConnectorSimulator.withRunning(configuration) { simulator in
            var sync = SyncHarness.testConfiguration()
            sync.outageTimeout = .seconds(120)
            let progress = SyncProgress()
            let sawWaiting = Flag()
            let (job, transport) = harness.job(baseURL: simulator.baseURL, configuration: sync, progress: progress)
            let summary = try await withThrowingTaskGroup(of: SyncSummary?.self) { group in
                group.addTask { try await job.run(source: .location(LocationSearch(locationID: LocationSearchTests.location)), resume: false) }
                group.addTask {
                    while !Task.isCancelled {
                        if progress.snapshot().waitingForAPISince != nil { sawWaiting.set() }
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                    return nil
                }
                let result = try await group.next() ?? nil
                group.cancelAll()
                return result
            }
            try await transport.shutdown()
            let finished = try #require(summary)
            #expect(finished.status == .succeeded, "\(finished.status) \(finished.message ?? "")")
            #expect(finished.exitCode == 0)
            #expect(finished.run.contactsSynced == 600)
            #expect(try Self.failureCount(harness) == 0)
            #expect(sawWaiting.isSet, "progress said the run was waiting for the API")
            #expect(progress.snapshot().waitingForAPISince == nil, "and that it stopped waiting")
            let failed = simulator.log.statusCounts()[mode == .unavailable ? 503 : 0, default: 0]
            #expect(failed > 0 && failed < 150, "held and probed, not retried per id (\(failed) failed requests)")
        }
    }

    @Test func anUnreachableAPIEndsTheRunWithinTheTimeoutAndResumeCompletesIt() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.locationContactIDs(count: 120)
        var sync = SyncHarness.testConfiguration()
        sync.outageTimeout = .seconds(3)
        let closedPort = try ClosedPort.find()
        let started = ContinuousClock.now
        let (job, transport) = harness.job(baseURL: "http://127.0.0.1:\(closedPort)", configuration: sync)
        let path = try harness.directory.write("ids.txt", lines: ids)
        let aborted = try await job.run(ids: try IDReader(path: path), resume: false)
        try await transport.shutdown()
        #expect(started.duration(to: .now) < .seconds(30), "ends soon after the 3 s timeout, not after every id's retries")
        #expect(aborted.status == .aborted)
        #expect(aborted.exitCode == 3)
        #expect(aborted.message?.contains("did not answer") == true, "\(aborted.message ?? "")")
        #expect(aborted.message?.contains("--resume") == true)
        #expect(try Self.failureCount(harness) == 0, "an outage is not the ids' fault")
        #expect(aborted.run.contactsSynced == 0)

        try await LeadConnectorSimulator.withRunning(Self.simulator(contacts: 120)) { simulator in
            let resumed = try await harness.sync(idsAt: path, against: simulator, resume: true)
            #expect(resumed.runID == aborted.runID)
            #expect(resumed.status == .succeeded)
            #expect(resumed.run.contactsSynced == 120)
            #expect(try Self.failureCount(harness) == 0)
        }
    }

    @Test func oneIDThatKeepsFailingWhileOthersSucceedIsThatIDsFailure() async throws {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 60, seed: 8).filter(ContactGenerator.exists)
        let broken = ids[7]
        let transport = BrokenIDTransport(broken: broken)
        var configuration = SyncHarness.testConfiguration()
        configuration.concurrency = 1
        let progress = SyncProgress()
        let job = harness.job(transport: transport, configuration: configuration, progress: progress)
        let summary = try await job.run(ids: try IDReader(path: try harness.directory.write("ids.txt", lines: ids)), resume: false)
        #expect(summary.status == .partial)
        #expect(summary.run.contactsSynced == ids.count - 1)
        let reasons = try harness.read { db in try String.fetchAll(db, sql: "SELECT reason FROM sync_failures WHERE contact_id = ?", arguments: [broken]) }
        #expect(reasons == ["retries_exhausted"])
        #expect(transport.requests(for: broken) == configuration.maximumAttempts)
    }
}

/// A loopback port nothing listens on.
enum ClosedPort {
    static func find() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Answers every contact with the generator's body, except `broken`, which always gets a 503.
final class BrokenIDTransport: HTTPTransport {
    private let broken: String
    private let counts = Mutex<[String: Int]>([:])

    init(broken: String) {
        self.broken = broken
    }

    func requests(for id: String) -> Int { counts.withLock { $0[id, default: 0] } }

    func get(
        url: String, headers: [(name: String, value: String)], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        let id = url.split(separator: "/").last.map(String.init) ?? ""
        counts.withLock { $0[id, default: 0] += 1 }
        if id == broken { return HTTPResponse(status: 503, headers: [], body: Array(#"{"statusCode":503}"#.utf8)) }
        guard let body = ContactGenerator.responseBody(id: id) else { throw .connectionFailed("no contact \(id)") }
        return HTTPResponse(status: 200, headers: [], body: Array(body.utf8))
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
