import ContactStore
import Foundation
import GRDB
import HighLevelAPI
import LeadConnectorSimulator
import Logging
import LosslessJSON
import TestSupport
import Testing

/// A 200 body far over ``ClientConfiguration/maximumBodyBytes`` (8 MiB), end to end over loopback HTTP: the
/// transport stops reading at the cap, the id becomes a `too_large` failure without a retry, and the others sync.
@Suite struct OversizeResponseTests {
    static let ids = Array(ContactGenerator.ids(count: 40, seed: 31).filter(ContactGenerator.exists).prefix(24))

    static var quietLogger: Logger {
        var logger = Logger(label: "simulator")
        logger.logLevel = .critical
        return logger
    }

    static func simulator(oversize id: String, bytes: Int, announcesLength: Bool) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.rateLimit = nil
        configuration.oversizeBodyIDs = [id]
        configuration.oversizeBodyBytes = bytes
        configuration.oversizeBodyAnnouncesLength = announcesLength
        return configuration
    }

    /// With `Content-Length` the cap is hit from the header; chunked, only after reading 8 MiB of the body.
    @Test(arguments: [true, false])
    func aTwentyMebibyteBodyIsRefusedAtTheCapAndTheOthersAreStored(announcesLength: Bool) async throws {
        let harness = try SyncHarness()
        let oversize = Self.ids[5]
        let others = Self.ids.filter { $0 != oversize }
        let simulator = Self.simulator(oversize: oversize, bytes: 20 << 20, announcesLength: announcesLength)
        try await LeadConnectorSimulator.withRunning(simulator, logger: Self.quietLogger) { running in
            let summary = try await harness.sync(Self.ids, against: running)
            #expect(summary.status == .partial)
            #expect(summary.exitCode == 1)
            #expect(summary.run.contactsSynced == others.count)
            #expect(summary.run.failures == 1)
            #expect(running.log.hits(for: oversize) == 1, "a body over the cap is not retried")

            try harness.read { db throws in
                let failures = try Row.fetchAll(
                    db, sql: "SELECT * FROM sync_failures WHERE run_id = ?", arguments: [summary.runID])
                #expect(failures.count == 1)
                let failure = try #require(failures.first)
                #expect(failure["contact_id"] as String == oversize)
                #expect(failure["reason"] as String == "too_large")
                let limit = ClientConfiguration().maximumBodyBytes
                #expect(failure["message"] as String == "response body larger than \(limit) bytes")
                #expect(failure["attempts"] as Int == 1)
                #expect(failure["line_number"] as Int == 6)
                #expect(try String.fetchSet(db, sql: "SELECT id FROM contacts") == Set(others))
                for id in others { try ContactOracle.verify(id: id, in: db) }
            }
        }
    }

    /// The control: the same padded body under the cap is an ordinary contact, stored whole.
    @Test func aPaddedBodyUnderTheCapIsStoredWhole() async throws {
        let harness = try SyncHarness()
        let padded = Self.ids[2]
        let simulator = Self.simulator(oversize: padded, bytes: 1 << 20, announcesLength: false)
        try await LeadConnectorSimulator.withRunning(simulator, logger: Self.quietLogger) { running in
            let summary = try await harness.sync(Self.ids, against: running)
            #expect(summary.status == .succeeded)
            #expect(summary.run.contactsSynced == Self.ids.count)
            let raw = try #require(try harness.read { db in
                try Data.fetchOne(db, sql: "SELECT CAST(raw_json AS BLOB) FROM contacts WHERE id = ?", arguments: [padded])
            })
            let contact = ContactGenerator.contactJSON(id: padded)
            let head = Array((contact.dropLast() + #","oversizePadding":""#).utf8)
            let tail = Array(#""}"#.utf8)
            #expect(raw.count > (1 << 20) - 100)
            #expect(raw.starts(with: head))
            #expect(raw.suffix(tail.count).elementsEqual(tail))
            #expect(raw.dropFirst(head.count).dropLast(tail.count).allSatisfy { $0 == UInt8(ascii: "x") })
        }
    }
}
