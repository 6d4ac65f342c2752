import ContactStore
import ContactSync
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import Logging
import LosslessJSON
import Synchronization
import TestSupport
import Testing

/// The last batch of an id list is committed as results arrive, not when the batch fills or the flush
/// interval passes: once the last response is in, little is left to write.
struct EndOfListCommitTests {
    /// Once the list is used up, what is pending is committed while the last request is still out.
    @Test func resultsAreCommittedOnceTheListIsUsedUp() async throws {
        let stored = try await storedWhileOneIsHeld(heldLine: 12, concurrency: 4, knownTotal: nil, batchSize: 500)
        #expect(stored == 11)
    }

    /// With the list's length known, the last batch of lines is committed in tenths of a batch before the list
    /// is used up: with one request in flight, line 12 waits for the held line 11, and lines 1-10 are
    /// committed meanwhile (a batch of 10 makes a tenth one contact; the end is near from line 3 on).
    @Test func resultsAreCommittedWhenTheKnownTotalSaysTheEndIsNear() async throws {
        let stored = try await storedWhileOneIsHeld(heldLine: 11, concurrency: 1, knownTotal: 12, batchSize: 10)
        #expect(stored == 10)
    }

    /// Syncs twelve existing ids, holding the answer for `heldLine` until the others are committed (or 30 s
    /// pass); returns how many contacts were stored while it was held. Neither a full batch nor the flush
    /// interval can commit anything here. Checks the finished run holds all twelve.
    private func storedWhileOneIsHeld(heldLine: Int, concurrency: Int, knownTotal: Int?, batchSize: Int) async throws -> Int {
        let harness = try SyncHarness()
        let ids = ContactGenerator.ids(count: 40).filter(ContactGenerator.exists).prefix(12).map { $0 }
        try #require(ids.count == 12)
        let transport = HoldingTransport(heldID: ids[heldLine - 1])
        var configuration = SyncHarness.testConfiguration()
        configuration.concurrency = concurrency
        configuration.batchSize = batchSize
        configuration.flushInterval = .seconds(3600)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let client = HighLevelClient(
            configuration: ClientConfiguration(baseURL: "http://127.0.0.1:1", timeout: .seconds(5)),
            token: AccessToken(SimulatorConfiguration().token)!, transport: transport
        )
        let job = SyncJob(
            configuration: configuration, client: client, store: harness.store, logger: logger,
            progress: SyncProgress(total: knownTotal)
        )
        let reader = try IDReader(path: try harness.directory.write("ids.txt", lines: ids))

        async let summary = job.run(ids: reader, resume: false)
        let expected = heldLine - 1
        var storedWhileHeld = 0
        for _ in 0..<3000 {
            storedWhileHeld = try harness.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM contacts") ?? 0 }
            if storedWhileHeld >= expected { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        transport.release()
        let finished = try await summary

        #expect(finished.status == .succeeded)
        let stored = try harness.read { try String.fetchSet($0, sql: "SELECT id FROM contacts") }
        #expect(stored == Set(ids))
        return storedWhileHeld
    }
}

/// Answers every id with the generator's contact at once, except `heldID`, whose answer waits for ``release()``.
final class HoldingTransport: HTTPTransport {
    private struct Gate {
        var released = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let heldID: String
    private let gate = Mutex(Gate())

    init(heldID: String) {
        self.heldID = heldID
    }

    func release() {
        let waiter = gate.withLock { gate in
            gate.released = true
            defer { gate.waiter = nil }
            return gate.waiter
        }
        waiter?.resume()
    }

    func get(
        url: String, headers: [(name: String, value: String)], timeout: Duration, maximumBodyBytes: Int
    ) async throws(TransportError) -> HTTPResponse {
        let id = url.split(separator: "/").last.map(String.init) ?? ""
        if id == heldID {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let releasedAlready = gate.withLock { gate in
                    if gate.released { return true }
                    gate.waiter = waiter
                    return false
                }
                if releasedAlready { waiter.resume() }
            }
        }
        guard let body = ContactGenerator.responseBody(id: id) else {
            Issue.record("unexpected request for \(url)")
            throw .connectionFailed("no contact for \(url)")
        }
        return HTTPResponse(status: 200, headers: [], body: Array(body.utf8))
    }
}
